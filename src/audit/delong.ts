/**
 * DeLong, DeLong & Clarke-Pearson (1988): the variance of an AUC, and of the difference of
 * two AUCs measured on the same rows, from the "structural components" of each score:
 *
 *   V10(x_i) = (1/n) Σ_j ψ(x_i, y_j)   for each positive i (n negatives)
 *   V01(y_j) = (1/m) Σ_i ψ(x_i, y_j)   for each negative j (m positives)
 *
 * with ψ = 1 when the positive scores higher, ½ on a tie, 0 otherwise; AUC is the mean of
 * either. With S10, S01 the sample covariance matrices (over the two scorers) of V10 and
 * V01, Var(AUC_a − AUC_b) = (S10_aa + S10_bb − 2 S10_ab)/m + (S01_aa + S01_bb − 2 S01_ab)/n.
 * The components come from midranks (Sun & Xu 2014), so the cost is one sort per scorer.
 */
import { LeadscoreError } from "../core/errors.js";
import { Z95, twoSidedP } from "./normal-distribution.js";

export interface DelongComponents {
  readonly auc: number;
  /** One per positive row, in row order. */
  readonly v10: Float64Array;
  /** One per negative row, in row order. */
  readonly v01: Float64Array;
}

export interface DelongTest {
  readonly aucA: number;
  readonly aucB: number;
  /** aucB − aucA. */
  readonly diff: number;
  readonly variance: number;
  readonly z: number;
  readonly pValue: number;
  /** 95 % interval of the difference. */
  readonly low: number;
  readonly high: number;
  readonly varianceA: number;
  readonly varianceB: number;
  readonly covariance: number;
}

export function delongComponents(scores: ArrayLike<number>, y: Uint8Array): DelongComponents {
  if (scores.length !== y.length) throw new LeadscoreError("internal", `${scores.length} scores but ${y.length} labels.`);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const s = scores[i] as number;
    if (!Number.isFinite(s)) throw new LeadscoreError("data", `The score of row ${i + 1} is ${s}; every score must be a finite number.`);
    (y[i] === 1 ? pos : neg).push(s);
  }
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) throw new LeadscoreError("data", "An AUC needs rows of both outcomes.");
  const all = midranks([...pos, ...neg]);
  const rankPos = midranks(pos);
  const rankNeg = midranks(neg);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  // Among all rows, a positive's midrank minus its midrank among positives counts the negatives below it (ties ½).
  for (let i = 0; i < m; i++) v10[i] = ((all[i] as number) - (rankPos[i] as number)) / n;
  for (let j = 0; j < n; j++) v01[j] = 1 - ((all[m + j] as number) - (rankNeg[j] as number)) / m;
  let auc = 0;
  for (const v of v10) auc += v;
  return { auc: auc / m, v10, v01 };
}

/** Variance of one AUC. */
export function delongVariance(c: DelongComponents): number {
  return covariance(c.v10, c.v10) / c.v10.length + covariance(c.v01, c.v01) / c.v01.length;
}

/** Paired test of AUC_b − AUC_a on the same labelled rows. */
export function delongTest(a: ArrayLike<number>, b: ArrayLike<number>, y: Uint8Array): DelongTest {
  const ca = delongComponents(a, y);
  const cb = delongComponents(b, y);
  const m = ca.v10.length;
  const n = ca.v01.length;
  const varianceA = delongVariance(ca);
  const varianceB = delongVariance(cb);
  const cov = covariance(ca.v10, cb.v10) / m + covariance(ca.v01, cb.v01) / n;
  const variance = Math.max(0, varianceA + varianceB - 2 * cov);
  const diff = cb.auc - ca.auc;
  const se = Math.sqrt(variance);
  const z = se > 0 ? diff / se : diff === 0 ? 0 : Math.sign(diff) * Number.POSITIVE_INFINITY;
  return { aucA: ca.auc, aucB: cb.auc, diff, variance, z, pValue: twoSidedP(z), low: diff - Z95 * se, high: diff + Z95 * se, varianceA, varianceB, covariance: cov };
}

/** Sample covariance (divisor k − 1); 0 for a single value. */
function covariance(u: Float64Array, v: Float64Array): number {
  const k = u.length;
  if (k < 2) return 0;
  let mu = 0;
  let mv = 0;
  for (let i = 0; i < k; i++) {
    mu += u[i] as number;
    mv += v[i] as number;
  }
  mu /= k;
  mv /= k;
  let sum = 0;
  for (let i = 0; i < k; i++) sum += ((u[i] as number) - mu) * ((v[i] as number) - mv);
  return sum / (k - 1);
}

/** 1-based midranks (ties share the mean of their ranks), in input order. */
export function midranks(values: readonly number[]): Float64Array {
  const order = Array.from(values.keys()).sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Float64Array(values.length);
  let k = 0;
  while (k < order.length) {
    let end = k + 1;
    while (end < order.length && values[order[end] as number] === values[order[k] as number]) end++;
    const rank = (k + 1 + end) / 2;
    for (let j = k; j < end; j++) ranks[order[j] as number] = rank;
    k = end;
  }
  return ranks;
}
