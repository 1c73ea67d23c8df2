/**
 * The headline metrics of a scored, labelled data set (SPEC §2 `evaluate`, §5 `cv`), and
 * the mean ± std summary used across cross-validation folds.
 */
import { aucFromCurve, checkScored, rocFromCurve, scoreCurve, type ScoreCurve } from "./auc.js";
import { averagePrecisionFromCurve } from "./pr-auc.js";

// A type alias (not an interface) so that it is assignable to Record<string, number>.
export type Metrics = {
  /** ROC AUC, ties by midrank; NaN with one class only. */
  auc: number;
  /** Average precision (scikit-learn's average_precision_score). */
  prAuc: number;
  /** Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15]. */
  logLoss: number;
  /** Mean squared error of the probability. */
  brier: number;
  /** Kolmogorov-Smirnov statistic: max |TPR − FPR| over thresholds. */
  ks: number;
  /** 2·AUC − 1. */
  gini: number;
};

export type MetricName = keyof Metrics;

export type MeanStd = { mean: number; std: number };

const CLIP = 1e-15;

/** All metrics at once; weights (optional) weight every row's contribution. */
export function computeMetrics(proba: Float64Array, y: Uint8Array, weights?: Float64Array): Metrics {
  const curve = scoreCurve(proba, y, weights);
  const auc = aucFromCurve(curve);
  return {
    auc,
    prAuc: averagePrecisionFromCurve(curve),
    logLoss: logLoss(proba, y, weights),
    brier: brierScore(proba, y, weights),
    ks: ksFromCurve(curve),
    gini: 2 * auc - 1,
  };
}

export function logLoss(proba: Float64Array, y: Uint8Array, weights?: Float64Array): number {
  checkScored(proba, y, weights);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < proba.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    const p = Math.min(Math.max(proba[i] as number, CLIP), 1 - CLIP);
    sum -= w * (y[i] === 1 ? Math.log(p) : Math.log(1 - p));
    total += w;
  }
  return sum / total;
}

export function brierScore(proba: Float64Array, y: Uint8Array, weights?: Float64Array): number {
  checkScored(proba, y, weights);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < proba.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    const d = (proba[i] as number) - (y[i] === 1 ? 1 : 0);
    sum += w * d * d;
    total += w;
  }
  return sum / total;
}

/** KS statistic; NaN with one class only. */
export function ksStatistic(scores: ArrayLike<number>, y: Uint8Array, weights?: Float64Array): number {
  return ksFromCurve(scoreCurve(scores, y, weights));
}

function ksFromCurve(curve: ScoreCurve): number {
  if (!(curve.positives > 0) || !(curve.negatives > 0)) return Number.NaN;
  const roc = rocFromCurve(curve);
  let best = 0;
  for (let k = 0; k < roc.fpr.length; k++) best = Math.max(best, Math.abs((roc.tpr[k] as number) - (roc.fpr[k] as number)));
  return best;
}

/**
 * Mean and POPULATION standard deviation (divide by n, numpy's default `np.std`, which is
 * what scikit-learn's cross_validate users report), so one fold gives std 0. NaN for no values.
 */
export function summarise(values: readonly number[]): MeanStd {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(squares / n) };
}
