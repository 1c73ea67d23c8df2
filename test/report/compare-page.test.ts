// The compare page: both scorers' ROC curves, cumulative gains and lift by decile overlaid,
// each a drawn SVG with named axes and a table fallback, and every printed figure equal to
// the compare result it came from (the `compare --json` document).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type CompareReport, compareScorers } from "../../src/audit/compare.js";
import { rulesScorer } from "../../src/audit/compared-scorer.js";
import { parseRules } from "../../src/audit/rules-file.js";
import type { RawTable } from "../../src/core/frame.js";
import { type AuditPage, COMPARE_CHARTS, COMPARE_SECTIONS, comparePageOfBank } from "./audit-pages.js";
import { assertChartDrawn, chartIds, chartMarkup, sectionIds } from "./chart-markup.js";
import { assertFiguresMatch, printedFigures } from "./printed-figures.js";

describe("the compare page (bank-marketing rules against a logistic model)", () => {
  let p: AuditPage<CompareReport>;
  before(async () => {
    p = await comparePageOfBank();
  });

  it("draws the ROC curves, the gains and the lift by decile of both scorers, each with a table", () => {
    assert.deepEqual(sectionIds(p.html), [...COMPARE_SECTIONS]);
    assert.deepEqual(chartIds(p.html), [...COMPARE_CHARTS]);
    for (const id of COMPARE_CHARTS) assertChartDrawn(chartMarkup(p.html, id));
    // Both scorers' names are in each chart's legend.
    for (const id of COMPARE_CHARTS) {
      const texts = chartMarkup(p.html, id).texts.join("\n");
      assert.ok(texts.includes(p.report.a.name) && texts.includes(p.report.b.name), `${id} does not name both scorers`);
    }
  });

  it("names each ROC curve with its AUC, as the JSON gives it", () => {
    const texts = chartMarkup(p.html, "compare-roc").texts;
    for (const side of [p.json.a, p.json.b]) assert.ok(texts.includes(`${side.name} (AUC ${side.auc.toFixed(3)})`), `no legend entry for ${side.name}: ${texts.join(" | ")}`);
  });

  it("keeps the verdict and DeLong's test in the summary", () => {
    const text = p.html.replace(/<[^>]+>/g, "");
    assert.ok(text.includes(p.report.verdict));
    assert.match(text, /DeLong's test of the difference in AUC .*: 0\.\d{4}, 95 % interval -?0\.\d{4} to 0\.\d{4}, z = \d+\.\d{3}, p /);
  });

  it("prints every figure as the JSON holds it: AUCs, DeLong, gains, lift, ROC points, grade changes", () => {
    const figures = printedFigures(p.html);
    assertFiguresMatch(figures, p.json);
    const paths = new Set(figures.map((f) => f.path));
    for (const path of ["a.auc", "b.auc", "a.aucLow", "b.aucHigh", "delong.diff", "delong.low", "delong.high", "delong.z", "a.gains.0.share", "b.gains.9.share", "a.deciles.0.lift", "b.deciles.9.conversions", "gradeChanges.counts.0.0"]) {
      assert.ok(paths.has(path), `${path} is not printed`);
    }
    // The ROC tables: the last point of each curve, and the model's probability cuts.
    for (const side of ["a", "b"] as const) assert.ok(paths.has(`${side}.roc.${p.report[side].roc.length - 1}.tpr`), `${side}.roc is not printed`);
    assert.ok([...paths].some((path) => /^b\.roc\.\d+\.threshold$/.test(path ?? "")));
  });

  it("adds the curves to the JSON without losing a field SPEC §2 asks for", () => {
    const j = p.json;
    for (const side of [j.a, j.b]) {
      assert.equal(typeof side.name, "string");
      assert.equal(typeof side.auc, "number");
      assert.equal(side.deciles.length, 10);
      assert.ok(side.roc.length > 10 && side.roc.length <= 200);
    }
    for (const key of ["diff", "z", "pValue"] as const) assert.equal(typeof j.delong[key], "number");
    assert.equal(typeof j.topDecile.a, "number");
    assert.equal(typeof j.verdict, "string");
  });

  it("draws ROC points that rise from (0, 0) to (1, 1) with the area of the scorer's AUC", () => {
    for (const side of [p.report.a, p.report.b]) {
      const roc = side.roc;
      assert.deepEqual([roc[0]?.fpr, roc[0]?.tpr], [0, 0]);
      assert.deepEqual([roc.at(-1)?.fpr, roc.at(-1)?.tpr], [1, 1]);
      let area = 0;
      for (let k = 1; k < roc.length; k++) {
        const [p0, p1] = [roc[k - 1], roc[k]] as [(typeof roc)[number], (typeof roc)[number]];
        assert.ok(p1.fpr >= p0.fpr && p1.tpr >= p0.tpr, `${side.name}: the curve falls at point ${k}`);
        area += ((p1.fpr - p0.fpr) * (p1.tpr + p0.tpr)) / 2;
      }
      // Thinned to 200 points, the trapezoids stay within a few thousandths of the exact AUC.
      assert.ok(Math.abs(area - side.auc) < 0.005, `${side.name}: area ${area} against AUC ${side.auc}`);
    }
  });
});

describe("the lift by decile and ROC points behind the compare charts (hand-computed)", () => {
  // 20 rows; the rules give 0, 10, 20 or 30 points to x in 1–5, 6–10, 11–15, 16–20, and
  // those groups hold 1, 1, 3 and 4 of the 9 positives.
  const x = Array.from({ length: 20 }, (_, i) => i + 1);
  const y = [0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1];
  const table: RawTable = {
    source: "t.csv",
    header: ["x", "won"],
    rows: 20,
    cells: [x.map(String), y.map((v) => (v ? "yes" : "no"))],
    lines: Int32Array.from({ length: 20 }, (_, i) => i + 2),
  };
  const byX = rulesScorer(parseRules({ name: "by x", rules: [5, 10, 15].map((cut) => ({ when: { column: "x", op: ">", value: cut }, points: 10 })) }, "x.json"), "x.json");
  const report = compareScorers(byX, byX, table, { target: "won" });

  it("splits tied groups across deciles in proportion", () => {
    // Two rows a decile: 2·4/5, 2·4/5, 4/5 + 3/5, 2·3/5, 2·3/5, then 2·1/5 five times.
    const expected = [1.6, 1.6, 1.4, 1.2, 1.2, 0.4, 0.4, 0.4, 0.4, 0.4];
    report.a.deciles.forEach((d, i) => {
      assert.equal(d.rows, 2);
      assert.ok(Math.abs(d.conversions - (expected[i] as number)) < 1e-12, `decile ${i + 1}: ${d.conversions}`);
      assert.ok(Math.abs(d.lift - (expected[i] as number) / 2 / (9 / 20)) < 1e-12);
      assert.ok(Math.abs(d.share - (expected[i] as number) / 9) < 1e-12);
    });
  });

  it("has one ROC point per distinct points value, cut by the points themselves", () => {
    // Negatives per group, best first: 1, 2, 4, 4 of 11.
    const expected = [
      [1, 0, 0],
      [30, 1 / 11, 4 / 9],
      [20, 3 / 11, 7 / 9],
      [10, 7 / 11, 8 / 9],
      [0, 1, 1],
    ];
    assert.equal(report.a.roc.length, expected.length);
    report.a.roc.forEach((point, k) => {
      const [threshold, fpr, tpr] = expected[k] as [number, number, number];
      assert.equal(point.threshold, threshold);
      assert.ok(Math.abs(point.fpr - fpr) <= 5e-5 && Math.abs(point.tpr - tpr) <= 5e-5, `point ${k}: ${point.fpr}, ${point.tpr}`);
    });
  });
});
