/**
 * ROC analysis. Everything ranks rows by descending score and walks the distinct scores
 * once (scikit-learn's `_binary_clf_curve`), so tied scores move the curve diagonally:
 * the trapezoid area then equals the Mann-Whitney statistic with ties counted as ½.
 */
import { LeadscoreError } from "../core/errors.js";

/** Cumulative (weighted) counts at each distinct score, from the highest score down. */
export interface ScoreCurve {
  /** Distinct scores, descending; "positive" means score ≥ threshold. */
  readonly thresholds: number[];
  /** Positives (weight) scored at or above each threshold. */
  readonly truePositives: number[];
  /** Negatives (weight) scored at or above each threshold. */
  readonly falsePositives: number[];
  /** Total positive and negative weight. */
  readonly positives: number;
  readonly negatives: number;
}

export interface RocCurve {
  /** Starts at +Infinity (nothing predicted positive), then the distinct scores descending. */
  readonly thresholds: number[];
  readonly fpr: number[];
  readonly tpr: number[];
}

/** Rejects inputs of different lengths, non-finite scores and bad weights, before any metric runs. */
export function checkScored(scores: ArrayLike<number>, y: Uint8Array, weights?: Float64Array): void {
  if (scores.length !== y.length) {
    throw new LeadscoreError("internal", `${scores.length} scores but ${y.length} labels.`);
  }
  if (weights !== undefined && weights.length !== y.length) {
    throw new LeadscoreError("internal", `${weights.length} weights but ${y.length} labels.`);
  }
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (!Number.isFinite(s)) throw new LeadscoreError("data", `The score of row ${i + 1} is ${s}; every score must be a finite number.`);
    if (weights !== undefined) {
      const w = weights[i] as number;
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new LeadscoreError("data", `Row ${i + 1} has weight ${w}; weights must be finite and not negative.`);
      }
    }
  }
}

/** Row indices by descending score; equal scores keep input order (a stable sort). */
export function descendingOrder(scores: ArrayLike<number>): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // The index tie-break makes the order stable whatever the sort algorithm.
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return order;
}

/** Cumulative counts per distinct score. Rows of weight 0 are left out entirely. */
export function scoreCurve(scores: ArrayLike<number>, y: Uint8Array, weights?: Float64Array): ScoreCurve {
  checkScored(scores, y, weights);
  let order = descendingOrder(scores);
  if (weights !== undefined) order = order.filter((i) => (weights[i] as number) > 0);
  const thresholds: number[] = [];
  const truePositives: number[] = [];
  const falsePositives: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (y[i] === 1) tp += w;
    else fp += w;
    const score = scores[i] as number;
    // A group of tied scores closes at its last row.
    if (k + 1 === order.length || (scores[order[k + 1] as number] as number) !== score) {
      thresholds.push(score);
      truePositives.push(tp);
      falsePositives.push(fp);
    }
  }
  return { thresholds, truePositives, falsePositives, positives: tp, negatives: fp };
}

/** ROC curve points from (0, 0) to (1, 1); the rates of an absent class are NaN. */
export function rocCurve(scores: ArrayLike<number>, y: Uint8Array, weights?: Float64Array): RocCurve {
  return rocFromCurve(scoreCurve(scores, y, weights));
}

export function rocFromCurve(curve: ScoreCurve): RocCurve {
  const thresholds = [Number.POSITIVE_INFINITY, ...curve.thresholds];
  const fpr = [0];
  const tpr = [0];
  for (let k = 0; k < curve.thresholds.length; k++) {
    fpr.push((curve.falsePositives[k] as number) / curve.negatives);
    tpr.push((curve.truePositives[k] as number) / curve.positives);
  }
  return { thresholds, fpr, tpr };
}

/**
 * Area under the ROC curve by the trapezoid rule over distinct scores (ties by midrank).
 * NaN when the (weighted) data holds only one class: the area is undefined there, and
 * callers decide whether that is an error.
 */
export function rocAuc(scores: ArrayLike<number>, y: Uint8Array, weights?: Float64Array): number {
  return aucFromCurve(scoreCurve(scores, y, weights));
}

export function aucFromCurve(curve: ScoreCurve): number {
  if (!(curve.positives > 0) || !(curve.negatives > 0)) return Number.NaN;
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < curve.thresholds.length; k++) {
    const tp = curve.truePositives[k] as number;
    const fp = curve.falsePositives[k] as number;
    area += (fp - prevFp) * (tp + prevTp);
    prevTp = tp;
    prevFp = fp;
  }
  // Each trapezoid is Δfp·(tp + prevTp)/2; the ½ and both normalisations applied once.
  return area / (2 * curve.positives * curve.negatives);
}
