/**
 * Percentile bootstrap intervals (Efron): resample rows with replacement, recompute the
 * statistic, and take the 2.5th and 97.5th percentiles of the replicates. The fairness
 * audit resamples within each group, so every replicate keeps each group's size, as its
 * group metrics condition on it. Seeded by the Rng, so the same seed gives the same intervals.
 */
import { Rng } from "../core/rng.js";

export interface Interval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export const DEFAULT_BOOTSTRAP = 1000;

/** Quantile q of ascending `sorted` with linear interpolation between order statistics (numpy's default). */
export function quantileOf(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const at = q * (n - 1);
  const lo = Math.floor(at);
  const hi = Math.min(n - 1, lo + 1);
  return (sorted[lo] as number) + (at - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/** A 95 % percentile interval around `value` from its replicates (NaN replicates ignored). */
export function percentileInterval(value: number, replicates: ArrayLike<number>, level = 0.95): Interval {
  const finite = Float64Array.from(replicates).filter((v) => !Number.isNaN(v)).sort();
  if (Number.isNaN(value) || finite.length === 0) return { value, low: Number.NaN, high: Number.NaN };
  const tail = (1 - level) / 2;
  return { value, low: quantileOf(finite, tail), high: quantileOf(finite, 1 - tail) };
}

/**
 * One resample of n rows with replacement, as the number of times each row is drawn
 * (written into `counts`, which is cleared first). Counting instead of listing lets the
 * statistics be computed as weighted sums over a fixed order of the rows.
 */
export function resampleCounts(rng: Rng, counts: Int32Array): Int32Array {
  const n = counts.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const at = rng.int(n);
    counts[at] = (counts[at] as number) + 1;
  }
  return counts;
}

/** The rows of each group, in row order. */
export function groupMembers(groupOf: Int32Array, groups: number): Int32Array[] {
  const counts = new Int32Array(groups);
  for (const g of groupOf) counts[g] = (counts[g] as number) + 1;
  const members = Array.from(counts, (c) => new Int32Array(c));
  const filled = new Int32Array(groups);
  groupOf.forEach((g, r) => {
    (members[g] as Int32Array)[filled[g] as number] = r;
    filled[g] = (filled[g] as number) + 1;
  });
  return members;
}
