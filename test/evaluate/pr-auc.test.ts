import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { averagePrecision, prCurve } from "../../src/evaluate/pr-auc.js";

const close = (actual: number, expected: number, tol = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} != ${expected}`);

describe("averagePrecision", () => {
  it("sums recall steps times precision", () => {
    // Thresholds 0.9 (P 1, R ⅓), 0.8 (½, ⅓), 0.7 (⅔, ⅔), 0.6 (½, ⅔), 0.5 (⅗, 1):
    // AP = ⅓·1 + ⅓·⅔ + ⅓·⅗ = 34/45.
    close(averagePrecision(Float64Array.of(0.9, 0.8, 0.7, 0.6, 0.5), Uint8Array.of(1, 0, 1, 0, 1)), 34 / 45);
  });

  it("treats tied scores as one threshold", () => {
    // 0.9: R 0; 0.7 (tie of a positive and a negative): P ⅓, R ½; 0.2: P ½, R 1 → ½·⅓ + ½·½.
    close(averagePrecision(Float64Array.of(0.9, 0.7, 0.7, 0.2), Uint8Array.of(0, 1, 0, 1)), 5 / 12);
  });

  it("is 1 for a perfect ranking and NaN without positives", () => {
    close(averagePrecision(Float64Array.of(0.1, 0.9, 0.8), Uint8Array.of(0, 1, 1)), 1);
    assert.ok(Number.isNaN(averagePrecision(Float64Array.of(0.1, 0.9), Uint8Array.of(0, 0))));
  });

  it("weighs a row of weight 2 like a duplicated row", () => {
    const a = averagePrecision(Float64Array.of(0.9, 0.8, 0.3), Uint8Array.of(0, 1, 1), Float64Array.of(1, 2, 1));
    const b = averagePrecision(Float64Array.of(0.9, 0.8, 0.8, 0.3), Uint8Array.of(0, 1, 1, 1));
    close(a, b);
  });
});

describe("prCurve", () => {
  it("starts at (0, 1) and stops at full recall", () => {
    const curve = prCurve(Float64Array.of(0.9, 0.7, 0.7, 0.2, 0.1), Uint8Array.of(0, 1, 0, 1, 0));
    assert.deepEqual(curve.thresholds, [Infinity, 0.9, 0.7, 0.2]);
    assert.deepEqual(curve.recall, [0, 0, 0.5, 1]);
    assert.deepEqual(curve.precision, [1, 0, 1 / 3, 0.5]);
  });
});
