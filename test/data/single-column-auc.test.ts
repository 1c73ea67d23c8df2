import assert from "node:assert/strict";
import { test } from "node:test";
import { rankAuc, separationAuc } from "../../src/data/single-column-auc.js";

/** Pairwise definition: P(positive > negative) + P(equal) / 2. */
function bruteAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (labels[i] !== 1 || Number.isNaN(p)) return;
    scores.forEach((n, j) => {
      if (labels[j] === 1 || Number.isNaN(n)) return;
      pairs++;
      wins += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

test("known answers", () => {
  assert.equal(rankAuc([1, 2, 3, 4], [0, 0, 1, 1]), 1);
  assert.equal(rankAuc([4, 3, 2, 1], [0, 0, 1, 1]), 0);
  assert.equal(rankAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.equal(rankAuc([5, 5, 5, 5], [0, 1, 0, 1]), 0.5);
  assert.equal(rankAuc([1, 2, 2, 3], [0, 1, 0, 1]), 0.875); // one tie counts a half
  assert.equal(rankAuc([1, NaN, 3, NaN], [0, 0, 1, 1]), 1); // NaN rows left out
  assert.ok(Number.isNaN(rankAuc([1, 2], [1, 1])));
  assert.ok(Number.isNaN(rankAuc([], [])));
  assert.equal(separationAuc(0.2), 0.8);
  assert.equal(separationAuc(0.7), 0.7);
});

test("matches the pairwise definition on data full of ties", () => {
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let trial = 0; trial < 20; trial++) {
    const n = 50 + trial * 7;
    const scores = Array.from({ length: n }, () => (next() < 0.05 ? NaN : Math.floor(next() * 6)));
    const labels = Array.from({ length: n }, () => (next() < 0.3 ? 1 : 0));
    assert.ok(Math.abs(rankAuc(scores, labels) - bruteAuc(scores, labels)) < 1e-12, `trial ${trial}`);
  }
});
