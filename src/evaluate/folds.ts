/**
 * Stratified k-fold assignment: each class is shuffled on its own with the seeded Rng and
 * dealt round-robin, so every fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of each class c.
 */
import { LeadscoreError } from "../core/errors.js";
import { Rng } from "../core/rng.js";

/** The fold (0..k−1) of every row; the same labels, k and seed always give the same folds. */
export function stratifiedFolds(y: Uint8Array, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) {
    throw new LeadscoreError("usage", `Cross-validation needs a whole number of folds of at least 2, got ${k}.`, { field: "folds" });
  }
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? positives : negatives).push(i);
  for (const [name, rows] of [
    ["positive", positives],
    ["negative", negatives],
  ] as const) {
    if (rows.length < k) {
      throw new LeadscoreError(
        "data",
        `Cannot make ${k} stratified folds: the ${name} class has ${rows.length} row${rows.length === 1 ? "" : "s"}, ` +
          `and each fold needs at least one, so ${k} are needed. Use fewer folds or more data.`,
        { field: "folds" },
      );
    }
  }
  const rng = new Rng(seed);
  rng.shuffle(positives);
  rng.shuffle(negatives);
  const fold = new Int32Array(y.length);
  positives.forEach((row, j) => (fold[row] = j % k));
  // Negatives continue the deal where positives stopped, so fold sizes also differ by ≤ 1.
  negatives.forEach((row, j) => (fold[row] = (positives.length + j) % k));
  return fold;
}
