import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { sigmoid } from "../../src/core/scorer.js";
import { confidenceInterval, fitConfidenceBands, wilson } from "../../src/train/confidence.js";
import { fitGrades, gradeOf } from "../../src/train/grades.js";
import { fitPlatt } from "../../src/train/platt.js";

test("Platt scaling recovers a known slope and intercept", () => {
  const rng = new Rng(7);
  const n = 40_000;
  const raw = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    raw[i] = rng.normal() * 2;
    y[i] = rng.next() < sigmoid(0.5 * (raw[i] as number) - 1) ? 1 : 0;
  }
  const fit = fitPlatt(raw, y);
  assert.ok(Math.abs(fit.a - 0.5) < 0.04, `a = ${fit.a}`);
  assert.ok(Math.abs(fit.b + 1) < 0.05, `b = ${fit.b}`);
});

test("grades cut the probabilities into quarters, A the highest", () => {
  const proba = Float64Array.from({ length: 100 }, (_, i) => i / 100);
  const scale = fitGrades(proba);
  assert.deepEqual(scale.minProbability, [0.75, 0.5, 0.25]);
  assert.equal(gradeOf(scale, 0.99), "A");
  assert.equal(gradeOf(scale, 0.75), "A");
  assert.equal(gradeOf(scale, 0.74), "B");
  assert.equal(gradeOf(scale, 0.3), "C");
  assert.equal(gradeOf(scale, 0.01), "D");
});

test("Wilson interval matches a hand-computed value", () => {
  // p = 0.5, n = 100, z = 1.96: centre 0.5, half = (1.96 / 1.038416) * sqrt(0.0025 + 0.00009604) = 1.8874902 * 0.0509513 = 0.0961701
  const { low, high } = wilson(0.5, 100, 1.96);
  assert.ok(Math.abs(low - 0.4038299) < 1e-6, String(low));
  assert.ok(Math.abs(high - 0.5961701) < 1e-6, String(high));
});

test("confidence bands: equal-size bands, narrower intervals where more rows were seen", () => {
  const proba = Float64Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
  const bands = fitConfidenceBands(proba, 10);
  assert.equal(bands.rows.length, 10);
  assert.ok(bands.rows.every((r) => r === 100));
  assert.equal(bands.upper[9], 1);
  const few = fitConfidenceBands(Float64Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100), 10);
  const wide = confidenceInterval(few, 0.3);
  const narrow = confidenceInterval(bands, 0.3);
  assert.ok(narrow.high - narrow.low < wide.high - wide.low);
  assert.ok(narrow.low < 0.3 && narrow.high > 0.3);
});
