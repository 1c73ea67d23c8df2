import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Matrix } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { GbdtLearner } from "../../../src/models/gbdt/index.js";
import { auc, categorical, matrix, numeric } from "./helpers.js";

const CATEGORY_EFFECT = [0.8, -0.6, 0, 0.4, -1.0, 1.2, -0.2, 0.1];

/**
 * Rows with known probabilities: the logistic of a nonlinear function of 4 of 5 numeric
 * features (one missing 15 % of the time, which carries its own effect; x3 is noise) and one
 * categorical feature.
 */
function problem(n: number, seed: number): { X: Matrix; y: Uint8Array; truth: Float64Array } {
  const rng = new Rng(seed);
  const cols = Array.from({ length: 6 }, () => new Float64Array(n));
  const y = new Uint8Array(n);
  const truth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = rng.normal();
    const x1 = rng.next() * 4 - 2;
    const x2 = rng.next() < 0.15 ? NaN : rng.normal();
    const x3 = rng.next();
    const x4 = rng.normal() * 2;
    const c = rng.int(CATEGORY_EFFECT.length);
    const z =
      1.2 * Math.sin(1.5 * x0) +
      0.8 * x1 +
      (Number.isNaN(x2) ? 0.9 : 0.5 * x2 * x2 - 0.5) +
      (x4 > 1 ? 0.7 : 0) +
      (CATEGORY_EFFECT[c] as number) -
      0.8;
    [x0, x1, x2, x3, x4, c].forEach((v, f) => {
      (cols[f] as Float64Array)[i] = v;
    });
    truth[i] = 1 / (1 + Math.exp(-z));
    y[i] = rng.next() < (truth[i] as number) ? 1 : 0;
  }
  const features = [numeric("x0"), numeric("x1"), numeric("x2"), numeric("x3"), numeric("x4"), categorical("c", 8)];
  return { X: matrix(features, cols), y, truth };
}

describe("accuracy", () => {
  it("comes within 0.01 AUC of the true probabilities on fresh rows", () => {
    const train = problem(20_000, 1);
    const test = problem(20_000, 2);
    const model = new GbdtLearner().fit(train.X, train.y);
    const modelAuc = auc(model.predictProba(test.X), test.y);
    const bestAuc = auc(test.truth, test.y);
    assert.ok(bestAuc - modelAuc < 0.01, `model AUC ${modelAuc.toFixed(4)} vs true-probability AUC ${bestAuc.toFixed(4)}`);
  });
});
