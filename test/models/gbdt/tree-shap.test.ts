import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Matrix } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { GbdtLearner, type GbdtJSON, type TreeJSON } from "../../../src/models/gbdt/index.js";
import { categorical, goesLeft, matrix, numeric } from "./helpers.js";

/**
 * E[f(x) | x_S] with the path-dependent definition: follow x at splits on known features,
 * average the children by cover at splits on unknown ones.
 */
function conditional(tree: TreeJSON, x: readonly number[], known: ReadonlySet<number>, node = 0): number {
  const f = tree.feature[node] as number;
  if (f < 0) return tree.value[node] as number;
  const l = tree.left[node] as number;
  const r = tree.right[node] as number;
  if (known.has(f)) return conditional(tree, x, known, goesLeft(tree, node, x[f] as number) ? l : r);
  const cl = tree.cover[l] as number;
  const cr = tree.cover[r] as number;
  return (cl * conditional(tree, x, known, l) + cr * conditional(tree, x, known, r)) / (cl + cr);
}

/** Exact Shapley values of v(S) = Σ_trees E[tree | x_S], by enumerating every subset. */
function bruteForceShapley(json: GbdtJSON, x: readonly number[]): number[] {
  const m = json.features;
  const value = (mask: number): number => {
    const known = new Set<number>();
    for (let f = 0; f < m; f++) if ((mask >> f) & 1) known.add(f);
    return json.trees.reduce((sum, t) => sum + conditional(t, x, known), 0);
  };
  const values = Array.from({ length: 1 << m }, (_, mask) => value(mask));
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let f = 0; f < m; f++) size += (mask >> f) & 1;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      phi[i] = (phi[i] as number) + weight * ((values[mask | (1 << i)] as number) - (values[mask] as number));
    }
  }
  return phi;
}

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

describe("TreeSHAP", () => {
  it("matches brute-force Shapley values on a single deep tree", () => {
    const { X, y } = data(3000, 4, 1);
    const model = new GbdtLearner({ trees: 1, maxLeaves: 24, minLeafRows: 5, learningRate: 1, earlyStopping: false }).fit(X, y);
    const json = model.toJSON();
    const tree = json.trees[0];
    assert.ok(tree !== undefined);
    // the tree must reuse features along a path, or the unwinding step goes untested
    assert.ok(model.trees[0]!.depth > X.features.length);
    const explained = model.explain(X);
    for (const [r, x] of rowsOf(X, 25).entries()) {
      const expected = bruteForceShapley(json, x);
      for (let f = 0; f < 4; f++) {
        const got = explained.values[r * 4 + f] as number;
        assert.ok(Math.abs(got - (expected[f] as number)) < 1e-9, `row ${r} feature ${f}: ${got} vs ${expected[f]}`);
      }
    }
  });

  it("matches brute-force Shapley values on a small boosted model with 8 features", () => {
    const { X, y } = data(2000, 8, 2);
    const model = new GbdtLearner({ trees: 12, maxLeaves: 12, minLeafRows: 10, earlyStopping: false, colSample: 0.75 }).fit(X, y);
    const json = model.toJSON();
    const explained = model.explain(X);
    for (const [r, x] of rowsOf(X, 8).entries()) {
      const expected = bruteForceShapley(json, x);
      for (let f = 0; f < 8; f++) {
        const got = explained.values[r * 8 + f] as number;
        assert.ok(Math.abs(got - (expected[f] as number)) < 1e-9, `row ${r} feature ${f}: ${got} vs ${expected[f]}`);
      }
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
});
