import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../src/core/errors.js";
import type { Matrix } from "../../src/core/matrix.js";
import { Rng } from "../../src/core/rng.js";
import { rocAuc } from "../../src/evaluate/auc.js";
import { stratifiedFolds } from "../../src/evaluate/folds.js";
import { LogisticLearner, logisticFromJSON, type LogisticScorer } from "../../src/models/logistic.js";

function matrix(columns: Float64Array[], names = columns.map((_, f) => `x${f}`)): Matrix {
  return {
    rows: columns[0]?.length ?? 0,
    features: names.map((name) => ({ name, source: name, type: "numeric" as const })),
    columns,
  };
}

/** n rows of p standard normal features; y drawn from a logistic model on the first two. */
function synthetic(n: number, p: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const columns = Array.from({ length: p }, () => new Float64Array(n));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (const col of columns) col[i] = rng.normal();
    const z = 0.5 + 1.5 * (columns[0] as Float64Array)[i]! - 1.0 * (columns[1] as Float64Array)[i]!;
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: matrix(columns), y };
}

/** Gradient of Σ s_i·logloss_i + ½·l2·‖w‖², computed independently of the solver. */
function smoothGradient(scorer: LogisticScorer, X: Matrix, y: Uint8Array, l2: number, rowWeights?: Float64Array): number[] {
  const proba = scorer.predictProba(X);
  const w = scorer.coefficients();
  const g = new Array<number>(X.columns.length + 1).fill(0);
  for (let i = 0; i < X.rows; i++) {
    const r = (rowWeights?.[i] ?? 1) * (proba[i]! - y[i]!);
    g[0]! += r;
    X.columns.forEach((col, f) => (g[f + 1]! += r * col[i]!));
  }
  for (let f = 0; f < w.length; f++) g[f + 1]! += l2 * w[f]!;
  return g;
}

const maxAbs = (values: ArrayLike<number>): number => Math.max(...Array.from(values, Math.abs));

/** A single 0/1 feature: group 0 has 3 of 10 positive, group 1 has 5 of 8 positive. */
function binaryGroups(): { X: Matrix; y: Uint8Array } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 10; i++) (x.push(0), y.push(i < 3 ? 1 : 0));
  for (let i = 0; i < 8; i++) (x.push(1), y.push(i < 5 ? 1 : 0));
  return { X: matrix([Float64Array.from(x)]), y: Uint8Array.from(y) };
}

describe("LogisticLearner", () => {
  it("reaches a zero gradient of the penalised objective", () => {
    const { X, y } = synthetic(300, 4, 7);
    for (const l2 of [1, 0.01, 25]) {
      const scorer = new LogisticLearner({ l2 }).fit(X, y);
      assert.ok(maxAbs(smoothGradient(scorer, X, y, l2)) < 1e-8, `l2=${l2}`);
    }
  });

  it("reaches a zero gradient with sample weights and balanced classes", () => {
    const { X, y } = synthetic(200, 3, 11);
    const weights = Float64Array.from({ length: 200 }, (_, i) => 0.5 + (i % 4));
    const scorer = new LogisticLearner({ l2: 2, balanced: true }).fit(X, y, weights);
    let pos = 0;
    let total = 0;
    weights.forEach((w, i) => ((total += w), (pos += y[i] === 1 ? w : 0)));
    const rowWeights = weights.map((w, i) => w * (y[i] === 1 ? total / (2 * pos) : total / (2 * (total - pos))));
    assert.ok(maxAbs(smoothGradient(scorer, X, y, 2, rowWeights)) < 1e-8);
  });

  it("matches the empirical log-odds of each group when unpenalised", () => {
    const { X, y } = binaryGroups();
    const scorer = new LogisticLearner({ l2: 0 }).fit(X, y);
    const w = scorer.coefficients()[0]!;
    assert.ok(Math.abs(scorer.intercept - Math.log(3 / 7)) < 1e-6);
    assert.ok(Math.abs(scorer.intercept + w - Math.log(5 / 3)) < 1e-6);
  });

  it("fits an intercept-only model to the base rate", () => {
    const y = Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0]);
    const X: Matrix = { rows: 8, features: [], columns: [] };
    const scorer = new LogisticLearner().fit(X, y);
    assert.ok(Math.abs(scorer.intercept - Math.log(2 / 6)) < 1e-10);
    assert.ok(Math.abs(new LogisticLearner({ balanced: true }).fit(X, y).intercept) < 1e-10);
  });

  it("treats a weight of 2 like a duplicated row", () => {
    const { X, y } = synthetic(60, 3, 3);
    const weights = Float64Array.from({ length: 60 }, (_, i) => 1 + (i % 3));
    const rows: number[] = [];
    weights.forEach((w, i) => {
      for (let k = 0; k < w; k++) rows.push(i);
    });
    const expanded = matrix(X.columns.map((col) => Float64Array.from(rows, (i) => col[i]!)));
    const expandedY = Uint8Array.from(rows, (i) => y[i]!);
    for (const params of [{ l2: 1 }, { l2: 1, balanced: true }, { l2: 0.5, l1: 2 }]) {
      const a = new LogisticLearner(params).fit(X, y, weights).toJSON();
      const b = new LogisticLearner(params).fit(expanded, expandedY).toJSON();
      assert.ok(Math.abs(a.intercept - b.intercept) < 1e-9, JSON.stringify(params));
      a.weights.forEach((v, f) => assert.ok(Math.abs(v - b.weights[f]!) < 1e-9));
      a.means.forEach((v, f) => assert.ok(Math.abs(v - b.means[f]!) < 1e-12));
      a.stds.forEach((v, f) => assert.ok(Math.abs(v - b.stds[f]!) < 1e-12));
    }
  });

  it("shifts the intercept by log(negatives/positives) with balanced class weights", () => {
    const { X, y } = binaryGroups(); // 8 positives, 10 negatives
    const plain = new LogisticLearner({ l2: 0 }).fit(X, y);
    const balanced = new LogisticLearner({ l2: 0, balanced: true }).fit(X, y);
    assert.ok(Math.abs(balanced.intercept - plain.intercept - Math.log(10 / 8)) < 1e-6);
    assert.ok(Math.abs(balanced.coefficients()[0]! - plain.coefficients()[0]!) < 1e-6);
  });

  it("explains each row additively around the training mean", () => {
    const { X, y } = synthetic(100, 4, 5);
    const scorer = new LogisticLearner().fit(X, y);
    const { X: fresh } = synthetic(30, 4, 99);
    const raw = scorer.predictRaw(fresh);
    const c = scorer.explain(fresh);
    assert.equal(c.rows, 30);
    assert.equal(c.features, 4);
    for (let r = 0; r < 30; r++) {
      let sum = c.base;
      for (let f = 0; f < 4; f++) sum += c.values[r * 4 + f]!;
      assert.ok(Math.abs(sum - raw[r]!) < 1e-12);
    }
    // At the training mean every contribution is 0 and raw = base.
    const json = scorer.toJSON();
    const atMean = matrix(json.means.map((m) => Float64Array.of(m)));
    assert.ok(Math.abs(scorer.predictRaw(atMean)[0]! - c.base) < 1e-12);
  });

  it("reports importance as |coefficient| × training std", () => {
    const { X, y } = synthetic(100, 3, 8);
    const scorer = new LogisticLearner().fit(X, y);
    const { weights, stds } = scorer.toJSON();
    const importance = scorer.featureImportance();
    weights.forEach((w, f) => assert.equal(importance[f], Math.abs(w) * stds[f]!));
    const col = X.columns[0]!;
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
    assert.ok(Math.abs(stds[0]! - std) < 1e-12);
  });

  it("round-trips through JSON with identical predictions", () => {
    const { X, y } = synthetic(80, 3, 2);
    const scorer = new LogisticLearner({ l2: 0.3, l1: 0.5 }).fit(X, y);
    const text = JSON.stringify(scorer.toJSON());
    assert.equal(JSON.stringify(new LogisticLearner({ l2: 0.3, l1: 0.5 }).fit(X, y).toJSON()), text);
    const loaded = logisticFromJSON(JSON.parse(text));
    assert.deepEqual(loaded.predictProba(X), scorer.predictProba(X));
    assert.deepEqual(loaded.explain(X), scorer.explain(X));
    assert.equal(JSON.stringify(loaded.toJSON()), text);
    const doc = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), ["kind", "version", "params", "intercept", "weights", "means", "stds"]);
    assert.deepEqual(doc["params"], { l2: 0.3, l1: 0.5, maxIter: 100, tol: 1e-8, balanced: false });
  });

  it("refuses malformed JSON with a model error", () => {
    const good = new LogisticLearner().fit(binaryGroups().X, binaryGroups().y).toJSON();
    const cases: unknown[] = [
      null,
      { ...good, kind: "gbdt" },
      { ...good, version: 2 },
      { ...good, weights: [1, 2] },
      { ...good, intercept: "0" },
      { ...good, stds: [-1] },
      { ...good, params: { l2: -1 } },
    ];
    for (const json of cases) {
      assert.throws(() => logisticFromJSON(json), (e: unknown) => e instanceof LeadscoreError && e.code === "model");
    }
  });

  it("drives irrelevant features exactly to zero under a large L1 penalty", () => {
    const { X, y } = synthetic(400, 6, 13);
    const l1 = 20;
    const scorer = new LogisticLearner({ l1, l2: 0 }).fit(X, y);
    const w = scorer.coefficients();
    assert.notEqual(w[0], 0);
    assert.notEqual(w[1], 0);
    for (let f = 2; f < 6; f++) assert.equal(w[f], 0, `feature ${f}`);
    // Optimality: |∂loss| = l1 on nonzero weights (with the opposite sign), ≤ l1 on zeros.
    const g = smoothGradient(scorer, X, y, 0);
    assert.ok(Math.abs(g[0]!) < 1e-8);
    for (let f = 0; f < 6; f++) {
      if (w[f] !== 0) assert.ok(Math.abs(g[f + 1]! + l1 * Math.sign(w[f]!)) < 1e-8);
      else assert.ok(Math.abs(g[f + 1]!) <= l1);
    }
    const everything = new LogisticLearner({ l1: 1e4 }).fit(X, y).coefficients();
    assert.deepEqual(Array.from(everything), [0, 0, 0, 0, 0, 0]);
  });

  it("stays finite and monotone on perfectly separable data", () => {
    const X = matrix([Float64Array.of(-3, -2, -1, 1, 2, 3), Float64Array.of(1, 1, 1, 1, 1, 1)]);
    const y = Uint8Array.of(0, 0, 0, 1, 1, 1);
    for (const l2 of [0, 1]) {
      const proba = new LogisticLearner({ l2 }).fit(X, y).predictProba(X);
      for (let i = 0; i < 6; i++) assert.ok(proba[i]! >= 0 && proba[i]! <= 1 && Number.isFinite(proba[i]!));
      assert.ok(proba[2]! < 0.5 && proba[3]! > 0.5);
    }
  });

  it("rejects a NaN with a data error naming the feature", () => {
    const { X, y } = binaryGroups();
    const bad = matrix([X.columns[0]!.slice()], ["visits"]);
    bad.columns[0]![4] = Number.NaN;
    const isDataError = (e: unknown): boolean =>
      e instanceof LeadscoreError && e.code === "data" && /'visits'/.test(e.message) && /row 5/.test(e.message);
    assert.throws(() => new LogisticLearner().fit(bad, y), isDataError);
    const scorer = new LogisticLearner().fit(X, y);
    assert.throws(() => scorer.predictProba(bad), isDataError);
    assert.throws(() => scorer.explain(bad), isDataError);
  });

  it("rejects a single class and bad parameters", () => {
    const { X } = binaryGroups();
    assert.throws(
      () => new LogisticLearner().fit(X, new Uint8Array(18)),
      (e: unknown) => e instanceof LeadscoreError && e.code === "data" && /both classes/.test(e.message),
    );
    assert.throws(() => new LogisticLearner({ l2: -1 }), (e: unknown) => e instanceof LeadscoreError && e.code === "usage");
    assert.throws(() => new LogisticLearner({ alpha: 1 }), /unknown parameter 'alpha'/);
  });

  it("does not mutate its inputs", () => {
    const { X, y } = synthetic(50, 2, 4);
    const before = X.columns.map((c) => c.slice());
    const yBefore = y.slice();
    const scorer = new LogisticLearner().fit(X, y);
    scorer.predictProba(X);
    scorer.explain(X);
    assert.deepEqual(X.columns, before);
    assert.deepEqual(y, yBefore);
  });
});

const GERMAN = "/work/shared/datasets/german-credit/german_credit_headered.csv";

describe("LogisticLearner on German credit (numeric columns)", { skip: !existsSync(GERMAN) }, () => {
  it("ranks defaults plausibly in and out of sample", () => {
    const lines = readFileSync(GERMAN, "utf8").trim().split(/\r?\n/);
    const header = lines[0]!.split(",");
    const numeric = ["duration_months", "credit_amount", "installment_rate_pct_income", "age_years", "existing_credits_this_bank"];
    const at = numeric.map((name) => header.indexOf(name));
    const target = header.indexOf("class");
    const cells = lines.slice(1).map((line) => line.split(","));
    const n = cells.length;
    const columns = at.map((c) => {
      const col = Float64Array.from(cells, (row) => Number(row[c]));
      const mean = col.reduce((a, b) => a + b, 0) / n;
      const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
      return col.map((v) => (v - mean) / std);
    });
    const y = Uint8Array.from(cells, (row) => (row[target] === "2" ? 1 : 0)); // 2 = bad
    const X = matrix(columns, numeric);
    const inSample = rocAuc(new LogisticLearner().fit(X, y).predictProba(X), y);
    assert.ok(inSample > 0.6 && inSample < 0.75, `in-sample AUC ${inSample}`);
    const fold = stratifiedFolds(y, 5, 42);
    const aucs: number[] = [];
    for (let k = 0; k < 5; k++) {
      const train = [...fold.keys()].filter((i) => fold[i] !== k);
      const valid = [...fold.keys()].filter((i) => fold[i] === k);
      const pick = (rows: number[]): Matrix => matrix(columns.map((c) => Float64Array.from(rows, (i) => c[i]!)), numeric);
      const scorer = new LogisticLearner().fit(pick(train), Uint8Array.from(train, (i) => y[i]!));
      aucs.push(rocAuc(scorer.predictProba(pick(valid)), Uint8Array.from(valid, (i) => y[i]!)));
    }
    const mean = aucs.reduce((a, b) => a + b, 0) / 5;
    assert.ok(mean > 0.58 && mean < 0.75, `cross-validated AUC ${mean}`);
  });
});
