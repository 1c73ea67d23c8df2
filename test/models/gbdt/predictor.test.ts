import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Matrix } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { setThreadCount } from "../../../src/core/worker-pool.js";
import { GbdtLearner, type GbdtScorer } from "../../../src/models/gbdt/index.js";
import { FlatPredictor } from "../../../src/models/gbdt/predictor.js";
import { categorical, matrix, numeric } from "./helpers.js";

/** Numeric (with missing values), categorical and heavily tied features. */
function data(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const a = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? NaN : rng.normal()));
  const b = Float64Array.from({ length: n }, () => rng.int(6));
  const c = Float64Array.from({ length: n }, () => (rng.next() < 0.05 ? NaN : rng.int(40)));
  const d = Float64Array.from({ length: n }, () => (rng.next() < 0.7 ? 0 : rng.next() * 100));
  const y = Uint8Array.from({ length: n }, (_, i) => {
    const z = (Number.isNaN(a[i] as number) ? 0.8 : Math.sin(2 * (a[i] as number))) + ((c[i] as number) % 3 === 0 ? 0.7 : -0.3) + (d[i] as number) / 60 - 0.2 * (b[i] as number);
    return rng.next() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
  });
  return { X: matrix([numeric("a"), numeric("b"), categorical("c", 40), numeric("d")], [a, b, c, d]), y };
}

/** The tree-by-tree sum, in tree order (the definition). */
function walk(model: GbdtScorer, X: Matrix): Float64Array {
  const out = new Float64Array(X.rows).fill(model.initScore);
  for (const tree of model.trees) tree.addPredictions(X.columns, 0, X.rows, out);
  return out;
}

function assertClose(actual: Float64Array, expected: Float64Array): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i] as number;
    assert.ok(Math.abs((actual[i] as number) - e) <= 1e-12 * Math.max(1, Math.abs(e)), `row ${i}: ${actual[i]} vs ${e}`);
  }
}

describe("FlatPredictor", () => {
  const train = data(5000, 1);
  const model = new GbdtLearner({ trees: 37, earlyStopping: false, learningRate: 0.2 }).fit(train.X, train.y);

  it("reaches the same leaves as walking the trees, on odd inputs too", () => {
    const fresh = data(3000, 2);
    const [a, b, c, d] = fresh.X.columns as [Float64Array, Float64Array, Float64Array, Float64Array];
    // beyond every threshold, infinities, unseen / negative / fractional / huge codes, exact thresholds
    const tree = model.trees[0];
    assert.ok(tree !== undefined);
    const thresholds = Array.from(tree.threshold).filter((_, i) => (tree.feature[i] as number) >= 0 && tree.categorical[i] === 0);
    for (let i = 0; i < 60; i++) {
      a[i] = [1e300, -1e300, Infinity, -Infinity, NaN, thresholds[i % Math.max(1, thresholds.length)] ?? 0][i % 6] as number;
      c[i] = [40, 41, -1, 2.5, 1e9, 39, NaN, 100_000][i % 8] as number;
      b[i] = [-0, 5.5, 1e-300][i % 3] as number;
      d[i] = [0, -0, 1e-320][i % 3] as number;
    }
    const predictor = FlatPredictor.build(model.trees, model.features, model.initScore);
    assert.ok(predictor !== null);
    const out = new Float64Array(fresh.X.rows);
    predictor.predict(fresh.X.columns, fresh.X.rows, out);
    assertClose(out, walk(model, fresh.X));
    assertClose(model.predictRaw(fresh.X), walk(model, fresh.X));
  });

  it("gives the same bits with one thread or several, over many chunks of rows", () => {
    const big = data(70_000, 3);
    setThreadCount(1);
    const alone = FlatPredictor.build(model.trees, model.features, model.initScore);
    const one = new Float64Array(big.X.rows);
    alone?.predict(big.X.columns, big.X.rows, one);
    setThreadCount(2);
    const shared = FlatPredictor.build(model.trees, model.features, model.initScore);
    const two = new Float64Array(big.X.rows);
    shared?.predict(big.X.columns, big.X.rows, two);
    setThreadCount(undefined);
    assert.deepEqual(two, one);
    assertClose(one, walk(model, big.X));
  });

  it("declines trees with more than 32 leaves, and the scorer walks them instead", () => {
    const wide = new GbdtLearner({ trees: 3, maxLeaves: 40, minLeafRows: 5, earlyStopping: false }).fit(train.X, train.y);
    assert.ok(wide.trees.some((t) => t.feature.filter((f) => f < 0).length > 32));
    assert.equal(FlatPredictor.build(wide.trees, wide.features, wide.initScore), null);
    assert.deepEqual(wide.predictRaw(train.X), walk(wide, train.X));
  });
});
