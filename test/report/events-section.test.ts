// The "Behavioural events" section of report.html, for a model trained on the bundled
// synthetic leads and their events (the quickstart's second example, 2 folds to stay fast):
// present only with events, a drawn bar chart of the event columns with its table, and
// every printed figure equal to the number at its report.json path.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { train } from "../../src/index.js";
import { renderTrainReport } from "../../src/report/report-html.js";
import type { TrainReport } from "../../src/report/report-types.js";
import { writeTrainingOutputs } from "../../src/report/write-training-outputs.js";
import { ROOT, tempDir } from "../cli/run-cli.js";
import { assertChartDrawn, chartIds, chartMarkup, sectionIds } from "./chart-markup.js";
import { type Printed, assertFiguresMatch, printedFigures } from "./printed-figures.js";

const LEADS = join(ROOT, "examples", "synthetic-leads.csv");
const EVENTS = join(ROOT, "examples", "synthetic-events.csv");

function sectionHtml(html: string, id: string): string {
  const found = new RegExp(`<section [^>]*data-section="${id}"[\\s\\S]*?</section>`).exec(html)?.[0];
  assert.ok(found !== undefined, `no section '${id}'`);
  return found;
}

describe("report.html: behavioural events section", () => {
  let json: TrainReport & { events: NonNullable<TrainReport["events"]> };
  let html: string;
  let events: string;
  let figures: Printed[];
  before(async () => {
    const result = await train(LEADS, { target: "converted", folds: 2, seed: 42, events: { file: EVENTS, asOf: "snapshot_at" } });
    const dir = tempDir();
    const paths = writeTrainingOutputs(result, dir);
    html = readFileSync(paths.html, "utf8");
    json = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    events = sectionHtml(html, "events");
    figures = printedFigures(events);
  });

  it("places the section after the drivers, listed in the contents", () => {
    const ids = sectionIds(html);
    assert.equal(ids.indexOf("events"), ids.indexOf("drivers") + 1);
    assert.match(html, /<a href="#events">Behavioural events<\/a>/);
  });

  it("draws the event columns' bar chart with named axes and a table of every event column", () => {
    assert.ok(chartIds(events).includes("event-columns"));
    const chart = chartMarkup(events, "event-columns");
    assertChartDrawn(chart, { categoryY: true });
    assert.equal(chart.xAxis, "Mean |contribution| (log-odds)");
    assert.equal(chart.yAxis, "Event column");
    assert.match(chart.html, /<svg [^>]*role="img"/);
    const eventColumns = new Set(json.events.columns);
    const used = json.importance.filter((r) => eventColumns.has(r.feature));
    assert.ok(used.length > 5, `${used.length} event columns in importance`);
    assert.equal(chart.tableRows, used.length);
    // The largest bar is the event column with the largest mean |contribution|, drawn as a category label.
    const largest = used.reduce((a, b) => (b.meanAbsContribution > a.meanAbsContribution ? b : a));
    assert.ok(chart.texts.includes(largest.feature), `${largest.feature} is not drawn`);
    // No lead-table column appears among the bars.
    for (const r of json.importance.filter((x) => !eventColumns.has(x.feature))) assert.ok(!chart.texts.includes(r.feature), `${r.feature} drawn as an event column`);
  });

  it("prints every figure as the number at its report.json path", () => {
    assert.ok(figures.length > 30, `${figures.length} figures`);
    for (const f of figures) assert.ok(f.path !== undefined, `a figure without a path: ${f.text}`);
    assertFiguresMatch(figures, json);
  });

  it("states what was aggregated and the fit / engagement split", () => {
    const paths = new Set(figures.map((f) => f.path));
    for (const p of [
      "events.eventsInFile",
      "events.eventsUsed",
      "events.leadsWithEvents",
      "events.halfLifeDays",
      "events.sessionGapMinutes",
      "events.fit.shareOfContribution",
      "events.engagement.shareOfContribution",
      "events.fit.aucOnTrainingRows",
      "events.engagement.aucOnTrainingRows",
    ]) {
      assert.ok(paths.has(p), `the section does not print ${p}`);
    }
    json.events.windowsDays.forEach((_, i) => assert.ok(paths.has(`events.windowsDays.${i}`), `window ${i}`));
    json.events.types.forEach((_, i) => assert.ok(paths.has(`events.types.${i}.events`), `type ${i}`));
    const text = events.replace(/<[^>]+>/g, "").replaceAll("&#39;", "'");
    assert.ok(text.includes("each lead's 'snapshot_at'"), "the as-of rule");
    for (const t of json.events.types) assert.ok(text.includes(t.type), t.type);
    // The two shares are of the same whole, and the data are built so that behaviour dominates.
    assert.ok(Math.abs(json.events.fit.shareOfContribution + json.events.engagement.shareOfContribution - 1) < 1e-9);
    assert.ok(json.events.engagement.shareOfContribution > 0.5, `engagement share ${json.events.engagement.shareOfContribution}`);
    assert.ok(json.events.eventsUsed < json.events.eventsInFile, "events after the as-of time are left out");
  });

  it("is absent from a report without events", () => {
    const { events: _dropped, ...withoutEvents } = json;
    const page = renderTrainReport(withoutEvents, "2024-01-01");
    assert.ok(!sectionIds(page).includes("events"));
    assert.ok(!chartIds(page).includes("event-columns"));
  });
});
