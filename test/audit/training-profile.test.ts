import assert from "node:assert/strict";
import { test } from "node:test";
import type { Frame } from "../../src/core/frame.js";
import { inverseEcdf, numericBin, numericProfile, trainingProfile } from "../../src/train/training-profile.js";

test("numeric profile: deciles of 1..100 are 10, 20, …, 90 with 10 % per bin; the KS sketch is exact at the percentiles", () => {
  const values = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  const p = numericProfile("v", values);
  assert.deepEqual(p.edges, [10, 20, 30, 40, 50, 60, 70, 80, 90]);
  assert.deepEqual(p.shares, [...new Array(10).fill(0.1), 0, 0]);
  assert.equal(p.cuts.length, 99);
  assert.equal(p.cuts[0], 1);
  assert.equal(p.cdf[0], 0.01);
  assert.equal(p.cdf[98], 0.99);
  assert.equal(numericBin(p.edges, 10), 0);
  assert.equal(numericBin(p.edges, 10.5), 1);
  assert.equal(numericBin(p.edges, 1000), 9);
});

test("tied quantiles are kept once, and missing values get their own share", () => {
  // 8 zeros, then 1 and 2, then two missing: present deciles are 0 (×8), 1, 2 → edges 0, 1.
  const values = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, Number.NaN, Number.NaN]);
  const p = numericProfile("v", values);
  assert.deepEqual(p.edges, [0, 1]);
  assert.deepEqual(p.shares, [8 / 12, 1 / 12, 1 / 12, 2 / 12, 0]);
  assert.equal(p.present, 10);
  assert.equal(inverseEcdf(Float64Array.from([1, 2, 3, 4]), 0.5), 2);
});

test("the training profile of a frame: categories with missing, the score, and the same profile twice", () => {
  const frame: Frame = {
    source: "t",
    rows: 5,
    lines: Int32Array.from([2, 3, 4, 5, 6]),
    columns: [
      { kind: "categorical", name: "c", codes: Int32Array.from([0, 1, 1, -1, 0]), levels: ["x", "y"] },
      { kind: "numeric", name: "n", values: Float64Array.from([5, 4, 3, 2, 1]) },
    ],
  };
  const scores = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5]);
  const a = trainingProfile(frame, ["c", "n"], scores, "final model on the training rows");
  assert.deepEqual(a.columns[0], { column: "c", kind: "categorical", rows: 5, levels: ["x", "y"], pooled: false, shares: [0.4, 0.4, 0.2, 0] });
  assert.equal(a.score.source, "final model on the training rows");
  // Type-1 deciles of five values: the 9th is the largest, so the last value bin is empty at training.
  assert.deepEqual(a.score.edges, [0.1, 0.2, 0.3, 0.4, 0.5]);
  assert.equal(JSON.stringify(a), JSON.stringify(trainingProfile(frame, ["c", "n"], scores, "final model on the training rows")));
});
