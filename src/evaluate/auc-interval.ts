/**
 * A confidence interval for one ROC AUC by DeLong's method (DeLong, DeLong & Clarke-Pearson,
 * Biometrics 44:837-845, 1988), with the placement values computed from midranks in one sort
 * (Sun & Xu, IEEE Signal Processing Letters 21:1389-1393, 2014) rather than over all pairs.
 */
import { checkScored } from "./auc.js";

export interface AucInterval {
  readonly auc: number;
  readonly low: number;
  readonly high: number;
  /** Two-sided coverage, 0.95. */
  readonly level: number;
  /** DeLong's standard error of the AUC. */
  readonly se: number;
  readonly method: "delong";
}

const Z_95 = 1.959963984540054;

/** NaN bounds when a class is missing or has a single row (its variance is undefined). */
export function aucInterval(scores: ArrayLike<number>, y: Uint8Array): AucInterval {
  checkScored(scores, y);
  const { positive, negative } = placements(scores, y);
  const m = positive.length;
  const n = negative.length;
  if (m < 2 || n < 2) return { auc: m > 0 && n > 0 ? mean(positive) : Number.NaN, low: Number.NaN, high: Number.NaN, level: 0.95, se: Number.NaN, method: "delong" };
  const auc = mean(positive);
  const se = Math.sqrt(variance(positive) / m + variance(negative) / n);
  return { auc, low: Math.max(0, auc - Z_95 * se), high: Math.min(1, auc + Z_95 * se), level: 0.95, se, method: "delong" };
}

/**
 * DeLong's placement values: for each positive, the share of negatives it outscores (ties ½);
 * for each negative, the share of positives that outscore it (ties ½).
 * Their means are both the AUC.
 */
export function placements(scores: ArrayLike<number>, y: Uint8Array): { positive: Float64Array; negative: Float64Array } {
  const all = midranks(scores, () => true);
  const pos = midranks(scores, (i) => y[i] === 1);
  const neg = midranks(scores, (i) => y[i] !== 1);
  let m = 0;
  for (const label of y) if (label === 1) m++;
  const n = y.length - m;
  const positive = new Float64Array(m);
  const negative = new Float64Array(n);
  let p = 0;
  let q = 0;
  for (let i = 0; i < y.length; i++) {
    const rankAll = all[i] as number;
    // Negatives below positive i (ties ½) = its rank among all minus its rank among positives.
    if (y[i] === 1) positive[p++] = (rankAll - (pos[i] as number)) / n;
    else negative[q++] = 1 - (rankAll - (neg[i] as number)) / m;
  }
  return { positive, negative };
}

/** 1-based midranks (tied scores share the mean of their ranks) among the rows kept by `keep`, indexed by row. */
function midranks(scores: ArrayLike<number>, keep: (i: number) => boolean): Float64Array {
  const rows: number[] = [];
  for (let i = 0; i < scores.length; i++) if (keep(i)) rows.push(i);
  rows.sort((a, b) => (scores[a] as number) - (scores[b] as number));
  const ranks = new Float64Array(scores.length);
  let start = 0;
  while (start < rows.length) {
    let end = start;
    const s = scores[rows[start] as number] as number;
    while (end + 1 < rows.length && scores[rows[end + 1] as number] === s) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[rows[k] as number] = rank;
    start = end + 1;
  }
  return ranks;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample variance (n − 1), as DeLong's S10 and S01. */
function variance(values: Float64Array): number {
  const mu = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - mu) * (v - mu);
  return sum / (values.length - 1);
}
