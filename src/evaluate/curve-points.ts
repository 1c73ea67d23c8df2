/**
 * ROC and precision-recall curves thinned to a few hundred points for report.json and its
 * charts. A curve over 45,000 rows has tens of thousands of distinct thresholds; plotted at
 * report size, points evenly spaced in the share of rows flagged draw the same line.
 */
import { rocCurve } from "./auc.js";
import { prCurve } from "./pr-auc.js";

export interface RocPoint {
  /** The probability cut: rows scored at or above it are flagged (1 at the origin). */
  readonly threshold: number;
  readonly fpr: number;
  readonly tpr: number;
}

export interface PrPoint {
  readonly threshold: number;
  readonly recall: number;
  readonly precision: number;
}

export interface CurvePoints {
  readonly roc: readonly RocPoint[];
  readonly pr: readonly PrPoint[];
}

export const MAX_CURVE_POINTS = 200;

/** Both curves of one set of scores, each at most `maxPoints` points, first and last kept. */
export function curvePoints(proba: Float64Array, y: Uint8Array, maxPoints = MAX_CURVE_POINTS): CurvePoints {
  let positives = 0;
  for (const label of y) positives += label;
  const negatives = y.length - positives;
  const roc = rocCurve(proba, y);
  const rocFlagged = roc.fpr.map((f, k) => (k === 0 ? 0 : f * negatives + (roc.tpr[k] as number) * positives));
  const pr = prCurve(proba, y);
  // tp / precision = rows flagged; the first point (nothing flagged) has precision 1 by convention.
  const prFlagged = pr.recall.map((r, k) => (k === 0 ? 0 : (r * positives) / (pr.precision[k] as number)));
  return {
    roc: thinByRows(rocFlagged, maxPoints).map((k) => ({
      threshold: thresholdOf(roc.thresholds[k] as number),
      fpr: round4(roc.fpr[k] as number),
      tpr: round4(roc.tpr[k] as number),
    })),
    pr: thinByRows(prFlagged, maxPoints).map((k) => ({
      threshold: thresholdOf(pr.thresholds[k] as number),
      recall: round4(pr.recall[k] as number),
      precision: round4(pr.precision[k] as number),
    })),
  };
}

/**
 * Indices of the points to keep: the first, the last, and for each of `maxPoints − 2`
 * evenly spaced shares of the rows the last point flags (all rows for ROC; up to full
 * recall for precision-recall), the first point flagging at least that share.
 */
export function thinByRows(flagged: readonly number[], maxPoints: number): number[] {
  const last = flagged.length - 1;
  const rows = flagged[last] ?? 0;
  if (flagged.length <= maxPoints) return flagged.map((_, k) => k);
  const keep = [0];
  let k = 1;
  for (let step = 1; step < maxPoints - 1; step++) {
    const target = (step / (maxPoints - 1)) * rows;
    while (k < last && (flagged[k] as number) < target) k++;
    if (k >= last) break;
    if (k > (keep[keep.length - 1] as number)) keep.push(k);
  }
  keep.push(last);
  return keep;
}

// Four decimals are a tenth of a pixel on any report chart and keep report.json small.
function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

// The +Infinity of "nothing flagged" becomes 1, which JSON can hold; probabilities keep 4 significant digits.
function thresholdOf(t: number): number {
  return Number.isFinite(t) ? Number(t.toPrecision(4)) : 1;
}
