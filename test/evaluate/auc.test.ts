import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../src/core/errors.js";
import { descendingOrder, rocAuc, rocCurve } from "../../src/evaluate/auc.js";

const close = (actual: number, expected: number, tol = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} != ${expected}`);

describe("rocAuc", () => {
  it("counts a tied positive-negative pair as one half", () => {
    // Pairs: each 0.5 positive ties the 0.5 negative (½) and beats 0.1 (1): (1.5 + 1.5) / 4.
    close(rocAuc(Float64Array.of(0.5, 0.5, 0.5, 0.1), Uint8Array.of(1, 1, 0, 0)), 0.75);
  });

  it("matches the pair count on a larger hand fixture", () => {
    // Positives 0.9, 0.8, 0.4 against negatives 0.8, 0.4, 0.1: 3 + 2.5 + 1.5 = 7 of 9 pairs.
    close(rocAuc(Float64Array.of(0.9, 0.8, 0.8, 0.4, 0.4, 0.1), Uint8Array.of(1, 1, 0, 1, 0, 0)), 7 / 9);
  });

  it("is 1 for a perfect ranking, 0 for a reversed one, ½ for a constant score", () => {
    const y = Uint8Array.of(0, 0, 1, 1);
    close(rocAuc(Float64Array.of(0.1, 0.2, 0.3, 0.4), y), 1);
    close(rocAuc(Float64Array.of(0.4, 0.3, 0.2, 0.1), y), 0);
    close(rocAuc(Float64Array.of(0.5, 0.5, 0.5, 0.5), y), 0.5);
  });

  it("weighs a row of weight k like k copies of it", () => {
    const scores = Float64Array.of(0.9, 0.7, 0.7, 0.6, 0.3, 0.2, 0.2);
    const y = Uint8Array.of(1, 0, 1, 1, 0, 1, 0);
    const weights = Float64Array.of(2, 1, 3, 0, 1, 2, 4);
    const dupScores: number[] = [];
    const dupY: number[] = [];
    weights.forEach((w, i) => {
      for (let k = 0; k < w; k++) (dupScores.push(scores[i]!), dupY.push(y[i]!));
    });
    close(rocAuc(scores, y, weights), rocAuc(Float64Array.from(dupScores), Uint8Array.from(dupY)));
  });

  it("is NaN with one class only", () => {
    assert.ok(Number.isNaN(rocAuc(Float64Array.of(0.2, 0.4), Uint8Array.of(0, 0))));
  });

  it("rejects NaN scores and mismatched lengths", () => {
    assert.throws(() => rocAuc(Float64Array.of(0.2, Number.NaN), Uint8Array.of(0, 1)), (e: unknown) => e instanceof LeadscoreError && /row 2/.test(e.message));
    assert.throws(() => rocAuc(Float64Array.of(0.2), Uint8Array.of(0, 1)), LeadscoreError);
  });
});

describe("rocCurve", () => {
  it("walks distinct scores from (0,0) to (1,1), ties diagonally", () => {
    const curve = rocCurve(Float64Array.of(0.9, 0.8, 0.8, 0.4, 0.4, 0.1), Uint8Array.of(1, 1, 0, 1, 0, 0));
    assert.deepEqual(curve.thresholds, [Infinity, 0.9, 0.8, 0.4, 0.1]);
    assert.deepEqual(curve.tpr, [0, 1 / 3, 2 / 3, 1, 1]);
    assert.deepEqual(curve.fpr, [0, 0, 1 / 3, 2 / 3, 1]);
  });
});

describe("descendingOrder", () => {
  it("keeps tied rows in input order", () => {
    assert.deepEqual(Array.from(descendingOrder([0.2, 0.5, 0.2, 0.9, 0.5])), [3, 1, 4, 0, 2]);
  });
});
