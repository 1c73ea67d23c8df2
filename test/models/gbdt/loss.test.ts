import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { binaryLogLoss } from "../../../src/models/gbdt/loss.js";

describe("binary log loss", () => {
  it("starts from the log-odds of the weighted positive rate", () => {
    const y = Uint8Array.of(1, 0, 0, 0);
    assert.ok(Math.abs(binaryLogLoss.initScore(y, null) - Math.log(1 / 3)) < 1e-12);
    // weight 3 on the positive: 3 of 6
    assert.ok(Math.abs(binaryLogLoss.initScore(y, Float64Array.of(3, 1, 1, 1))) < 1e-12);
    assert.ok(Number.isFinite(binaryLogLoss.initScore(Uint8Array.of(1, 1), null)));
  });

  it("has gradients and hessians that match finite differences of its value", () => {
    const y = Uint8Array.of(1, 0, 1);
    const raw = Float64Array.of(-1.5, 0.3, 2);
    const w = Float64Array.of(1, 2, 0.5);
    const grad = new Float64Array(3);
    const hess = new Float64Array(3);
    binaryLogLoss.gradients(y, raw, w, grad, hess);
    const total = w.reduce((a, b) => a + b, 0);
    const h = 1e-5;
    for (let i = 0; i < 3; i++) {
      const at = (d: number): number => {
        const shifted = Float64Array.from(raw);
        shifted[i] = (shifted[i] as number) + d;
        return binaryLogLoss.value(y, shifted, w) * total; // value is the weighted mean
      };
      const first = (at(h) - at(-h)) / (2 * h);
      const second = (at(h) - 2 * at(0) + at(-h)) / (h * h);
      assert.ok(Math.abs(first - (grad[i] as number)) < 1e-6, `gradient ${i}`);
      assert.ok(Math.abs(second - (hess[i] as number)) < 1e-4, `hessian ${i}`);
    }
  });

  it("stays finite for extreme scores", () => {
    const y = Uint8Array.of(1, 0);
    const raw = Float64Array.of(-800, 800);
    const grad = new Float64Array(2);
    const hess = new Float64Array(2);
    binaryLogLoss.gradients(y, raw, null, grad, hess);
    assert.deepEqual(Array.from(grad), [-1, 1]);
    assert.ok(hess.every((v) => v > 0));
    assert.equal(binaryLogLoss.value(y, raw, null), 800);
  });
});
