/**
 * Scores typed rows with a loaded model: calibrated probability, 0-100 score, grade and
 * interval (SPEC §4), and contributions grouped by input column in calibrated log-odds.
 */
import type { Frame } from "../core/frame.js";
import { sigmoid } from "../core/scorer.js";
import { type GroupedContributions, groupContributions } from "../features/group-contributions.js";
import { transform } from "../features/preprocessor.js";
import { strongestTerms } from "../features/strongest-terms.js";
import { asScorecard } from "../scorecard/scorecard-scorer.js";
import { confidenceBounds } from "../train/confidence-interval.js";
import { gradeOf } from "../train/grades.js";
import { calibratedLogOdds } from "../train/platt.js";
import type { LoadedModel } from "./loaded-model.js";

export interface ScoredRows {
  readonly rows: number;
  /** Calibrated log-odds. */
  readonly logOdds: Float64Array;
  readonly probability: Float64Array;
  readonly score: Int32Array;
  readonly grade: readonly string[];
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** 1 where the row is unlike the training data; absent when the model has no detector. */
  readonly anomaly?: Uint8Array;
}

/** The 0-100 score: the calibrated probability in percent, rounded, so it is monotone in it. */
export function scoreOf(probability: number): number {
  return Math.round(probability * 100);
}

export function scoreFrame(model: LoadedModel, frame: Frame): ScoredRows {
  const X = transform(model.file.preprocessor, frame);
  const raw = model.scorer.predictRaw(X);
  // A scorecard's score is its integer points (SPEC §4), rising with the good:bad odds.
  const points = asScorecard(model.scorer)?.points(X);
  const n = frame.rows;
  const logOdds = new Float64Array(n);
  const probability = new Float64Array(n);
  const score = new Int32Array(n);
  const grade: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const z = calibratedLogOdds(model.file.calibration, raw[i] as number);
    const p = sigmoid(z);
    logOdds[i] = z;
    probability[i] = p;
    score[i] = points ? (points[i] as number) : scoreOf(p);
    grade[i] = gradeOf(model.file.grades, p);
  }
  const { low, high } = confidenceBounds(model.file.confidence, model.file.calibration, X, raw, probability);
  const anomaly = model.anomaly?.isAnomaly(X);
  return { rows: n, logOdds, probability, score, grade, low, high, ...(anomaly ? { anomaly } : {}) };
}

/**
 * Contributions per input column in calibrated log-odds: base + Σ values = logOdds of each
 * row. Platt scaling is linear, so contributions scale by its slope; for isotonic
 * calibration each row's change from the base is shared out in proportion to the raw
 * contributions.
 */
export function explainFrame(model: LoadedModel, frame: Frame): GroupedContributions {
  const X = transform(model.file.preprocessor, frame);
  const contributions = model.scorer.explain(X);
  const grouped = { ...groupContributions(contributions, X.features), terms: strongestTerms(model.file.preprocessor, frame, contributions, X.features) };
  const calibration = model.file.calibration;
  if (calibration.method === "none") return grouped;
  if (calibration.method === "platt") {
    const values = grouped.values.map((v) => v * calibration.a);
    return { ...grouped, base: calibration.a * grouped.base + calibration.b, values };
  }
  const width = grouped.columns.length;
  const base = calibratedLogOdds(calibration, grouped.base);
  const values = new Float64Array(grouped.values.length);
  for (let r = 0; r < grouped.rows; r++) {
    let rawSum = 0;
    for (let c = 0; c < width; c++) rawSum += grouped.values[r * width + c] as number;
    const change = calibratedLogOdds(calibration, grouped.base + rawSum) - base;
    for (let c = 0; c < width; c++) {
      const v = grouped.values[r * width + c] as number;
      // A row whose raw contributions cancel out gets its (tiny) change shared equally.
      values[r * width + c] = Math.abs(rawSum) > 1e-12 ? (v / rawSum) * change : change / width;
    }
  }
  return { ...grouped, base, values };
}
