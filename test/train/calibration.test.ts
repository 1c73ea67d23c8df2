import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { sigmoid } from "../../src/core/scorer.js";
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
