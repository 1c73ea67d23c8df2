import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../src/core/errors.js";
import { stratifiedFolds } from "../../src/evaluate/folds.js";

function labels(positives: number, negatives: number): Uint8Array {
  const y = new Uint8Array(positives + negatives);
  // Spread the positives out so that stratification, not position, decides the folds.
  for (let i = 0; i < positives; i++) y[(i * 3) % y.length] = 1;
  assert.equal(y.reduce((a, b) => a + b, 0), positives);
  return y;
}

describe("stratifiedFolds", () => {
  it("gives every fold ⌊ or ⌈ its share of each class and of all rows", () => {
    const y = labels(11, 26);
    const fold = stratifiedFolds(y, 5, 42);
    const pos = new Array<number>(5).fill(0);
    const neg = new Array<number>(5).fill(0);
    fold.forEach((f, i) => (y[i] === 1 ? pos[f]!++ : neg[f]!++));
    const posTotal = 11;
    for (let f = 0; f < 5; f++) {
      assert.ok(pos[f] === Math.floor(posTotal / 5) || pos[f] === Math.ceil(posTotal / 5), `positives ${pos}`);
      assert.ok(neg[f] === Math.floor((37 - posTotal) / 5) || neg[f] === Math.ceil((37 - posTotal) / 5), `negatives ${neg}`);
      const size = pos[f]! + neg[f]!;
      assert.ok(size === 7 || size === 8, `fold ${f} has ${size} rows`);
    }
  });

  it("is deterministic per seed and differs between seeds", () => {
    const y = labels(30, 70);
    assert.deepEqual(stratifiedFolds(y, 5, 7), stratifiedFolds(y, 5, 7));
    assert.notDeepEqual(stratifiedFolds(y, 5, 7), stratifiedFolds(y, 5, 8));
  });

  it("says how many rows a class has and how many are needed", () => {
    const y = Uint8Array.of(1, 1, 1, 0, 0, 0, 0, 0, 0);
    assert.throws(
      () => stratifiedFolds(y, 5, 1),
      (e: unknown) => e instanceof LeadscoreError && e.code === "data" && /positive class has 3 rows/.test(e.message) && /5 are needed/.test(e.message),
    );
    assert.throws(() => stratifiedFolds(y, 1, 1), (e: unknown) => e instanceof LeadscoreError && e.code === "usage");
  });
});
