// The parts of report.html that appear only when report.json holds them (holdout, fairness,
// model card, extra sections such as a scorecard's), and the reusable kit underneath.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { importanceChart, importanceMeasures } from "../../src/report/charts/importance-chart.js";
import { chartFigure, formatNumber, num, pageShell, renderSvg, section } from "../../src/report/kit.js";
import { renderTrainReport } from "../../src/report/report-html.js";
import type { TrainReport } from "../../src/report/report-types.js";
import { train } from "../../src/index.js";
import { dataset } from "../acceptance/datasets.js";
import { type BankReport, TRAIN_CHARTS, TRAIN_SECTIONS, bankReport } from "./bank-report.js";
import { assertFiguresMatch, printedFigures } from "./printed-figures.js";

const sectionIds = (html: string): string[] => [...html.matchAll(/<section [^>]*data-section="([^"]+)"/g)].map((m) => m[1] as string);
const chartIds = (html: string): string[] => [...html.matchAll(/<figure [^>]*data-chart="([^"]+)"/g)].map((m) => m[1] as string);

// A fairness audit in the SPEC §2 shape, by hand: marital status, three groups.
const interval = (value: number, low: number, high: number) => ({ value, low, high });
const FAIRNESS = {
  rows: 4521,
  groups: [
    { column: "marital", group: "married", rows: 2797, selectionRate: interval(0.128, 0.116, 0.141), tpr: interval(0.41, 0.36, 0.46), fpr: interval(0.09, 0.08, 0.1), auc: 0.71 },
    { column: "marital", group: "single", rows: 1196, selectionRate: interval(0.187, 0.165, 0.21), tpr: interval(0.5, 0.43, 0.57), fpr: interval(0.12, 0.1, 0.14), auc: 0.73 },
    { column: "marital", group: "divorced", rows: 528, selectionRate: interval(0.152, 0.121, 0.184), tpr: interval(0.45, 0.35, 0.56), fpr: interval(0.11, 0.08, 0.14), auc: 0.7 },
  ],
  disparateImpact: [
    { column: "marital", group: "married", reference: "single", ratio: 0.684, low: 0.6, high: 0.78, passes: false },
    { column: "marital", group: "divorced", reference: "single", ratio: 0.813, low: 0.66, high: 0.97, passes: true },
  ],
  differences: [{ column: "marital", demographicParity: interval(0.059, 0.03, 0.085), equalOpportunity: interval(0.09, 0.01, 0.17), equalizedOdds: interval(0.09, 0.02, 0.17) }],
  fourFifths: [{ column: "marital", minRatio: 0.684, passes: false }],
  proxies: [{ column: "marital", group: "single", together: 0.83, features: [{ feature: "age", auc: 0.8 }], strong: true }],
  mitigation: null,
};

const MODEL_CARD = {
  intendedUse: "Rank bank customers for a term-deposit campaign.",
  outOfScope: ["credit decisions"],
  evaluation: { auc: 0.7215, rows: 4521 },
  limitations: ["Trained on 2008-2010 calls in Portugal."],
};

const HOLDOUT = { rows: 905, auc: 0.6931, prAuc: 0.2874, logLoss: 0.3312, brier: 0.0951, ks: 0.3126, gini: 0.3862 };

describe("report.html parts that appear when report.json holds them", () => {
  let b: BankReport;
  let full: TrainReport & Record<string, unknown>;
  let html: string;
  before(async () => {
    b = await bankReport();
    full = { ...b.report, holdout: HOLDOUT, fairness: FAIRNESS, modelCard: MODEL_CARD } as unknown as TrainReport & Record<string, unknown>;
    const extra = section("scorecard", "Scorecard", `<p>${num(600, "int", { path: "scorecard.baseScore" })} points at odds 50:1</p>`);
    html = renderTrainReport(full, "2026-01-01T00:00:00.000Z", { sections: [extra] });
    full = { ...full, scorecard: { baseScore: 600 } };
  });

  it("leaves out holdout, fairness and model card when they did not run", () => {
    assert.deepEqual(sectionIds(renderTrainReport(b.report, "2026-01-01T00:00:00.000Z")), [...TRAIN_SECTIONS]);
  });

  it("adds them, in order, when they are present", () => {
    assert.deepEqual(sectionIds(html), ["summary", "ranking", "targeting", "threshold", "calibration", "drivers", "grades", "leaderboard", "scorecard", "holdout", "fairness", "quality", "model-card", "columns"]);
    assert.match(html, /<a href="#scorecard">Scorecard<\/a>/);
  });

  it("draws one fairness chart per protected column and prints its figures from report.json", () => {
    assert.ok(chartIds(html).includes("fairness-marital"));
    assert.match(html, /data-x-axis="marital \(group\)" data-y-axis="Selection rate \(%\)"/);
    const text = html.replace(/<[^>]+>/g, "");
    assert.match(text, /fails marital: lowest disparate-impact ratio 0\.68/);
    assert.match(text, /The inputs together tell marital = single apart with AUC 0\.83/);
    const figures = printedFigures(html);
    for (const p of ["fairness.groups.1.selectionRate.value", "fairness.groups.2.rows", "fairness.disparateImpact.0.ratio", "fairness.differences.0.demographicParity.value", "fairness.fourFifths.0.minRatio"]) {
      assert.ok(figures.some((f) => f.path === p), p);
    }
    assertFiguresMatch(figures, JSON.parse(JSON.stringify(full)));
  });

  it("prints the holdout next to the cross-validation means and the model card as fields", () => {
    const text = html.replace(/<[^>]+>/g, "");
    assert.match(text, /Intended useRank bank customers/);
    assert.match(text, /LimitationsTrained on 2008-2010 calls in Portugal\./);
    const paths = new Set(printedFigures(html).map((f) => f.path));
    for (const p of ["holdout.rows", "holdout.auc", "holdout.brier", "modelCard.evaluation.auc"]) assert.ok(paths.has(p), p);
  });

  it("renders a fairness audit of an unknown shape as plain fields rather than failing", () => {
    const odd = renderTrainReport({ ...b.report, fairness: { note: "not audited", rows: 10 } } as unknown as TrainReport, "2026-01-01T00:00:00.000Z");
    assert.ok(sectionIds(odd).includes("fairness"));
    assert.match(odd, /not audited/);
  });
});

describe("a model fitted without cross-validation", () => {
  it("still gets every chart, its AUC labelled as measured on the training rows", async () => {
    const result = await train(dataset("bank-marketing/bank.csv"), { target: "y", exclude: ["duration"], folds: 0 });
    const html = renderTrainReport(result.report, "2026-01-01T00:00:00.000Z");
    for (const id of TRAIN_CHARTS.filter((c) => c !== "importance-permutation")) assert.ok(chartIds(html).includes(id), id);
    assert.match(html, /AUC \(training rows\)/);
    assert.doesNotMatch(html, /Before calibration/);
    assertFiguresMatch(printedFigures(html), JSON.parse(JSON.stringify(result.report)));
  });
});

describe("importance of any kind", () => {
  it("draws one chart per numeric field, leaving out a field identical to one already drawn", () => {
    const rows = [
      { feature: "a", value: 0.6, gain: 0.6, meanAbsContribution: 0.3, shapInteraction: 0.02 },
      { feature: "b", value: 0.4, gain: 0.4, meanAbsContribution: 0.5, shapInteraction: 0.01 },
    ];
    assert.deepEqual(importanceMeasures(rows), ["value", "meanAbsContribution", "shapInteraction"]);
    assert.deepEqual(importanceMeasures([{ feature: "a", value: 1 }]), ["value"]);
    const chart = importanceChart(rows, "meanAbsContribution");
    assert.equal(chart.id, "importance-meanAbsContribution");
    // Sorted by the field drawn: b first, with the path of its own row.
    assert.deepEqual((chart.tables[0]?.rows ?? []).map((r) => r[0]), ["b", "a"]);
    assert.match(chartFigure(chart), /data-path="importance\.1\.meanAbsContribution"/);
  });
});

describe("report kit", () => {
  const option = {
    title: { text: "t" },
    xAxis: { type: "value" as const, name: "x (%)" },
    yAxis: { type: "value" as const, name: "y (%)" },
    series: [{ type: "line" as const, data: [[0, 0], [1, 2]], areaStyle: {} }],
  };

  it("renders the same SVG for the same option, whatever was rendered before, with its own id prefix", () => {
    const first = renderSvg(option, 400, 300, "one");
    renderSvg(option, 400, 300, "other");
    assert.equal(renderSvg(option, 400, 300, "one"), first);
    assert.match(first, /^<svg [^>]*viewBox="0 0 400 300"/);
    assert.doesNotMatch(first, /zr\d+-/);
    assert.match(first, /<text[^>]*>x \(%\)<\/text>/);
  });

  it("formats numbers for print and keeps the exact value beside them", () => {
    assert.equal(formatNumber(4521, "int"), "4,521");
    assert.equal(formatNumber(0.11524, "pct:1"), "11.5 %");
    assert.equal(formatNumber(3.4251, "times:1"), "3.4×");
    assert.equal(formatNumber(0.72153, "fixed:3"), "0.722");
    assert.equal(formatNumber(Number.NaN, "fixed:3"), "—");
    assert.equal(num(0.11524, "pct:1", { path: "dataset.positiveRate" }), '<data value="0.11524" data-path="dataset.positiveRate">11.5 %</data>');
    assert.equal(num(Number.NaN, "pct:1", { path: "lift.9.rate" }), "—");
  });

  it("wraps sections in a page with contents, styles for print and no external resource", () => {
    const page = pageShell({ title: "T <1>", subtitle: "s", sections: [section("a", "A", "<p>x</p>"), section("b", "B", "<p>y</p>", "lead")] });
    assert.match(page, /<title>T &lt;1&gt;<\/title>/);
    assert.match(page, /<nav class="toc"[^>]*><ul><li><a href="#a">A<\/a><\/li><li><a href="#b">B<\/a><\/li><\/ul><\/nav>/);
    assert.match(page, /@media print/);
    assert.doesNotMatch(page, /(src|href)="(https?:)?\/\//);
  });
});
