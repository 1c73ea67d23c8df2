import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../../src/core/errors.js";
import { takeLabels, takeRows, type FeatureInfo } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { rocAuc } from "../../../src/evaluate/auc.js";
import { stratifiedFolds } from "../../../src/evaluate/folds.js";
import { RandomForestLearner, forestFromJSON } from "../../../src/models/forest/random-forest.js";
import { treeShapValues } from "../../../src/models/tree/tree-explainer.js";
import { conformanceData } from "../conformance.js";

const numeric = (name: string): FeatureInfo => ({ name, source: name, type: "numeric" });

describe("RandomForestLearner", () => {
  it("estimates its AUC out of bag close to the cross-validated AUC", () => {
    const { X, y } = conformanceData("tree", 2000, 31);
    const params = { trees: 60, threads: 1 };
    const forest = new RandomForestLearner(params).fit(X, y);
    const oob = forest.oob.auc;
    assert.ok(oob !== null);
    assert.equal(forest.oob.rows, X.rows);
    const fold = stratifiedFolds(y, 5, 42);
    const raw = new Float64Array(X.rows);
    for (let k = 0; k < 5; k++) {
      const train: number[] = [];
      const valid: number[] = [];
      fold.forEach((f, i) => (f === k ? valid : train).push(i));
      const scorer = new RandomForestLearner(params).fit(takeRows(X, train), takeLabels(y, train));
      scorer.predictRaw(takeRows(X, valid)).forEach((v, j) => {
        raw[valid[j] as number] = v;
      });
    }
    const cv = rocAuc(raw, y);
    assert.ok(Math.abs(oob - cv) < 0.02, `out-of-bag AUC ${oob}, cross-validated ${cv}`);
    assert.ok(cv > 0.75, `cross-validated AUC ${cv}`);
  });

  it("grows the same forest on two threads as on one", () => {
    const { X, y, weights } = conformanceData("tree", 600, 32);
    const one = new RandomForestLearner({ trees: 16, threads: 1 }).fit(X, y, weights);
    const two = new RandomForestLearner({ trees: 16, threads: 2 }).fit(X, y, weights);
    assert.equal(JSON.stringify(two.toJSON()), JSON.stringify(one.toJSON()));
    assert.equal("threads" in one.toJSON().params, false);
  });

  it("predicts the log-odds of the mean tree probability, clipped away from 0 and 1", () => {
    const { X, y } = conformanceData("tree", 300, 33);
    const forest = new RandomForestLearner({ trees: 10, threads: 1 }).fit(X, y);
    const raw = forest.predictRaw(X);
    for (let r = 0; r < X.rows; r++) {
      let mean = 0;
      for (const tree of forest.trees) mean += tree.predictRow(X.columns, r);
      mean /= forest.trees.length;
      const p = Math.min(1 - 1e-6, Math.max(1e-6, mean));
      assert.ok(Math.abs((raw[r] as number) - Math.log(p / (1 - p))) < 1e-12);
    }
    // perfectly separable: every tree says 1 (or 0), the raw output stays finite
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const sure = new RandomForestLearner({ trees: 5, threads: 1, minLeafRows: 1 }).fit({ rows: 100, features: [numeric("x")], columns: [x] }, Uint8Array.from(x, (v) => (v >= 50 ? 1 : 0)));
    const extremes = sure.predictRaw({ rows: 2, features: [numeric("x")], columns: [Float64Array.of(0, 99)] });
    assert.ok(Math.abs((extremes[0] as number) - Math.log(1e-6 / (1 - 1e-6))) < 1e-9);
    assert.ok(Math.abs((extremes[1] as number) + Math.log(1e-6 / (1 - 1e-6))) < 1e-9);
  });

  it("explains in log-odds as the probability TreeSHAP values times one factor per row", () => {
    const { X, y } = conformanceData("tree", 400, 34);
    const forest = new RandomForestLearner({ trees: 20, threads: 1 }).fit(X, y);
    const contributions = forest.explain(X);
    const probability = treeShapValues(forest.trees, X, X.columns.length);
    const T = forest.trees.length;
    const baseProbability = probability.expected / T;
    assert.ok(Math.abs(contributions.base - Math.log(baseProbability / (1 - baseProbability))) < 1e-12);
    const raw = forest.predictRaw(X);
    const F = X.columns.length;
    for (let r = 0; r < 50; r++) {
      let sum = 0;
      for (let f = 0; f < F; f++) sum += (probability.values[r * F + f] as number) / T;
      if (Math.abs(sum) < 1e-6) continue;
      const factor = ((raw[r] as number) - contributions.base) / sum;
      assert.ok(factor > 0, "the factor (slope of the logit) is positive");
      for (let f = 0; f < F; f++) {
        const expected = ((probability.values[r * F + f] as number) / T) * factor;
        assert.ok(Math.abs((contributions.values[r * F + f] as number) - expected) < 1e-9, `row ${r} feature ${f}`);
      }
    }
  });

  it("draws √features per split by default, and uses every feature with maxFeatures = features", () => {
    const { X, y } = conformanceData("tree", 300, 35);
    const all = new RandomForestLearner({ trees: 3, threads: 1, maxFeatures: 4, bootstrap: false }).fit(X, y);
    // without bootstrap and with every feature, every tree is the same tree
    const first = JSON.stringify(all.trees[0]?.toJSON());
    for (const tree of all.trees) assert.equal(JSON.stringify(tree.toJSON()), first);
    assert.equal(all.oob.auc, null);
    const sampled = new RandomForestLearner({ trees: 3, threads: 1 }).fit(X, y);
    assert.notEqual(JSON.stringify(sampled.trees[0]?.toJSON()), JSON.stringify(sampled.trees[1]?.toJSON()));
  });

  it("refuses conflicting parameters and malformed node values", () => {
    assert.throws(() => new RandomForestLearner({ bootstrap: false, rowSample: 0.5 }), (e: unknown) => e instanceof LeadscoreError && /rowSample/.test(e.message));
    const { X, y } = conformanceData("tree", 200, 36);
    const json = new RandomForestLearner({ trees: 2, threads: 1 }).fit(X, y).toJSON();
    const damaged = JSON.parse(JSON.stringify(json)) as { trees: { value: number[] }[] };
    (damaged.trees[1] as { value: number[] }).value[0] = 1.5;
    assert.throws(() => forestFromJSON(damaged), /tree 1 has a node value outside 0\.\.1/);
    assert.throws(() => forestFromJSON({ ...json, trees: [] }), /non-empty/);
  });

  it("follows sample weights: weighting the positives up raises every leaf's rate", () => {
    const { X, y } = conformanceData("tree", 400, 37);
    const plain = new RandomForestLearner({ trees: 10, threads: 1 }).fit(X, y);
    const weights = Float64Array.from(y, (v) => (v === 1 ? 3 : 1));
    const weighted = new RandomForestLearner({ trees: 10, threads: 1 }).fit(X, y, weights);
    const mean = (p: Float64Array): number => p.reduce((a, b) => a + b, 0) / p.length;
    assert.ok(mean(weighted.meanProbability(X)) > mean(plain.meanProbability(X)) + 0.1);
  });
});

describe("growForest", () => {
  it("gets every tree from helper threads when the main thread leaves them the work, the same trees", async () => {
    const { binMatrix } = await import("../../../src/models/tree/binned-data.js");
    const { growForest } = await import("../../../src/models/forest/parallel-growth.js");
    const { X, y } = conformanceData("tree", 300, 38);
    const growth = {
      data: binMatrix(X, y, 255, new Rng(1)),
      sampleWeights: null,
      cart: { entropy: false, maxDepth: 6, minLeafRows: 5, minSplitRows: 10, maxFeatures: 2 },
      draws: 300,
      seed: 9,
    };
    const helped = growForest(growth, 6, 2, false);
    assert.equal(helped.byHelpers, 6);
    const alone = growForest(growth, 6, 1);
    assert.equal(alone.byHelpers, 0);
    assert.deepEqual(helped.trees.map((t) => Array.from(t.value)), alone.trees.map((t) => Array.from(t.value)));
    assert.deepEqual(helped.trees.map((t) => Array.from(t.threshold)), alone.trees.map((t) => Array.from(t.threshold)));
  });
});
