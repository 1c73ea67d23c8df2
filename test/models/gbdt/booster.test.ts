import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../../src/core/errors.js";
import type { Matrix } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { GbdtLearner, gbdtFromJSON } from "../../../src/models/gbdt/index.js";
import { categorical, matrix, numeric } from "./helpers.js";

/** Rows with a nonlinear signal, a categorical feature and missing values. */
function mixed(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.normal();
    b[i] = rng.next() < 0.15 ? NaN : rng.next() * 10;
    c[i] = rng.int(5);
    const z = a[i] * a[i] - 1 + (Number.isNaN(b[i]) ? 1 : (b[i] as number) > 6 ? 0.8 : -0.4) + ((c[i] as number) === 3 ? 1 : 0);
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: matrix([numeric("a"), numeric("b"), categorical("c", 5)], [a, b, c]), y };
}

describe("GbdtLearner / GbdtScorer", () => {
  it("resolves parameters from the table, strings included", () => {
    const learner = new GbdtLearner({ trees: "50", earlyStopping: "off", learningRate: 0.2 });
    assert.equal(learner.params.trees, 50);
    assert.equal(learner.params.earlyStopping, false);
    assert.equal(learner.params.maxLeaves, 31);
    assert.equal(learner.params.seed, 42);
    assert.throws(
      () => new GbdtLearner({ tres: 5, maxLeaves: 1 }),
      (e: unknown) => e instanceof LeadscoreError && e.code === "usage" && /tres/.test(e.message) && /maxLeaves/.test(e.message),
    );
    assert.throws(
      () => new GbdtLearner({ earlyStopping: "off", patience: 5 }),
      (e: unknown) => e instanceof LeadscoreError && /'patience'/.test(e.message) && /'earlyStopping'/.test(e.message),
    );
  });

  it("treats a weight of 2 like a duplicated row", () => {
    const rng = new Rng(11);
    const n = 300;
    // few distinct values, so the duplicated data gets the same bins
    const x1 = Float64Array.from({ length: n }, () => rng.int(40));
    const x2 = Float64Array.from({ length: n }, () => rng.int(25) / 4);
    const y = Uint8Array.from({ length: n }, (_, i) => (rng.next() < ((x1[i] as number) > 20 ? 0.7 : 0.3) ? 1 : 0));
    const twice = Uint8Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
    const weights = Float64Array.from(twice, (t) => 1 + t);
    const dup: number[] = [];
    for (let i = 0; i < n; i++) {
      dup.push(i);
      if (twice[i] === 1) dup.push(i);
    }
    const features = [numeric("x1"), numeric("x2")];
    const params = { trees: 20, earlyStopping: false, minLeafRows: 1, maxLeaves: 8 };
    const weighted = new GbdtLearner(params).fit(matrix(features, [x1, x2]), y, weights);
    const pick = (col: Float64Array): Float64Array => Float64Array.from(dup, (i) => col[i] as number);
    const duplicated = new GbdtLearner(params).fit(
      matrix(features, [pick(x1), pick(x2)]),
      Uint8Array.from(dup, (i) => y[i] as number),
    );
    const X = matrix(features, [x1, x2]);
    const a = weighted.predictRaw(X);
    const b = duplicated.predictRaw(X);
    for (let i = 0; i < n; i++) assert.ok(Math.abs((a[i] as number) - (b[i] as number)) < 1e-9, `row ${i}`);
  });

  it("stops early on pure noise and keeps the best round's trees", () => {
    const rng = new Rng(2);
    const n = 2000;
    const cols = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => rng.normal()));
    const y = Uint8Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const model = new GbdtLearner({ trees: 300 }).fit(matrix(cols.map((_, f) => numeric(`x${f}`)), cols), y);
    assert.ok(model.stopping !== null);
    assert.ok(model.stopping.iterations < 300);
    assert.equal(model.trees.length, model.stopping.bestIteration);
    assert.equal(model.stopping.iterations, model.stopping.bestIteration + 10);
  });

  it("is reproducible from its seed, and the seed matters when sampling", () => {
    const { X, y } = mixed(3000, 1);
    const params = { trees: 30, rowSample: 0.7, colSample: 0.67 };
    const first = JSON.stringify(new GbdtLearner(params).fit(X, y).toJSON());
    const again = JSON.stringify(new GbdtLearner(params).fit(X, y).toJSON());
    const other = JSON.stringify(new GbdtLearner({ ...params, seed: 43 }).fit(X, y).toJSON());
    assert.equal(first, again);
    assert.notEqual(first, other);
  });

  it("round-trips through JSON and predicts identically", () => {
    const { X, y } = mixed(3000, 2);
    const model = new GbdtLearner({ trees: 40, earlyStopping: false, rowSample: 0.8 }).fit(X, y);
    const text = JSON.stringify(model.toJSON());
    const json: unknown = JSON.parse(text);
    const loaded = gbdtFromJSON(json);
    assert.equal(JSON.stringify(loaded.toJSON()), text);
    const { X: fresh } = mixed(1000, 3);
    assert.deepEqual(loaded.predictRaw(fresh), model.predictRaw(fresh));
    assert.deepEqual(loaded.featureImportance(), model.featureImportance());
    assert.deepEqual(loaded.explain(fresh), model.explain(fresh));
  });

  it("refuses malformed model JSON with a model error", () => {
    const { X, y } = mixed(500, 4);
    const json = new GbdtLearner({ trees: 3, earlyStopping: false }).fit(X, y).toJSON();
    const isModelError = (e: unknown): boolean => e instanceof LeadscoreError && e.code === "model";
    assert.throws(() => gbdtFromJSON({ ...json, kind: "logistic" }), isModelError);
    assert.throws(() => gbdtFromJSON({ ...json, version: 2 }), isModelError);
    const tree = json.trees[0];
    assert.ok(tree !== undefined && tree.feature.length > 1);
    const cyclic = { ...tree, left: tree.left.map((l, i) => (l > 0 ? i : l)) };
    assert.throws(() => gbdtFromJSON({ ...json, trees: [cyclic] }), isModelError);
    const foreign = { ...tree, feature: tree.feature.map((f) => (f >= 0 ? 9 : f)) };
    assert.throws(() => gbdtFromJSON({ ...json, trees: [foreign] }), isModelError);
  });

  it("checks the data it is given", () => {
    const { X, y } = mixed(200, 5);
    const isDataError = (e: unknown): boolean => e instanceof LeadscoreError && e.code === "data";
    assert.throws(() => new GbdtLearner().fit(X, y.subarray(0, 10)), isDataError);
    assert.throws(() => new GbdtLearner().fit(X, y, new Float64Array(200).fill(-1)), isDataError);
    const model = new GbdtLearner({ trees: 2 }).fit(X, y);
    assert.throws(() => model.predictRaw(matrix([numeric("a")], [new Float64Array(3)])), isDataError);
  });

  it("does not modify its inputs and gives probabilities in [0, 1]", () => {
    const { X, y } = mixed(1000, 6);
    const before = X.columns.map((c) => Float64Array.from(c));
    const labels = Uint8Array.from(y);
    const model = new GbdtLearner({ trees: 20, rowSample: 0.5 }).fit(X, y);
    const p = model.predictProba(X);
    model.explain(X);
    assert.deepEqual(X.columns, before);
    assert.deepEqual(y, labels);
    assert.ok(p.every((v) => v >= 0 && v <= 1));
  });

  it("ranks the informative features first in importance", () => {
    const rng = new Rng(9);
    const n = 3000;
    const cols = Array.from({ length: 4 }, () => Float64Array.from({ length: n }, () => rng.normal()));
    const y = Uint8Array.from({ length: n }, (_, i) => (rng.next() < 1 / (1 + Math.exp(-3 * (cols[2]![i] as number))) ? 1 : 0));
    const model = new GbdtLearner({ trees: 30, earlyStopping: false }).fit(matrix(cols.map((_, f) => numeric(`x${f}`)), cols), y);
    const importance = Array.from(model.featureImportance());
    assert.equal(importance.indexOf(Math.max(...importance)), 2);
  });
});
