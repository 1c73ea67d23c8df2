// The drift page: PSI of every input as bars coloured by band with the 0.1 and 0.25 limits
// drawn, the training-against-now distribution of the score and of the inputs that moved
// most, each a drawn SVG with named axes and a table fallback, and every printed figure
// equal to the drift result it came from (the `drift --json` document).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { DriftReport } from "../../src/audit/drift.js";
import { psi } from "../../src/evaluate/psi.js";
import { BAND_COLORS } from "../../src/report/charts/psi-chart.js";
import { type AuditPage, DRIFT_CHARTS, DRIFT_SECTIONS, driftPageOfLeads } from "./audit-pages.js";
import { assertChartDrawn, chartIds, chartMarkup, sectionIds } from "./chart-markup.js";
import { assertFiguresMatch, printedFigures } from "./printed-figures.js";

describe("the drift page (a lead model against a batch with three inputs drifted)", () => {
  let p: AuditPage<DriftReport>;
  before(async () => {
    p = await driftPageOfLeads();
  });

  it("draws PSI by column, the score's bins and the six most drifted inputs' bins, each with a table", () => {
    assert.deepEqual(sectionIds(p.html), [...DRIFT_SECTIONS]);
    assert.deepEqual(chartIds(p.html), [...DRIFT_CHARTS]);
    for (const id of DRIFT_CHARTS) assertChartDrawn(chartMarkup(p.html, id), { categoryY: true });
  });

  it("colours each PSI bar by its band and marks the 0.1 and 0.25 limits", () => {
    const psiChart = chartMarkup(p.html, "drift-psi");
    for (const band of ["stable", "watch", "act"]) assert.ok(psiChart.texts.includes(band), `no legend entry '${band}'`);
    assert.ok(psiChart.texts.includes("watch from 0.1") && psiChart.texts.includes("act above 0.25"), psiChart.texts.join(" | "));
    // One filled bar per column in its band's colour (legend swatches aside).
    const bars = (color: string) => [...psiChart.html.matchAll(new RegExp(`<path d="M[^"]*"[^>]*fill="${color}"`, "gi"))].length;
    const count = (band: string) => p.report.columns.filter((c) => c.band === band).length;
    assert.ok(count("act") > 0 && count("stable") > 0);
    assert.ok(bars(BAND_COLORS.act) >= count("act"), `${bars(BAND_COLORS.act)} red marks for ${count("act")} columns in act`);
    assert.ok(bars(BAND_COLORS.stable) >= count("stable"));
    // Every column is labelled on the axis, highest PSI first.
    const ranked = [...p.report.columns].sort((a, b) => b.psi - a.psi).map((c) => c.column);
    const labels = psiChart.texts.filter((t) => ranked.includes(t));
    assert.deepEqual(labels, ranked);
  });

  it("overlays the inputs with the highest PSI, the drifted ones first", () => {
    const ranked = [...p.report.columns].sort((a, b) => b.psi - a.psi);
    ranked.slice(0, 6).forEach((c, k) => {
      const chart = chartMarkup(p.html, `drift-bins-${k + 1}`);
      assert.ok(chart.texts.includes(`${c.column}: training against now`), `drift-bins-${k + 1} is not ${c.column}`);
      // Both sides of each drawn bin, and the legend.
      assert.ok(chart.texts.includes("Training") && chart.texts.includes("New data"));
    });
    const act = p.report.columns.filter((c) => c.band === "act").map((c) => c.column);
    const drawn = ranked.slice(0, act.length).map((c) => c.column);
    assert.deepEqual([...drawn].sort(), [...act].sort());
  });

  it("prints every figure as the JSON holds it: PSI of each column, bin shares, estimated and real AUC", () => {
    const figures = printedFigures(p.html);
    assertFiguresMatch(figures, p.json);
    const paths = new Set(figures.map((f) => f.path));
    for (const path of ["score.psi", "estimatedAuc", "estimatedAucRange.low", "estimatedAucRange.high", "actual.auc", "score.bins.0.expected", "score.bins.0.actual"]) assert.ok(paths.has(path), `${path} is not printed`);
    p.report.columns.forEach((c, i) => assert.ok(paths.has(`columns.${i}.psi`), `the PSI of ${c.column} is not printed`));
    const top = p.report.columns.indexOf([...p.report.columns].sort((a, b) => b.psi - a.psi)[0] as DriftReport["columns"][number]);
    p.report.columns[top]?.bins.forEach((_, b) => assert.ok(paths.has(`columns.${top}.bins.${b}.actual`)));
  });

  it("draws bin shares whose PSI is the column's PSI, summing to one on each side", () => {
    for (const c of p.json.columns) {
      const expected = c.bins.map((b) => b.expected);
      const actual = c.bins.map((b) => b.actual);
      assert.ok(Math.abs(psi(expected, actual) - c.psi) < 1e-12, c.column);
      assert.ok(Math.abs(expected.reduce((s, v) => s + v, 0) - 1) < 1e-6 && Math.abs(actual.reduce((s, v) => s + v, 0) - 1) < 1e-9, c.column);
    }
  });
});
