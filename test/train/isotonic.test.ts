import assert from "node:assert/strict";
import { test } from "node:test";
import { fitIsotonic, isotonicAt, poolAdjacentViolators } from "../../src/train/isotonic.js";

test("pool adjacent violators on a hand example", () => {
  // 1, 3, 2, 4 -> 1, 2.5, 2.5, 4 ; then 5, 0 (weights 1, 3) -> pooled 1.25
  const fitted = poolAdjacentViolators(Float64Array.of(1, 3, 2, 4, 5, 0), Float64Array.of(1, 1, 1, 1, 1, 3));
  // Blocks: [1], [3,2]=2.5, [4,5,0 w1,1,3] = (4+5+0)/5 = 1.8 -> violates 2.5 -> pool [3,2,4,5,0] = (3+2+4+5+0)/7 = 2
  assert.deepEqual(Array.from(fitted), [1, 2, 2, 2, 2, 2]);
});

test("isotonic calibration: monotone, exact on a separable step, interpolates between knots", () => {
  const raw = Float64Array.of(-2, -1, 0, 1, 2, 3);
  const y = Uint8Array.of(0, 0, 1, 0, 1, 1);
  const fit = fitIsotonic(raw, y);
  assert.deepEqual(fit.x, [-2, -1, 0, 1, 2, 3]);
  assert.deepEqual(fit.y, [0, 0, 0.5, 0.5, 1, 1]);
  assert.equal(isotonicAt(fit, -5), 0);
  assert.equal(isotonicAt(fit, 0.5), 0.5);
  assert.equal(isotonicAt(fit, 1.5), 0.75);
  assert.equal(isotonicAt(fit, 9), 1);
});
