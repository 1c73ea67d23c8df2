/**
 * The checks every learner makes on what `fit` receives, collected and reported at once:
 * a matrix whose columns match its feature descriptions, 0/1 labels, usable weights.
 */
import { LeadscoreError } from "../core/errors.js";
import type { Labels, Matrix } from "../core/matrix.js";

/** Throws one LeadscoreError("data") listing every problem; `model` names the learner in it. */
export function checkTrainingData(model: string, X: Matrix, y: Labels | null, weights: Float64Array | undefined): void {
  const problems: string[] = [];
  if (X.rows < 1) problems.push("there are no rows");
  if (X.columns.length !== X.features.length) {
    problems.push(`${X.columns.length} columns but ${X.features.length} feature descriptions`);
  }
  if (X.columns.length === 0) problems.push("there are no features");
  if (X.columns.some((c) => c.length < X.rows)) problems.push("a feature column is shorter than the number of rows");
  if (y !== null) {
    if (y.length !== X.rows) problems.push(`${y.length} labels for ${X.rows} rows`);
    else if (y.some((v) => v !== 0 && v !== 1)) problems.push("labels must be 0 or 1");
  }
  if (weights !== undefined) {
    if (weights.length !== X.rows) problems.push(`${weights.length} weights for ${X.rows} rows`);
    else if (weights.some((w) => !(w >= 0 && w < Infinity))) problems.push("weights must be finite and not negative");
    else if (!weights.some((w) => w > 0)) problems.push("all weights are zero");
  }
  if (problems.length > 0) throw new LeadscoreError("data", `Cannot fit ${model}: ${problems.join("; ")}.`);
}

/** Throws when X does not have the `features` columns a fitted model expects. */
export function checkScoringData(model: string, X: Matrix, features: number): void {
  if (X.columns.length !== features) {
    throw new LeadscoreError("data", `The ${model} model expects ${features} features, but the data has ${X.columns.length}.`);
  }
  for (const column of X.columns) {
    if (column.length < X.rows) throw new LeadscoreError("data", `A feature column has ${column.length} values for ${X.rows} rows.`);
  }
}

/** Weighted totals of each class (weights default to 1). */
export function classWeights(y: Labels, weights: Float64Array | undefined): { positive: number; negative: number } {
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (y[i] === 1) positive += w;
    else negative += w;
  }
  return { positive, negative };
}
