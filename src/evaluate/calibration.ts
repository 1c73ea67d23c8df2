/**
 * Reliability table: do rows predicted at about p turn out positive about p of the time?
 * Equal-width bins over [0, 1], as scikit-learn's calibration_curve(strategy="uniform").
 */
import { LeadscoreError } from "../core/errors.js";
import { checkScored } from "./auc.js";

export type CalibrationBin = {
  /** Bin edges: [low, high), the last bin closed at 1. */
  low: number;
  high: number;
  meanPredicted: number;
  observedRate: number;
  rows: number;
};

export type CalibrationTable = {
  /** Expected calibration error: Σ rows_b / N · |meanPredicted_b − observedRate_b|. */
  ece: number;
  /** Only bins holding at least one row, lowest first. */
  bins: CalibrationBin[];
};

export function calibrationTable(proba: Float64Array, y: Uint8Array, bins = 10): CalibrationTable {
  checkScored(proba, y);
  if (!Number.isInteger(bins) || bins < 1) {
    throw new LeadscoreError("usage", `The number of calibration bins must be a whole number of at least 1, got ${bins}.`);
  }
  const n = proba.length;
  if (n === 0) throw new LeadscoreError("data", "A calibration table needs at least one row.");
  const sums = new Float64Array(bins);
  const positives = new Float64Array(bins);
  const counts = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = proba[i] as number;
    // floor(p·B) gives [k/B, (k+1)/B); p = 1 (and anything outside [0, 1]) is clamped in.
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    sums[b] = (sums[b] as number) + p;
    counts[b] = (counts[b] as number) + 1;
    if (y[i] === 1) positives[b] = (positives[b] as number) + 1;
  }
  const out: CalibrationBin[] = [];
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const rows = counts[b] as number;
    if (rows === 0) continue;
    const meanPredicted = (sums[b] as number) / rows;
    const observedRate = (positives[b] as number) / rows;
    ece += (rows / n) * Math.abs(meanPredicted - observedRate);
    out.push({ low: b / bins, high: (b + 1) / bins, meanPredicted, observedRate, rows });
  }
  return { ece, bins: out };
}
