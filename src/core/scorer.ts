/**
 * The one contract every scorer follows (STYLE.md): a Learner's `fit` returns a fitted
 * Scorer, so nothing is ever "not fitted yet". Scorers speak log-odds internally.
 */
import type { Labels, Matrix } from "./matrix.js";

export type ModelKind = "logistic" | "tree" | "forest" | "gbdt" | "mlp" | "scorecard";

/** Per-feature contributions in log-odds: base + sum over features = raw output, per row. */
export interface Contributions {
  /** Expected raw output (log-odds) over the background data. */
  readonly base: number;
  readonly rows: number;
  readonly features: number;
  /** values[r * features + f]: contribution of feature f to row r. */
  readonly values: Float64Array;
}

/** Plain-data form of a fitted scorer, discriminated on `kind`. */
export interface ScorerJSONBase {
  readonly kind: ModelKind;
  readonly version: number;
}

export interface Scorer {
  readonly kind: ModelKind;
  /** Raw output per row, in log-odds. */
  predictRaw(X: Matrix): Float64Array;
  /** P(positive) per row, the logistic of the raw output (uncalibrated). */
  predictProba(X: Matrix): Float64Array;
  explain(X: Matrix): Contributions;
  /** Importance per feature (e.g. total gain, or |coefficient| x std); same order as X.features. */
  featureImportance(): Float64Array;
  toJSON(): ScorerJSONBase;
}

export interface Learner<P> {
  readonly kind: ModelKind;
  readonly params: Readonly<P>;
  /** Weights default to 1 per row. */
  fit(X: Matrix, y: Labels, weights?: Float64Array): Scorer;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

export function probaFromRaw(raw: Float64Array): Float64Array {
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = sigmoid(raw[i] as number);
  return out;
}
