/**
 * Precision-recall analysis. The area is average precision as scikit-learn defines it,
 * AP = Σ_n (R_n − R_{n−1})·P_n over distinct thresholds from the highest down: a step
 * function, not a trapezoid, which would be optimistic between points.
 */
import { scoreCurve, type ScoreCurve } from "./auc.js";

export interface PrCurve {
  /** +Infinity first (nothing predicted positive), then distinct scores descending up to full recall. */
  readonly thresholds: number[];
  readonly precision: number[];
  readonly recall: number[];
}

/** Average precision; NaN when there are no positives (recall is undefined). */
export function averagePrecision(scores: ArrayLike<number>, y: Uint8Array, weights?: Float64Array): number {
  return averagePrecisionFromCurve(scoreCurve(scores, y, weights));
}

export function averagePrecisionFromCurve(curve: ScoreCurve): number {
  if (!(curve.positives > 0)) return Number.NaN;
  let area = 0;
  let prevRecall = 0;
  for (let k = 0; k < curve.thresholds.length; k++) {
    const tp = curve.truePositives[k] as number;
    const fp = curve.falsePositives[k] as number;
    const recall = tp / curve.positives;
    // Every group holds weight > 0 (scoreCurve drops zero weights), so tp + fp > 0.
    area += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return area;
}

/**
 * Points of the precision-recall curve in order of increasing recall, starting at
 * (recall 0, precision 1) and stopping at the first threshold reaching full recall, as
 * scikit-learn's precision_recall_curve (which lists them in the reverse order).
 */
export function prCurve(scores: ArrayLike<number>, y: Uint8Array, weights?: Float64Array): PrCurve {
  const curve = scoreCurve(scores, y, weights);
  const thresholds = [Number.POSITIVE_INFINITY];
  const precision = [1];
  const recall = [0];
  for (let k = 0; k < curve.thresholds.length; k++) {
    const tp = curve.truePositives[k] as number;
    const fp = curve.falsePositives[k] as number;
    thresholds.push(curve.thresholds[k] as number);
    precision.push(tp / (tp + fp));
    recall.push(tp / curve.positives);
    if (tp >= curve.positives) break;
  }
  return { thresholds, precision, recall };
}
