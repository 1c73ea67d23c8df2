import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { FeatureInfo, Matrix } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { setThreadCount, workerTeam } from "../../../src/core/worker-pool.js";
import { explainWithPlan } from "../../../src/models/gbdt/explain-parallel.js";
import { GbdtLearner } from "../../../src/models/gbdt/index.js";
import { binRepresentative, binRows, featureBins } from "../../../src/models/gbdt/tree-shap-bins.js";
import { referenceValues } from "../../../src/models/gbdt/tree-shap-explain.js";
import { TreeShapRunner } from "../../../src/models/gbdt/tree-shap-fast.js";
import { LeafShares } from "../../../src/models/gbdt/tree-shap-leaf.js";
import { TABLE_BUDGET, TREE_FAST, TREE_REFERENCE, buildTreeShapPlan } from "../../../src/models/gbdt/tree-shap-plan.js";
import { gaussLegendre } from "../../../src/models/gbdt/tree-shap-quadrature.js";
import { categorical, numeric } from "./helpers.js";

/**
 * Data shaped like bank-marketing: 15 features, 9 of them categorical (2 to 12 levels), numeric
 * ones with many distinct values, some missing; the label depends on most of them.
 */
function bankLike(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const levels = [0, 12, 3, 4, 2, 0, 2, 2, 3, 0, 12, 0, 0, 0, 4];
  const features: FeatureInfo[] = levels.map((k, f) => (k > 0 ? categorical(`c${f}`, k) : numeric(`x${f}`)));
  const columns = levels.map((k) =>
    Float64Array.from({ length: n }, () => (k > 0 ? rng.int(k) : rng.next() < 0.05 ? NaN : Math.round(rng.normal() * 400) / 10)),
  );
  const y = Uint8Array.from({ length: n }, (_, r) => {
    let z = -1;
    levels.forEach((k, f) => {
      const v = columns[f]![r] as number;
      z += k > 0 ? Math.sin(v * (f + 1)) * 0.6 : Number.isNaN(v) ? 0.3 : Math.tanh(v / 20) * (f % 3 === 0 ? 1 : -0.7);
    });
    return rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  });
  return { X: { rows: n, features, columns }, y };
}

function maxDifference(a: Float64Array, b: Float64Array): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

function firstRows(X: Matrix, rows: number): Matrix {
  return { rows, features: X.features, columns: X.columns.map((c) => c.subarray(0, rows)) };
}

const train = bankLike(6000, 11);
const model = new GbdtLearner({ trees: 40, maxLeaves: 31, earlyStopping: false, seed: 3 }).fit(train.X, train.y);
const fresh = bankLike(5000, 12);

after(() => setThreadCount(undefined));

describe("fast TreeSHAP", () => {
  it("equals the reference algorithm to 1e-12 on bank-sized random data, whatever the table budget", () => {
    const X = firstRows(fresh.X, 1500);
    const reference = referenceValues(model.trees, X);
    for (const budget of [TABLE_BUDGET, 1 << 30, 0]) {
      const plan = buildTreeShapPlan(model.trees, X.columns.length, budget);
      const modes = Array.from(plan.treeMode);
      // the default has every tree fast; no budget at all leaves every tree to the reference
      if (budget === 0) assert.ok(modes.every((m) => m === TREE_REFERENCE));
      else assert.ok(modes.every((m) => m === TREE_FAST));
      const out = new Float64Array(X.rows * X.columns.length);
      new TreeShapRunner(plan).explainRows(X.columns, 0, X.rows, out);
      assert.ok(maxDifference(out, reference) < 1e-12, `budget ${budget}: ${maxDifference(out, reference)}`);
    }
  });

  it("mixes fast and reference trees when the budget runs out", () => {
    const X = firstRows(fresh.X, 300);
    const full = buildTreeShapPlan(model.trees, X.columns.length);
    const half = buildTreeShapPlan(model.trees, X.columns.length, Math.floor(full.tableEntries / 20));
    const modes = Array.from(half.treeMode);
    assert.ok(modes.includes(TREE_FAST) && modes.includes(TREE_REFERENCE));
    const out = new Float64Array(X.rows * X.columns.length);
    new TreeShapRunner(half).explainRows(X.columns, 0, X.rows, out);
    assert.ok(maxDifference(out, referenceValues(model.trees, X)) < 1e-12);
  });

  it("gives identical results on one thread and on two", () => {
    setThreadCount(2);
    const plan = buildTreeShapPlan(model.trees, fresh.X.columns.length);
    // many chunks of rows, and a worker already warm, so that both threads take some
    const X: Matrix = { rows: 4 * fresh.X.rows, features: fresh.X.features, columns: fresh.X.columns.map((c) => Float64Array.from({ length: 4 * c.length }, (_, i) => c[i % c.length] as number)) };
    explainWithPlan(plan, firstRows(X, 8192), 2);
    if (workerTeam() === null) assert.fail("the worker team did not start");
    const one = explainWithPlan(plan, X, 1);
    const two = explainWithPlan(plan, X, 2);
    assert.equal(one.length, two.length);
    for (let i = 0; i < one.length; i++) assert.ok(Object.is(one[i], two[i]), `value ${i}: ${one[i]} vs ${two[i]}`);
    // and the same as rows explained alone, in any grouping
    const alone = new Float64Array(X.columns.length);
    const runner = new TreeShapRunner(plan);
    const r = 14321;
    const columns = X.columns.map((c) => c.subarray(r, r + 1));
    runner.explainRows(columns, 0, 1, alone);
    for (let f = 0; f < alone.length; f++) assert.ok(Object.is(alone[f], one[r * alone.length + f]));
  });

  it("adds up on every row of the model's explanation", () => {
    const c = model.explain(fresh.X);
    const raw = model.predictRaw(fresh.X);
    for (let r = 0; r < c.rows; r++) {
      let sum = c.base;
      for (let f = 0; f < c.features; f++) sum += c.values[r * c.features + f] as number;
      assert.ok(Math.abs(sum - (raw[r] as number)) < 1e-9 * Math.max(1, Math.abs(raw[r] as number)), `row ${r}`);
    }
  });
});

describe("fast TreeSHAP building blocks", () => {
  it("leaf shares equal the Shapley formula summed over subsets", () => {
    const rng = new Rng(7);
    for (let d = 1; d <= 8; d++) {
      const z = Array.from({ length: d }, () => 0.05 + 0.9 * rng.next());
      const value = rng.normal();
      const leaf = new LeafShares(value, Array.from({ length: d }, (_, i) => i), z);
      const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
      for (let hot = 0; hot < 1 << d; hot++) {
        for (let i = 0; i < d; i++) {
          // v (o_i − z_i) Σ_{S ⊆ P∖{i}} |S|! (d−1−|S|)!/d! Π_{S} o Π_{P∖S∖{i}} z
          let sum = 0;
          for (let S = 0; S < 1 << d; S++) {
            if ((S >> i) & 1) continue;
            let term = 1;
            let size = 0;
            for (let j = 0; j < d; j++) {
              if (j === i) continue;
              if ((S >> j) & 1) {
                size++;
                term *= (hot >> j) & 1;
              } else term *= z[j] as number;
            }
            sum += ((factorial(size) * factorial(d - 1 - size)) / factorial(d)) * term;
          }
          const expected = value * (((hot >> i) & 1) - (z[i] as number)) * sum;
          const got = leaf.share(hot, i);
          assert.ok(Math.abs(got - expected) < 1e-14, `d ${d} hot ${hot} slot ${i}: ${got} vs ${expected}`);
        }
      }
    }
  });

  it("Gauss–Legendre rules integrate polynomials of degree 2n − 1 exactly", () => {
    for (let n = 1; n <= 20; n++) {
      const { nodes, weights } = gaussLegendre(n);
      for (let m = 0; m <= 2 * n - 1; m++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += (weights[k] as number) * (nodes[k] as number) ** m;
        assert.ok(Math.abs(sum * (m + 1) - 1) < 1e-13, `n ${n}, t^${m}: ${sum} vs ${1 / (m + 1)}`);
      }
    }
  });

  it("model-wide bins route like the values they hold, at every split", () => {
    const bins = featureBins(model.trees, 15);
    const rng = new Rng(9);
    const probes = [NaN, Infinity, -Infinity, 0, -0, -1, 1.5, 11, 12, 31, 32, 1e308, -1e308];
    const values = Array.from({ length: 15 }, (_, f) => {
      const thresholds = new Set<number>();
      for (const tree of model.trees) for (let i = 0; i < tree.nodeCount; i++) if (tree.feature[i] === f) thresholds.add(tree.threshold[i] as number);
      const own = [...thresholds].flatMap((t) => [t, t + 1e-9, t - 1e-9]);
      return Float64Array.from([...probes, ...own, ...Array.from({ length: 50 }, () => Math.round(rng.normal() * 600) / 10)]);
    });
    const count = Math.max(...values.map((v) => v.length));
    const columns = values.map((v) => Float64Array.from({ length: count }, (_, i) => v[i % v.length] as number));
    const out = new Int32Array(15 * count);
    binRows(bins, columns, 0, count, out, count);
    for (const tree of model.trees) {
      for (let node = 0; node < tree.nodeCount; node++) {
        const f = tree.feature[node] as number;
        if (f < 0) continue;
        for (let i = 0; i < count; i++) {
          const x = columns[f]![i] as number;
          const rep = binRepresentative(bins, f, out[f * count + i] as number);
          assert.equal(tree.goesLeft(node, rep), tree.goesLeft(node, x), `feature ${f} value ${x} (bin representative ${rep})`);
        }
      }
    }
  });
});
