// Fit and engagement sub-scores: a hand-checked split, then on a trained model every scored
// row's halves add up to its combined log-odds, and each half's reasons name its own columns.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateLeadEvents, tableCsv } from "../../bench/generator/synthetic-events.js";
import { train } from "../../src/index.js";
import { ScoringEvents } from "../../src/score/event-scoring.js";
import { modelFromFile } from "../../src/score/loaded-model.js";
import { explainFrame } from "../../src/score/score-frame.js";
import { toFrame } from "../../src/data/to-frame.js";
import { outputHeader, recordCells, scoreTable } from "../../src/score/score-table.js";
import { engagementMask, splitLogOdds, subScoreOf } from "../../src/score/sub-scores.js";
import type { Column } from "../../src/core/frame.js";
import { buildEventSpec } from "../../src/events/event-spec.js";
import type { ReasonContext } from "../../src/explain/reasons.js";
import { mergedTopReasons } from "../../src/score/merged-reasons.js";
import { eventReasonTemplates } from "../../src/train/event-reason-templates.js";
import { tempDir } from "./helpers.js";

test("a hand-checked split: fit and engagement effects add up to the combined log-odds", () => {
  // Base −1; lead-table effects +0.5 and −0.2; one event column +1.2.
  const mask = engagementMask(["employees", "industry", "events_pricing_visits_7d"], new Set(["events_pricing_visits_7d"]));
  assert.deepEqual(Array.from(mask), [0, 0, 1]);
  const split = splitLogOdds(Float64Array.of(0.5, -0.2, 1.2), -1, mask);
  assert.ok(Math.abs(split.fit - -0.7) < 1e-12); // −1 + 0.5 − 0.2
  assert.ok(Math.abs(split.engagement - 0.2) < 1e-12); // −1 + 1.2
  assert.ok(Math.abs(split.fit + split.engagement - -1 - 0.5) < 1e-12); // combined: −1 + 1.5
  // σ(−0.7) = 0.3318, σ(0.2) = 0.5498, σ(0.5) = 0.6225.
  assert.equal(subScoreOf(split.fit), 33);
  assert.equal(subScoreOf(split.engagement), 55);
  assert.equal(subScoreOf(0.5), 62);
});

test("scored rows: fit + engagement − base = the combined log-odds, reasons split by column, columns in the CSV", async () => {
  const data = generateLeadEvents({ leads: 1500, seed: 21 });
  const file = join(tempDir(), "events.csv");
  writeFileSync(file, tableCsv(data.events));
  const result = await train(data.leads, {
    target: "converted",
    model: "gbdt",
    folds: 2,
    seed: 3,
    params: { trees: "60", maxLeaves: "8" },
    events: { file, asOf: "snapshot_at" },
  });
  const model = modelFromFile(result.model);
  const eventColumns = new Set(result.model.events?.columns.map((c) => c.name));
  const events = await ScoringEvents.open(result.model, { file });
  assert.ok(events);
  const table = await events.apply(data.leads);
  events.close();
  const records = scoreTable(model, table, 1, { explain: 3, adverseAction: false });
  const { base } = explainFrame(model, toFrame(table, result.model.schema));
  let engagementWins = 0;
  for (const record of records) {
    const sub = record.subScores;
    assert.ok(sub);
    const combined = Math.log(record.probability / (1 - record.probability));
    assert.ok(Math.abs(sub.fit.logOdds + sub.engagement.logOdds - base - combined) < 1e-9, `${record.id}`);
    assert.equal(sub.fit.score, Math.round(100 / (1 + Math.exp(-sub.fit.logOdds))));
    for (const reason of sub.fit.reasons) assert.ok(!eventColumns.has(reason.column), reason.column);
    for (const reason of sub.engagement.reasons) assert.ok(eventColumns.has(reason.column), reason.column);
    if (sub.engagement.score > sub.fit.score) engagementWins++;
    // One fact stated by several event columns ("No activity in the last 90 days") is one reason.
    const facts = [...record.reasons, ...sub.engagement.reasons].map((x) => x.text.replace(/ — (raises|lowers) the score$/, ""));
    assert.equal(new Set(sub.engagement.reasons.map((x) => x.text.replace(/ — (raises|lowers) the score$/, ""))).size, sub.engagement.reasons.length, facts.join(" | "));
    assert.equal(new Set(record.reasons.map((x) => x.text.replace(/ — (raises|lowers) the score$/, ""))).size, record.reasons.length, facts.join(" | "));
  }
  assert.ok(engagementWins > 0 && engagementWins < records.length);
  // The reasons read as sentences about behaviour, not column names.
  const texts = records.flatMap((r) => r.subScores?.engagement.reasons.map((x) => x.text) ?? []);
  assert.ok(texts.every((t) => !t.includes("events_")), texts.find((t) => t.includes("events_")));
  assert.ok(texts.some((t) => /^(Viewed the pricing page|Opened|Last activity|Did not view|Last viewed|Viewed)/.test(t)), texts.slice(0, 5).join(" | "));
  const header = outputHeader(model, true, { explain: 3, adverseAction: false });
  assert.deepEqual(header.slice(-8), ["fit_score", "engagement_score", "fit_reason_1", "fit_reason_2", "fit_reason_3", "engagement_reason_1", "engagement_reason_2", "engagement_reason_3"]);
  assert.equal(recordCells(records[0] as (typeof records)[number], 3).length, header.length);
});

test("event columns stating one fact are one reason, their effects summed", () => {
  const spec = buildEventSpec(["page_view"], 14, { rule: "latest-event" });
  const templates = { population: "leads", columns: eventReasonTemplates(spec) };
  const names = ["events_any_30d", "events_active_days_30d", "events_page_view_7d", "employees"];
  const values = [0, 0, 2, 120];
  const frameColumns = new Map<string, Column>(names.map((name, i) => [name, { kind: "numeric", name, values: Float64Array.of(values[i] as number) }]));
  const context: ReasonContext = { columns: names, frameColumns, profiles: new Map(), templates };
  // No activity in 30 days, stated twice: +0.5 and −0.2 log-odds; 2 page views: −0.4; employees +0.1.
  const row = { row: 0, effects: Float64Array.of(0.5, -0.2, -0.4, 0.1), base: -1, logOdds: -1 };
  const merged = mergedTopReasons(context, row, 4);
  assert.deepEqual(
    merged.map((r) => r.text),
    ["Viewed 2 pages in the last 7 days — lowers the score", "No activity in the last 30 days — raises the score", "employees is 120 — raises the score"],
  );
  // logOdds equals base here, so points are effect · 100 · p(1 − p) with p = σ(−1).
  const p = 1 / (1 + Math.exp(1));
  assert.ok(Math.abs((merged[1]?.points ?? 0) - 0.3 * 100 * p * (1 - p)) < 1e-9);
  assert.ok(Math.abs((merged[1]?.logOdds ?? 0) - 0.3) < 1e-12);
  assert.equal(merged[1]?.column, "events_any_30d", "named after the stronger of the two");
});
