/**
 * Inductive Venn-Abers intervals (Vovk & Petej 2014; Vovk, Petej & Fedorova 2015). The
 * out-of-fold raw scores are the calibration set. For a new row, isotonic regression is
 * fitted twice with the row added, once labelled 0 and once 1; the two fitted values at
 * the row, p0 ≤ p1, form the interval. Guarantee, when the calibration rows are scored by
 * the model that scores the new rows: the bound of a row's actual label is perfectly
 * calibrated in expectation over samples, so over a band of the model's score the positive
 * rate lies between the band's average p0 and average p1. Out-of-fold scores come from fold
 * models, not the final one, so here the guarantee is approached, not exact (README).
 *
 * Scores are first cut into at most `bins` equal-count bins (a monotone coarsening of the
 * score, for which the guarantee holds unchanged), so the pairs are precomputed per bin
 * and scoring is a binary search.
 *
 * The intervals of every family but logistic regression, which has a pointwise Wald
 * interval instead (confidence-interval.ts says why the others have none).
 */
import { poolAdjacentViolators } from "./isotonic.js";

export interface VennAbersIntervals {
  readonly method: "venn-abers";
  /** Upper raw-score bound of each bin (the last bin takes everything above). */
  readonly upper: readonly number[];
  readonly p0: readonly number[];
  readonly p1: readonly number[];
}

export const DEFAULT_VENN_ABERS_BINS = 200;

export function fitVennAbers(raw: Float64Array, y: Uint8Array, bins = DEFAULT_VENN_ABERS_BINS): VennAbersIntervals {
  const order = Array.from(raw.keys()).sort((a, b) => (raw[a] as number) - (raw[b] as number) || a - b);
  const n = order.length;
  const upper: number[] = [];
  const rows: number[] = [];
  const positives: number[] = [];
  let start = 0;
  for (let b = 1; b <= bins && start < n; b++) {
    let end = Math.max(start + 1, Math.round((b * n) / bins));
    if (b === bins) end = n;
    // Rows tied at the cut stay in one bin.
    while (end < n && raw[order[end] as number] === raw[order[end - 1] as number]) end++;
    let k = 0;
    for (let i = start; i < end; i++) k += y[order[i] as number] as number;
    upper.push(raw[order[end - 1] as number] as number);
    rows.push(end - start);
    positives.push(k);
    start = end;
  }
  const p0: number[] = [];
  const p1: number[] = [];
  const rates = new Float64Array(rows.length);
  const weights = new Float64Array(rows.length);
  for (let b = 0; b < rows.length; b++) {
    for (const label of [0, 1]) {
      for (let j = 0; j < rows.length; j++) {
        const extra = j === b ? 1 : 0;
        weights[j] = (rows[j] as number) + extra;
        rates[j] = ((positives[j] as number) + extra * label) / (weights[j] as number);
      }
      const fitted = poolAdjacentViolators(rates, weights)[b] as number;
      (label === 0 ? p0 : p1).push(fitted);
    }
  }
  return { method: "venn-abers", upper, p0, p1 };
}

export function vennAbersAt(intervals: VennAbersIntervals, raw: number): { low: number; high: number } {
  const { upper } = intervals;
  let lo = 0;
  let hi = upper.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (raw <= (upper[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return { low: intervals.p0[lo] as number, high: intervals.p1[lo] as number };
}
