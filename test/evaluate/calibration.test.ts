import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calibrationTable } from "../../src/evaluate/calibration.js";

const close = (actual: number, expected: number, tol = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} != ${expected}`);

describe("calibrationTable", () => {
  it("bins by equal width, skips empty bins and weighs the error by rows", () => {
    const t = calibrationTable(Float64Array.of(0.05, 0.15, 0.12, 0.55, 0.95, 1.0), Uint8Array.of(0, 0, 1, 1, 1, 0));
    assert.deepEqual(t.bins.map((b) => b.rows), [1, 2, 1, 2]);
    assert.deepEqual(t.bins.map((b) => b.low), [0, 0.1, 0.5, 0.9]);
    const expected = [
      [0.05, 0],
      [0.135, 0.5],
      [0.55, 1],
      [0.975, 0.5],
    ];
    t.bins.forEach((b, i) => {
      close(b.meanPredicted, expected[i]![0]!);
      close(b.observedRate, expected[i]![1]!);
    });
    // (1·0.05 + 2·0.365 + 1·0.45 + 2·0.475) / 6
    close(t.ece, 2.18 / 6);
  });

  it("is 0 for perfectly calibrated bins", () => {
    const t = calibrationTable(Float64Array.of(0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75), Uint8Array.of(1, 0, 0, 0, 1, 1, 1, 0), 4);
    assert.equal(t.ece, 0);
    assert.equal(t.bins.length, 2);
  });
});
