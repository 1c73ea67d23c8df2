import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Matrix } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { GbdtLearner, type GbdtJSON, type GbdtScorer, type TreeJSON, gbdtFromJSON } from "../../../src/models/gbdt/index.js";
import { TreeShapRunner } from "../../../src/models/gbdt/tree-shap-fast.js";
import { TREE_FAST, TREE_REFERENCE, buildTreeShapPlan } from "../../../src/models/gbdt/tree-shap-plan.js";
import { categorical, matrix, numeric } from "./helpers.js";
import { bruteForceShapley, conditional } from "./tree-shap-brute-force.js";

/** Few features, deep trees (features recur along paths), categorical codes and missing values. */
function data(n: number, features: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const info = Array.from({ length: features }, (_, f) => (f === 1 ? categorical(`c${f}`, 6) : numeric(`x${f}`)));
  const columns = info.map((fi) =>
    Float64Array.from({ length: n }, () => (fi.type === "categorical" ? rng.int(6) : rng.next() < 0.1 ? NaN : rng.normal())),
  );
  const y = Uint8Array.from({ length: n }, (_, i) => {
    const a = columns[0]![i] as number;
    const z = (Number.isNaN(a) ? 1 : Math.sin(2 * a)) + ((columns[1]![i] as number) % 2) - (columns[2]?.[i] ?? 0) * a;
    return rng.next() < 1 / (1 + Math.exp(-2 * (Number.isNaN(z) ? 0.5 : z))) ? 1 : 0;
  });
  return { X: matrix(info, columns), y };
}

function rowsOf(X: Matrix, count: number): number[][] {
  return Array.from({ length: count }, (_, r) => X.columns.map((c) => c[r] as number));
}

/** Rows that exercise routing corners: ±Infinity, unseen, negative and fractional codes, NaN. */
function oddRows(X: Matrix): Matrix {
  const odd = [
    [Infinity, 9, -Infinity],
    [-Infinity, -1, NaN],
    [NaN, 2.5, Infinity],
    [0.3, NaN, 1e308],
  ];
  const columns = X.columns.map((column, f) => Float64Array.from([...column.subarray(0, 4), ...odd.map((row) => row[f % 3] as number)]));
  return { rows: 8, features: X.features, columns };
}

function assertMatchesBruteForce(model: GbdtScorer, X: Matrix, rows: number, method: "plan" | "reference"): void {
  const json = model.toJSON();
  const F = X.features.length;
  const explained = model.explain(X, { method, threads: 1 });
  for (const [r, x] of rowsOf(X, rows).entries()) {
    const expected = bruteForceShapley(json.trees, F, x);
    for (let f = 0; f < F; f++) {
      const got = explained.values[r * F + f] as number;
      assert.ok(Math.abs(got - (expected[f] as number)) < 1e-9, `${method}, row ${r} feature ${f}: ${got} vs ${expected[f]}`);
    }
  }
}

describe("TreeSHAP", () => {
  it("matches brute-force Shapley values on a single deep tree", () => {
    const { X, y } = data(3000, 4, 1);
    const model = new GbdtLearner({ trees: 1, maxLeaves: 24, minLeafRows: 5, learningRate: 1, earlyStopping: false }).fit(X, y);
    // the tree must reuse features along a path, or the unwinding step goes untested
    assert.ok(model.trees[0]!.depth > X.features.length);
    for (const method of ["plan", "reference"] as const) {
      assertMatchesBruteForce(model, X, 25, method);
      assertMatchesBruteForce(model, oddRows(X), 8, method);
    }
  });

  it("matches brute-force Shapley values on a small boosted model with 8 features", () => {
    const { X, y } = data(2000, 8, 2);
    const model = new GbdtLearner({ trees: 12, maxLeaves: 12, minLeafRows: 10, earlyStopping: false, colSample: 0.75 }).fit(X, y);
    for (const method of ["plan", "reference"] as const) {
      assertMatchesBruteForce(model, X, 8, method);
      assertMatchesBruteForce(model, oddRows(X), 8, method);
    }
  });

  it("adds up: base + Σ contributions = raw output, to 1e-9", () => {
    const { X, y } = data(4000, 6, 3);
    const model = new GbdtLearner({ trees: 60, rowSample: 0.8 }).fit(X, y);
    const { X: fresh } = data(500, 6, 4);
    const raw = model.predictRaw(fresh);
    const c = model.explain(fresh);
    assert.equal(c.rows, 500);
    assert.equal(c.features, 6);
    for (let r = 0; r < c.rows; r++) {
      let sum = c.base;
      for (let f = 0; f < c.features; f++) sum += c.values[r * c.features + f] as number;
      assert.ok(Math.abs(sum - (raw[r] as number)) < 1e-9, `row ${r}`);
    }
  });

  it("uses the init score and the trees' cover-weighted means as base", () => {
    const { X, y } = data(1000, 3, 5);
    const model = new GbdtLearner({ trees: 5, earlyStopping: false }).fit(X, y);
    const expected = model.trees.reduce((sum, t) => sum + t.expectedValue(), model.initScore);
    assert.equal(model.explain(X).base, expected);
    // with every feature unknown, the brute-force value is the same expectation
    const json = model.toJSON();
    const none = json.trees.reduce((s, t) => s + conditional(t, [], new Set()), json.initScore);
    assert.ok(Math.abs(none - expected) < 1e-12);
  });

  it("is exact on trees the fast plan leaves to the reference (empty child, a feature split both ways)", () => {
    // tree 0: feature 0 split numerically, then as categories; a leaf without cover (weights of zero)
    const mixed: TreeJSON = {
      feature: [0, 0, 1, -1, -1, -1, -1],
      threshold: [2.5, 0, 0.5, 0, 0, 0, 0],
      missingLeft: [1, 0, 0, 0, 0, 0, 0],
      categorical: [0, 1, 0, 0, 0, 0, 0],
      catOffset: [0, 0, 0, 0, 0, 0, 0],
      catWords: [1, 1, 1, 1, 1, 1, 1],
      catBits: [0b101],
      left: [1, 3, 5, 0, 0, 0, 0],
      right: [2, 4, 6, 0, 0, 0, 0],
      value: [0, 0, 0, 0.7, -0.2, 1.3, -0.9],
      cover: [10, 6, 4, 4, 2, 0, 4],
      gain: [1, 1, 1, 0, 0, 0, 0],
    };
    // tree 1: categories over two bitset words (codes 0..63) and a numeric split below
    const wide: TreeJSON = {
      feature: [2, 1, -1, -1, -1],
      threshold: [0, -0.5, 0, 0, 0],
      missingLeft: [0, 1, 0, 0, 0],
      categorical: [1, 0, 0, 0, 0],
      catOffset: [0, 0, 0, 0, 0],
      catWords: [2, 1, 1, 1, 1],
      catBits: [0b1001, 1 << 8],
      left: [1, 3, 0, 0, 0],
      right: [2, 4, 0, 0, 0],
      value: [0, 0, 0.25, -0.5, 0.125],
      cover: [9, 5, 4, 3, 2],
      gain: [1, 1, 0, 0, 0],
    };
    // tree 2: a split every value takes to the left (all codes, and missing), so feature 2 has a
    // single pattern there: the tree's block has a key without any feature
    const oneWay: TreeJSON = {
      feature: [2, -1, -1],
      threshold: [0, 0, 0],
      missingLeft: [1, 0, 0],
      categorical: [1, 0, 0],
      catOffset: [0, 0, 0],
      catWords: [2, 1, 1],
      catBits: [0xffffffff, 0xffffffff],
      left: [1, 0, 0],
      right: [2, 0, 0],
      value: [0, 0.25, 0.5],
      cover: [12, 9, 3],
      gain: [1, 0, 0],
    };
    const json: GbdtJSON = {
      kind: "gbdt",
      version: 1,
      params: { ...new GbdtLearner().params },
      initScore: -1,
      features: 3,
      stopping: null,
      trees: [mixed, wide, oneWay],
    };
    const model = gbdtFromJSON(json);
    const plan = buildTreeShapPlan(model.trees, 3);
    assert.equal(plan.treeMode[0], TREE_REFERENCE);
    assert.equal(plan.treeMode[1], TREE_FAST);
    assert.equal(plan.treeMode[2], TREE_FAST);
    const rows = [
      [0, -1, 0],
      [2, 0, 3],
      [3, 1, 40],
      [NaN, NaN, NaN],
      [1.5, Infinity, 63],
      [Infinity, -Infinity, 64],
      [2.5, -0.5, 0.5],
      [-Infinity, 7, -2],
    ];
    // enough rows for the plan: the same eight, repeated
    const X: Matrix = {
      rows: 80,
      features: [numeric("a"), numeric("b"), categorical("c", 64)],
      columns: [0, 1, 2].map((f) => Float64Array.from({ length: 80 }, (_, r) => rows[r % 8]![f] as number)),
    };
    const raw = model.predictRaw(X);
    const F = 3;
    const check = (values: Float64Array, base: number, label: string): void => {
      for (let r = 0; r < 8; r++) {
        const expected = bruteForceShapley(json.trees, F, rows[r]!);
        let sum = base;
        for (let f = 0; f < F; f++) {
          const got = values[r * F + f] as number;
          sum += got;
          assert.ok(Math.abs(got - (expected[f] as number)) < 1e-12, `${label}, row ${r} feature ${f}: ${got} vs ${expected[f]}`);
        }
        assert.ok(Math.abs(sum - (raw[r] as number)) < 1e-12, `${label}, row ${r} adds up`);
      }
    };
    const base = model.explain(X).base;
    for (const method of ["plan", "reference"] as const) check(model.explain(X, { method, threads: 1 }).values, base, method);
    // from one block per tree down to one block per leaf (and a single block without key features)
    let keyless = false;
    for (const budget of [1 << 20, 40, 24, 16]) {
      const small = buildTreeShapPlan(model.trees, F, budget);
      const blocks = small.treeBlockStart[small.trees] as number;
      const records = new Int32Array(small.memory.buffer, small.blockAt, 5 * blocks);
      for (let b = 0; b < blocks; b++) if (records[5 * b + 2] === records[5 * b + 3]) keyless = true;
      const out = new Float64Array(X.rows * F);
      new TreeShapRunner(small).explainRows(X.columns, 0, X.rows, out);
      check(out, base, `budget ${budget}`);
    }
    assert.ok(keyless);
  });
});
