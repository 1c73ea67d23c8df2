/**
 * confidence_low / confidence_high: which interval each model family gets, and the interval
 * of each scored row.
 *
 * - Logistic regression: a Wald interval (confidence-interval-wald.ts), the calibration's
 *   slope and own uncertainty added (confidence-interval-calibration.ts). Its claim is
 *   pointwise: for each row, with probability `level` over training samples, the interval
 *   holds the calibrated probability the same model would give that row if trained on
 *   unlimited data of this kind (asymptotically). When the log-odds are linear in the encoded
 *   features that probability is the row's true probability; otherwise the model's bias is
 *   not in the interval.
 * - Every other family (and logistic regression with too many features to store Σ): the
 *   Venn-Abers pair (venn-abers.ts), whose claim is about groups of rows, not single rows:
 *   one of the two bounds is calibrated. From labels alone no interval can hold a single
 *   row's true probability without a model of how it depends on the inputs (for a calibrated
 *   p̂, E[(y − p̂)² | p̂] = p̂(1 − p̂) whatever the spread of the true probability among rows
 *   sharing p̂; Barber 2020), and trees and networks give no such model: a jackknife over
 *   their fold models would measure the training procedure's spread, not its bias.
 */
import type { Matrix } from "../core/matrix.js";
import { sigmoid, type Scorer } from "../core/scorer.js";
import { LogisticScorer } from "../models/logistic.js";
import { calibrationNoiseAt, fitCalibrationNoise } from "./confidence-interval-calibration.js";
import { type WaldIntervals, fitWaldIntervals, waldStandardErrors } from "./confidence-interval-wald.js";
import { type Calibration, calibratedLogOdds } from "./platt.js";
import { type VennAbersIntervals, fitVennAbers, vennAbersAt } from "./venn-abers.js";

export type ConfidenceIntervals = WaldIntervals | VennAbersIntervals;

export interface ConfidenceFitInput {
  /** The final model and its training matrix (all labelled rows), labels and sample weights. */
  readonly scorer: Scorer;
  readonly matrix: () => Matrix;
  readonly labels: Uint8Array;
  readonly weights?: Float64Array;
  /** The calibration, and the raw outputs it was fitted on (out of fold, or the final model's own) with their labels. */
  readonly calibration: Calibration;
  readonly evalRaw: Float64Array;
  readonly evalLabels: Uint8Array;
  readonly seed: number;
}

/**
 * Beyond this many coefficients the stored covariance (dimension² / 2 numbers: 500,000 here,
 * about 10 MB of model.json) costs more than it is worth, and Venn-Abers is used instead.
 */
export const MAX_WALD_DIMENSION = 1000;

export function fitConfidenceIntervals(input: ConfidenceFitInput): ConfidenceIntervals {
  if (input.scorer instanceof LogisticScorer && input.scorer.coefficients().length + 1 <= MAX_WALD_DIMENSION) {
    const noise = fitCalibrationNoise(input.calibration, input.evalRaw, input.evalLabels, input.seed);
    return fitWaldIntervals(input.scorer, input.matrix(), input.labels, input.weights, noise);
  }
  return fitVennAbers(input.evalRaw, input.evalLabels);
}

/** What report.json says of the intervals. */
export interface ConfidenceSummary {
  readonly method: ConfidenceIntervals["method"];
  /** Nominal pointwise coverage; null for Venn-Abers, whose claim is about groups of rows. */
  readonly level: number | null;
  readonly claim: string;
}

export function confidenceSummary(intervals: ConfidenceIntervals): ConfidenceSummary {
  if (intervals.method === "logistic-wald") {
    return {
      method: intervals.method,
      level: intervals.level,
      claim: `For each row, with probability ${intervals.level} over training samples (asymptotically), the interval holds the calibrated probability this logistic model would give the row if trained on unlimited data of this kind: the true probability when the log-odds are linear in the encoded inputs; the model's bias otherwise is not in the interval.`,
    };
  }
  return {
    method: intervals.method,
    level: null,
    claim: "Venn-Abers: over rows grouped by the model's score (a score decile, or all rows), the positive rate lies between the group's average low and average high bound, on average over training samples; approached, not exact, because the calibration scores come from fold models; groups chosen by anything but the score and single rows are not covered.",
  };
}

/**
 * The interval of each row: `raw` the model's raw outputs on `X`, `probability` the
 * calibrated probabilities shown beside the interval (always inside it).
 */
export function confidenceBounds(intervals: ConfidenceIntervals, calibration: Calibration, X: Matrix, raw: Float64Array, probability: Float64Array): { low: Float64Array; high: Float64Array } {
  const n = raw.length;
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  if (intervals.method === "logistic-wald") {
    const se = waldStandardErrors(intervals, X);
    for (let i = 0; i < n; i++) {
      const z = raw[i] as number;
      // Delta method: the model's error carried through the calibration's slope, plus the calibration's own.
      const { slope, sd } = calibrationNoiseAt(intervals.calibrationNoise, calibration, z);
      const half = intervals.criticalValue * Math.hypot(slope * (se[i] as number), sd);
      const centre = calibratedLogOdds(calibration, z);
      low[i] = sigmoid(centre - half);
      high[i] = sigmoid(centre + half);
    }
    return { low, high };
  }
  for (let i = 0; i < n; i++) {
    const pair = vennAbersAt(intervals, raw[i] as number);
    const p = probability[i] as number;
    // The Venn-Abers pair, widened to hold the calibrated probability shown beside it.
    low[i] = Math.min(pair.low, p);
    high[i] = Math.max(pair.high, p);
  }
  return { low, high };
}
