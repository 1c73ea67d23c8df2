// Every number report.html prints is a <data value="…" data-path="…"> (or data-derived)
// element: its exact value must be the one at that path of report.json, and the printed
// text must be that value at the printed precision.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cumulativeRowShares } from "../../src/report/charts/gains-chart.js";
import { type BankReport, bankReport } from "./bank-report.js";
import { type Printed, atPath, printedFigures, readBack } from "./printed-figures.js";

/** Figures the page derives from report.json, recomputed here independently. */
function derivedValue(b: BankReport, name: string): number {
  const c = b.json.threshold.confusion;
  const [kind, index] = name.split(".");
  switch (kind) {
    case "flaggedShare":
      return (c.tp + c.fp) / (c.tp + c.fp + c.tn + c.fn);
    case "oneIn":
      return (c.tp + c.fp) / c.tp;
    case "cumulativeRowShare":
      return cumulativeRowShares(b.json.lift)[Number(index)] as number;
    case "gradeShare": {
      const rows = b.json.gradeSummary.map((g) => g.rows);
      return (rows[Number(index)] as number) / rows.reduce((s, r) => s + r, 0);
    }
    default:
      throw new Error(`unknown derived figure '${name}'`);
  }
}

describe("report.html figures against report.json (bank marketing)", () => {
  let b: BankReport;
  let figures: Printed[];
  before(async () => {
    b = await bankReport();
    figures = printedFigures(b.html);
  });

  it("prints hundreds of figures, each traced to report.json", () => {
    assert.ok(figures.length > 300, `${figures.length} figures`);
    for (const f of figures) assert.ok(f.path !== undefined || f.derived !== undefined, `a figure without a source: ${f.text}`);
  });

  it("holds in each <data> element exactly the number at its report.json path", () => {
    for (const f of figures.filter((x) => x.path !== undefined)) {
      const expected = atPath(b.json, f.path as string);
      assert.equal(typeof expected, "number", `report.json has no number at ${f.path}`);
      assert.equal(f.value, expected, f.path);
    }
  });

  it("prints each figure as its value at the printed precision", () => {
    for (const f of figures) {
      const printed = readBack(f.text);
      assert.ok(Math.abs(printed.value - f.value) <= printed.tolerance, `${f.path ?? f.derived}: printed '${f.text}' for ${f.value}`);
    }
  });

  it("derives the business figures from report.json correctly", () => {
    const derived = figures.filter((x) => x.derived !== undefined);
    assert.ok(derived.some((f) => f.derived === "flaggedShare"));
    for (const f of derived) {
      const expected = derivedValue(b, f.derived as string);
      assert.ok(Math.abs(f.value - expected) <= 1e-12, `${f.derived}: ${f.value} != ${expected}`);
    }
  });

  it("prints the headline figures of every part of report.json", () => {
    const paths = new Set(figures.map((f) => f.path));
    const expected = [
      "dataset.rows",
      "dataset.positives",
      "dataset.positiveRate",
      "cv.metrics.auc.mean",
      "cv.metrics.auc.std",
      "aucInterval.low",
      "aucInterval.high",
      "threshold.value",
      "threshold.precision",
      "threshold.recall",
      "threshold.f1",
      "threshold.accuracy",
      "threshold.confusion.tp",
      "threshold.confusion.fp",
      "threshold.confusion.tn",
      "threshold.confusion.fn",
      "calibration.ece",
      "calibrationBefore.ece",
      "leaderboard.0.metrics.auc.mean",
      "leaderboard.1.metrics.auc.mean",
      "importance.0.value",
      "importance.0.meanAbsContribution",
      "gradeSummary.0.rate",
      "contributions.columns.0.meanAbsLogOdds",
    ];
    for (const p of expected) assert.ok(paths.has(p), `report.html does not print ${p}`);
    for (const metric of Object.keys(b.json.cv?.metrics ?? {})) assert.ok(paths.has(`cv.metrics.${metric}.mean`), metric);
    for (let d = 0; d < 10; d++) for (const field of ["rows", "positives", "rate", "lift", "cumulativeGain"]) assert.ok(paths.has(`lift.${d}.${field}`), `lift.${d}.${field}`);
    b.json.calibration.bins.forEach((_, i) => assert.ok(paths.has(`calibration.bins.${i}.observedRate`), `calibration bin ${i}`));
    b.json.importance.forEach((_, i) => assert.ok(paths.has(`importance.${i}.value`), `importance ${i}`));
  });

  it("prints the same score distribution counts as report.json holds, bin for bin", () => {
    const d = b.json.scoreDistribution;
    const printed = new Map(figures.filter((f) => f.path?.startsWith("scoreDistribution.")).map((f) => [f.path, f.value]));
    d.positives.forEach((count, k) => {
      if (count + (d.negatives[k] as number) === 0) return;
      assert.equal(printed.get(`scoreDistribution.positives.${k}`), count);
      assert.equal(printed.get(`scoreDistribution.negatives.${k}`), d.negatives[k]);
    });
  });

  it("states the threshold in business terms, matching the confusion matrix", () => {
    const c = b.json.threshold.confusion;
    const flagged = Math.round((100 * (c.tp + c.fp)) / (c.tp + c.fp + c.tn + c.fn));
    const reached = Math.round((100 * c.tp) / (c.tp + c.fn));
    const text = b.html.replace(/<[^>]+>/g, "");
    assert.ok(text.includes(`Call the top ${flagged} % of rows by score to reach ${reached} % of all positives (y = yes)`), "business sentence");
  });
});
