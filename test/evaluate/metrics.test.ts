import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { brierScore, computeMetrics, ksStatistic, logLoss, summarise } from "../../src/evaluate/metrics.js";

const close = (actual: number, expected: number, tol = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} != ${expected}`);

describe("computeMetrics", () => {
  it("gives every metric of a hand fixture", () => {
    const proba = Float64Array.of(0.9, 0.7, 0.6, 0.4, 0.3, 0.2);
    const y = Uint8Array.of(1, 0, 1, 1, 0, 0);
    const m = computeMetrics(proba, y);
    // Positive 0.9 beats 3 negatives, 0.6 and 0.4 beat 2 each: 7 of 9 pairs.
    close(m.auc, 7 / 9);
    close(m.gini, 5 / 9);
    // TPR − FPR at 0.9, 0.7, 0.6, 0.4, 0.3, 0.2: ⅓, 0, ⅓, ⅔, ⅓, 0.
    close(m.ks, 2 / 3);
    close(m.logLoss, -(Math.log(0.9) + Math.log(0.3) + Math.log(0.6) + Math.log(0.4) + Math.log(0.7) + Math.log(0.8)) / 6);
    close(m.brier, (0.01 + 0.49 + 0.16 + 0.36 + 0.09 + 0.04) / 6);
    // AP: 0.9 (P 1, R ⅓), 0.6 (⅔, ⅔), 0.4 (¾, 1): ⅓·(1 + ⅔ + ¾).
    close(m.prAuc, (1 + 2 / 3 + 3 / 4) / 3);
    assert.deepEqual(Object.keys(m), ["auc", "prAuc", "logLoss", "brier", "ks", "gini"]);
  });

  it("clips probabilities of exactly 0 and 1 in the log loss", () => {
    close(logLoss(Float64Array.of(0, 1), Uint8Array.of(1, 1)), -Math.log(1e-15) / 2, 1e-9);
    assert.ok(Number.isFinite(logLoss(Float64Array.of(1), Uint8Array.of(0))));
  });

  it("computes brier and ks by hand", () => {
    close(brierScore(Float64Array.of(0.8, 0.3, 0.6, 0.1), Uint8Array.of(1, 0, 0, 0)), 0.125);
    close(ksStatistic(Float64Array.of(0.8, 0.6, 0.3, 0.1), Uint8Array.of(1, 0, 1, 0)), 0.5);
  });

  it("weights rows like duplicates", () => {
    const proba = Float64Array.of(0.9, 0.4, 0.6, 0.2);
    const y = Uint8Array.of(1, 0, 1, 0);
    const a = computeMetrics(proba, y, Float64Array.of(2, 1, 1, 3));
    const b = computeMetrics(Float64Array.of(0.9, 0.9, 0.4, 0.6, 0.2, 0.2, 0.2), Uint8Array.of(1, 1, 0, 1, 0, 0, 0));
    for (const name of ["auc", "prAuc", "logLoss", "brier", "ks", "gini"] as const) close(a[name], b[name]);
  });
});

describe("summarise", () => {
  it("returns the mean and the population standard deviation", () => {
    const s = summarise([0.7, 0.8, 0.9, 0.6]);
    close(s.mean, 0.75);
    close(s.std, Math.sqrt((0.0025 + 0.0025 + 0.0225 + 0.0225) / 4));
    assert.deepEqual(summarise([0.5]), { mean: 0.5, std: 0 });
    assert.ok(Number.isNaN(summarise([]).mean));
  });
});
