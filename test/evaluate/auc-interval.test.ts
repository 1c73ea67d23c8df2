import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rocAuc } from "../../src/evaluate/auc.js";
import { aucInterval, placements } from "../../src/evaluate/auc-interval.js";
import { Rng } from "../../src/core/rng.js";

const close = (actual: number, expected: number, tol = 1e-12): void => assert.ok(Math.abs(actual - expected) <= tol, `${actual} != ${expected}`);

/** DeLong's placement values over all pairs, straight from the definition. */
function bruteForce(scores: readonly number[], y: readonly number[]) {
  const pos = scores.filter((_, i) => y[i] === 1);
  const neg = scores.filter((_, i) => y[i] !== 1);
  const psi = (x: number, z: number) => (x > z ? 1 : x === z ? 0.5 : 0);
  return {
    positive: pos.map((x) => neg.reduce((s, z) => s + psi(x, z), 0) / neg.length),
    negative: neg.map((z) => pos.reduce((s, x) => s + psi(x, z), 0) / pos.length),
  };
}

describe("aucInterval (DeLong)", () => {
  it("matches a hand computation", () => {
    // Positives 3, 2; negatives 1, 2. Placements: positives 1 and ¾, negatives 1 and ¾;
    // AUC ⅞; S10 = S01 = 1/32; var = S10/2 + S01/2 = 1/32.
    const r = aucInterval(Float64Array.of(3, 2, 1, 2), Uint8Array.of(1, 1, 0, 0));
    close(r.auc, 0.875);
    close(r.se, Math.sqrt(1 / 32));
    close(r.low, 0.875 - 1.959963984540054 * Math.sqrt(1 / 32));
    assert.equal(r.high, 1, "clipped to 1");
    assert.equal(r.method, "delong");
  });

  it("computes the placement values of every row as the pairwise definition, ties included", () => {
    const rng = new Rng(5);
    const scores = Array.from({ length: 300 }, () => Math.round(rng.next() * 20) / 20);
    const y = scores.map((s) => (rng.next() < 0.2 + 0.5 * s ? 1 : 0));
    const fast = placements(Float64Array.from(scores), Uint8Array.from(y));
    const slow = bruteForce(scores, y);
    assert.equal(fast.positive.length, slow.positive.length);
    fast.positive.forEach((v, i) => close(v, slow.positive[i] as number));
    fast.negative.forEach((v, i) => close(v, slow.negative[i] as number));
    close(aucInterval(Float64Array.from(scores), Uint8Array.from(y)).auc, rocAuc(Float64Array.from(scores), Uint8Array.from(y)));
  });

  it("narrows as rows grow, and has no width without two rows of each class", () => {
    const make = (n: number) => {
      const rng = new Rng(9);
      const y = Uint8Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0));
      const s = Float64Array.from(y, (label) => rng.next() + 0.6 * label);
      return aucInterval(s, y);
    };
    const small = make(200);
    const large = make(5000);
    assert.ok(large.high - large.low < small.high - small.low);
    assert.ok(small.low < small.auc && small.auc < small.high);
    assert.ok(Number.isNaN(aucInterval(Float64Array.of(0.9, 0.1, 0.2), Uint8Array.of(1, 0, 0)).low));
  });
});
