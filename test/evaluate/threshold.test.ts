import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseThreshold, chooseThresholdBy, confusionAt } from "../../src/evaluate/threshold.js";

describe("chooseThreshold", () => {
  it("finds the max-F1 cut by hand", () => {
    // F1 at 0.9, 0.8, 0.7, 0.6, 0.5, 0.4: ½, ⅖, ⅔, 6/7, ¾, ⅔ → 0.6.
    const proba = Float64Array.of(0.5, 0.9, 0.6, 0.4, 0.8, 0.7);
    const y = Uint8Array.of(0, 1, 1, 0, 0, 1);
    const choice = chooseThreshold(proba, y);
    assert.deepEqual(choice, {
      value: 0.6,
      rule: "max-f1",
      confusion: { tp: 3, fp: 1, tn: 2, fn: 0 },
      precision: 0.75,
      recall: 1,
      f1: 6 / 7,
      accuracy: 5 / 6,
    });
    assert.deepEqual(confusionAt(proba, y, 0.6), choice.confusion);
  });

  it("treats tied probabilities as one cut", () => {
    // 0.7 (tie of a positive and a negative): F1 ½; 0.3: F1 ⅘.
    const choice = chooseThreshold(Float64Array.of(0.7, 0.7, 0.3), Uint8Array.of(1, 0, 1));
    assert.equal(choice.value, 0.3);
    assert.deepEqual(choice.confusion, { tp: 2, fp: 1, tn: 0, fn: 0 });
  });

  it("supports max-accuracy and youden", () => {
    const proba = Float64Array.of(0.9, 0.8, 0.7, 0.6, 0.5, 0.4);
    const y = Uint8Array.of(1, 1, 0, 0, 1, 0);
    // Right at 0.9..0.4: 4, 5, 4, 3, 4, 3 → 0.8; TPR − FPR: ⅓, ⅔, ⅓, 0, ⅓, 0 → 0.8.
    assert.equal(chooseThreshold(proba, y, "max-accuracy").value, 0.8);
    assert.equal(chooseThreshold(proba, y, "youden").value, 0.8);
  });
});

describe("confusionAt", () => {
  it("counts proba ≥ value as positive", () => {
    assert.deepEqual(confusionAt(Float64Array.of(0.5, 0.49, 0.5, 0.2), Uint8Array.of(1, 1, 0, 0), 0.5), { tp: 1, fp: 1, tn: 1, fn: 1 });
  });
});

it("chooses cost and capacity thresholds by hand", () => {
  // Scores high to low: 0.9 P, 0.8 N, 0.7 P, 0.6 N, 0.5 P, 0.4 N, 0.3 N
  const proba = Float64Array.of(0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3);
  const y = Uint8Array.of(1, 0, 1, 0, 1, 0, 0);
  // fn costs 5, fp 1: cut at 0.5 flags 5 rows: FP 2, FN 0 -> cost 2; cut at 0.7: FP 1, FN 1 -> 6; cut 0.9: FN 2 -> 10.
  const cost = chooseThresholdBy(proba, y, { rule: "cost", fp: 1, fn: 5 });
  assert.equal(cost.value, 0.5);
  assert.deepEqual(cost.confusion, { tp: 3, fp: 2, tn: 2, fn: 0 });
  assert.equal(cost.rule, "cost fp=1 fn=5");
  const capacity = chooseThresholdBy(proba, y, { rule: "capacity", rows: 3 });
  assert.equal(capacity.value, 0.7);
  assert.equal(capacity.confusion.tp + capacity.confusion.fp, 3);
  const share = chooseThresholdBy(proba, y, { rule: "capacity", share: 2 / 7 });
  assert.equal(share.value, 0.8);
});
