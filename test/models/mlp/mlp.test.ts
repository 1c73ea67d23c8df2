import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../../src/core/errors.js";
import type { FeatureInfo, Matrix } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { rocAuc } from "../../../src/evaluate/auc.js";
import { LogisticLearner } from "../../../src/models/logistic.js";
import { MlpLearner } from "../../../src/models/mlp/mlp.js";
import { embed, embeddingLayout } from "../../../src/models/mlp/embedding.js";
import { Network } from "../../../src/models/mlp/network.js";
import { shapleyValues } from "../../../src/models/mlp/shapley-sampling.js";

const numeric = (name: string): FeatureInfo => ({ name, source: name, type: "numeric" });

/** XOR of the signs of two noisy features: no linear model can rank it. */
function xor(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const sa = rng.next() < 0.5 ? -1 : 1;
    const sb = rng.next() < 0.5 ? -1 : 1;
    a[i] = sa + 0.2 * rng.normal();
    b[i] = sb + 0.2 * rng.normal();
    y[i] = sa * sb > 0 ? 1 : 0;
  }
  return { X: { rows: n, features: [numeric("a"), numeric("b")], columns: [a, b] }, y };
}

/** 12 input columns, a few interacting, for the sampled Shapley path. */
function wide(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const columns = Array.from({ length: 12 }, () => new Float64Array(n));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of columns) c[i] = rng.normal();
    const x = columns.map((c) => c[i] as number);
    const z = (x[0] as number) - (x[1] as number) + (x[2] as number) * (x[3] as number) + 0.5 * Math.abs(x[4] as number);
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: { rows: n, features: columns.map((_, c) => numeric(`x${c}`)), columns }, y };
}

describe("MlpLearner", () => {
  it("learns XOR, which logistic regression cannot", () => {
    const train = xor(800, 1);
    const test = xor(400, 2);
    const mlp = new MlpLearner({ hidden: 16, layers: 1, learningRate: 0.01, epochs: 200 }).fit(train.X, train.y);
    const auc = rocAuc(mlp.predictRaw(test.X), test.y);
    assert.ok(auc > 0.97, `network AUC ${auc}`);
    const p = mlp.predictProba(test.X);
    let correct = 0;
    for (let i = 0; i < test.X.rows; i++) correct += ((p[i] as number) > 0.5 ? 1 : 0) === test.y[i] ? 1 : 0;
    assert.ok(correct / test.X.rows > 0.95, `accuracy ${correct / test.X.rows}`);
    const linear = rocAuc(new LogisticLearner().fit(train.X, train.y).predictRaw(test.X), test.y);
    assert.ok(linear < 0.6, `logistic AUC ${linear}`);
  });

  it("stops early on the validation loss and keeps the best epoch", () => {
    const { X, y } = wide(600, 3);
    const mlp = new MlpLearner({ hidden: 32, layers: 2, patience: 5, epochs: 500 }).fit(X, y);
    assert.ok(mlp.history.epochs < 500, `ran ${mlp.history.epochs} epochs`);
    assert.equal(mlp.history.epochs - mlp.history.bestEpoch >= 5, true);
  });

  it("samples Shapley values within their stated standard errors of the exact values, and adds up exactly", () => {
    const { X, y } = wide(500, 4);
    const mlp = new MlpLearner({ hidden: 16, layers: 1, epochs: 40 }).fit(X, y);
    const rows: Matrix = { rows: 30, features: X.features, columns: X.columns.map((c) => c.slice(0, 30)) };
    const reference = Float64Array.from(X.columns, (c) => c.reduce((a, b) => a + b, 0) / c.length);
    // the scorer keeps its own reference (the training mean): the same here, as weights are 1
    const sampled = mlp.explainWithErrors(rows);
    assert.equal(sampled.exact, false);
    const exact = shapleyValues(mlp.network, rows, reference, { samples: 4, exactUpTo: 12, seed: 1 });
    assert.equal(exact.exact, true);
    assert.ok(Math.abs(exact.base - sampled.base) < 1e-9);
    const z: number[] = [];
    for (let r = 0; r < rows.rows; r++) {
      for (let f = 0; f < 12; f++) {
        const se = sampled.standardErrors[r * 12 + f] as number;
        const diff = (sampled.values[r * 12 + f] as number) - (exact.values[r * 12 + f] as number);
        if (se > 0) z.push(Math.abs(diff) / se);
        else assert.ok(Math.abs(diff) < 1e-9);
      }
    }
    const within = z.filter((v) => v <= 2.5).length / z.length;
    assert.ok(within > 0.9, `${(within * 100).toFixed(1)} % of the sampled values are within 2.5 standard errors`);
    assert.ok(Math.max(...z) < 8, `largest error ${Math.max(...z)} standard errors`);
    const raw = mlp.predictRaw(rows);
    for (let r = 0; r < rows.rows; r++) {
      let total = sampled.base;
      for (let f = 0; f < 12; f++) total += sampled.values[r * 12 + f] as number;
      assert.ok(Math.abs(total - (raw[r] as number)) <= 1e-12);
    }
  });

  it("moves the features of one input column together and shares the column's value evenly", () => {
    const rng = new Rng(5);
    const n = 300;
    const level = Int32Array.from({ length: n }, () => rng.int(3));
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const y = Uint8Array.from({ length: n }, (_, i) => (rng.next() < (level[i] === 1 ? 0.8 : 0.2) ? 1 : 0));
    const features: FeatureInfo[] = [numeric("x"), ...["a", "b", "c"].map((l): FeatureInfo => ({ name: `level=${l}`, source: "level", type: "numeric" }))];
    const X: Matrix = { rows: n, features, columns: [x, ...[0, 1, 2].map((k) => Float64Array.from(level, (l) => (l === k ? 1 : 0)))] };
    const explained = new MlpLearner({ hidden: 8, layers: 1, epochs: 30 }).fit(X, y).explain(X);
    for (let r = 0; r < 20; r++) {
      const v = explained.values.subarray(r * 4, r * 4 + 4);
      assert.ok(Math.abs((v[1] as number) - (v[2] as number)) < 1e-12 && Math.abs((v[2] as number) - (v[3] as number)) < 1e-12);
    }
  });

  it("embeds a many-level column, and scores through the folded first layer as through the embedding", () => {
    const rng = new Rng(8);
    const n = 2000;
    const levels = 30;
    const rate = Float64Array.from({ length: levels }, () => rng.next());
    const level = Int32Array.from({ length: n }, () => rng.int(levels));
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const y = Uint8Array.from({ length: n }, (_, i) => (rng.next() < (rate[level[i] as number] as number) ? 1 : 0));
    const features: FeatureInfo[] = [
      numeric("x"),
      ...Array.from({ length: levels }, (_, k): FeatureInfo => ({ name: `shop=s${k}`, source: "shop", type: "numeric" })),
    ];
    const X: Matrix = { rows: n, features, columns: [x, ...Array.from({ length: levels }, (_, k) => Float64Array.from(level, (l) => (l === k ? 1 : 0)))] };
    const mlp = new MlpLearner({ hidden: 16, layers: 1, embedding: 4, learningRate: 0.01 }).fit(X, y);
    const json = mlp.toJSON();
    assert.ok(json.embedding !== null);
    assert.deepEqual(json.embedding.groupSize, [4]);
    assert.equal(json.sizes[0], 1 + 4);
    // the level rates are learned
    const auc = rocAuc(mlp.predictRaw(X), y);
    const best = rocAuc(Float64Array.from(level, (l) => rate[l] as number), y);
    assert.ok(auc > best - 0.03, `AUC ${auc}, the true rates reach ${best}`);
    // embedding then the trained network = the folded network
    const layout = embeddingLayout(features, 4);
    assert.ok(layout !== null);
    const rows = 20;
    const raw = new Float64Array(rows * X.columns.length);
    for (let r = 0; r < rows; r++) X.columns.forEach((c, f) => (raw[r * X.columns.length + f] = c[r] as number));
    const embedded = new Float64Array(rows * layout.outputs);
    embed(layout, Float64Array.from(json.embedding.table), raw, rows, embedded);
    const trained = new Network(json.sizes, json.weights.map((w) => Float64Array.from(w)), json.biases.map((b) => Float64Array.from(b)));
    const expected = trained.predict(embedded, rows);
    const actual = mlp.predictRaw({ rows, features, columns: X.columns.map((c) => c.slice(0, rows)) });
    for (let r = 0; r < rows; r++) assert.ok(Math.abs((actual[r] as number) - (expected[r] as number)) < 1e-12);
  });

  it("refuses missing values, with the feature and row named", () => {
    const { X, y } = xor(50, 6);
    (X.columns[1] as Float64Array)[7] = Number.NaN;
    assert.throws(() => new MlpLearner().fit(X, y), (e: unknown) => e instanceof LeadscoreError && e.code === "data" && /Feature 'b' is missing \(NaN\) at row 8/.test(e.message));
  });

  it("refuses a validation share without early stopping", () => {
    assert.throws(() => new MlpLearner({ earlyStopping: false, validationFraction: 0.2 }), /validationFraction/);
  });
});
