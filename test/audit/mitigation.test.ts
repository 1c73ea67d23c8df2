import assert from "node:assert/strict";
import { test } from "node:test";
import { estimateAuc } from "../../src/audit/cbpe.js";
import { crossFittedDecisions, decideByGroup, fitGroupThresholds, NO_SELECTION } from "../../src/audit/group-thresholds.js";
import { reweighingWeights } from "../../src/audit/reweighing.js";
import { Rng } from "../../src/core/rng.js";
import { rocAuc } from "../../src/evaluate/auc.js";

test("reweighing weights are P(g)·P(y)/P(g, y) and make the outcome independent of the group", () => {
  // Group 0: 3 rows, 2 positive; group 1: 5 rows, 1 positive. n = 8, 3 positive.
  const groupOf = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 1]);
  const labels = Uint8Array.from([1, 1, 0, 1, 0, 0, 0, 0]);
  const w = reweighingWeights(groupOf, labels, 2);
  // w(0, 1) = 3·3/(8·2) = 9/16; w(0, 0) = 3·5/(8·1) = 15/8; w(1, 1) = 5·3/(8·1) = 15/8; w(1, 0) = 5·5/(8·4) = 25/32.
  assert.deepEqual(Array.from(w), [9 / 16, 9 / 16, 15 / 8, 15 / 8, 25 / 32, 25 / 32, 25 / 32, 25 / 32]);
  const weightedRate = (g: number) => {
    let pos = 0;
    let all = 0;
    groupOf.forEach((v, i) => {
      if (v !== g) return;
      all += w[i] as number;
      pos += (w[i] as number) * (labels[i] as number);
    });
    return pos / all;
  };
  assert.ok(Math.abs(weightedRate(0) - 3 / 8) < 1e-15 && Math.abs(weightedRate(1) - 3 / 8) < 1e-15);
  assert.ok(Math.abs(w.reduce((s, v) => s + v, 0) - 8) < 1e-12);
});

test("group thresholds for demographic parity give each group the overall selection rate", () => {
  // Overall at 0.5: 5 of 10 selected (0.9, 0.8, 0.6, 0.55, 0.7), a rate of 0.5. Each group of 5
  // needs round(2.5) = 3: group 0's 3rd highest is 0.6, group 1's is 0.25 (it had one row above 0.5).
  const proba = Float64Array.from([0.9, 0.8, 0.6, 0.55, 0.2, 0.7, 0.3, 0.25, 0.1, 0.05]);
  const groupOf = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  const labels = Uint8Array.from([1, 1, 0, 1, 0, 1, 1, 0, 0, 0]);
  const input = { proba, labels, groupOf, groups: 2, threshold: 0.5, goal: "demographic-parity" as const, favourable: "positive" as const };
  const thresholds = fitGroupThresholds(input);
  assert.deepEqual(thresholds, [0.6, 0.25]);
  assert.deepEqual(Array.from(decideByGroup(proba, groupOf, thresholds)), [1, 1, 1, 0, 0, 1, 1, 1, 0, 0]);
  // Equal opportunity, selection favourable: overall TPR at 0.5 is 4 of 5 positives; group 0 has 3
  // positives → round(2.4) = 2 → its 2nd highest positive (0.8); group 1 has 2 → round(1.6) = 2 → 0.3.
  assert.deepEqual(fitGroupThresholds({ ...input, goal: "equal-opportunity" }), [0.8, 0.3]);
  // Small groups keep the model's threshold; a group whose share rounds to none selects no one.
  assert.deepEqual(fitGroupThresholds({ ...input, minRows: 6 }), [0.5, 0.5]);
  assert.deepEqual(fitGroupThresholds({ ...input, threshold: 0.95 }), [NO_SELECTION, NO_SELECTION]);
  const crossFitted = crossFittedDecisions(input, 5, 1);
  assert.equal(crossFitted.length, 10);
});

test("CBPE: the expected AUC of calibrated probabilities, by hand and against simulated outcomes", () => {
  // Two rows, p = 0.8 and 0.2: P(pos above neg) = 0.8·0.8 + ½·(0.8·0.2 + 0.2·0.8) (a row against itself ties) = 0.8.
  assert.ok(Math.abs(estimateAuc(Float64Array.from([0.8, 0.2]), 1, 10).value - 0.8) < 1e-15);
  assert.equal(estimateAuc(Float64Array.from([0.3, 0.3, 0.3]), 1, 10).value, 0.5);
  const rng = new Rng(2);
  const n = 20000;
  const p = Float64Array.from({ length: n }, () => 1 / (1 + Math.exp(-(rng.normal() * 1.5 - 1))));
  const y = Uint8Array.from(p, (v) => (rng.next() < v ? 1 : 0));
  const estimate = estimateAuc(p, 3);
  const real = rocAuc(p, y);
  assert.ok(Math.abs(estimate.value - real) < 0.01, `estimated ${estimate.value}, real ${real}`);
  assert.ok(estimate.low < real && real < estimate.high, `${real} outside ${estimate.low}–${estimate.high}`);
});
