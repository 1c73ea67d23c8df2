/**
 * Logistic regression: a linear model in log-odds, fitted by penalised maximum likelihood
 * (see logistic-solver.ts for the objective and the method). Every feature is used as a
 * number; the preprocessing layer standardises numeric columns and one-hot encodes the rest.
 */
import { LeadscoreError } from "../core/errors.js";
import type { Labels, Matrix } from "../core/matrix.js";
import { resolveParams } from "../core/params.js";
import { probaFromRaw, type Contributions, type Learner, type Scorer, type ScorerJSONBase } from "../core/scorer.js";
import { LOGISTIC_PARAMS, type LogisticParams } from "./logistic-params.js";
import { solveLogistic } from "./logistic-solver.js";

export interface LogisticJSON extends ScorerJSONBase {
  readonly kind: "logistic";
  readonly version: 1;
  readonly params: LogisticParams;
  readonly intercept: number;
  /** One coefficient per feature, in log-odds per unit of the feature. */
  readonly weights: number[];
  /** Weighted training mean per feature: the reference point of `explain`. */
  readonly means: number[];
  /** Weighted (population) training standard deviation per feature: scales importance. */
  readonly stds: number[];
}

export class LogisticLearner implements Learner<LogisticParams> {
  readonly kind = "logistic" as const;
  readonly params: Readonly<LogisticParams>;

  constructor(given: Readonly<Record<string, string | number | boolean>> = {}) {
    this.params = resolveParams("logistic regression", LOGISTIC_PARAMS, given);
  }

  fit(X: Matrix, y: Labels, weights?: Float64Array): LogisticScorer {
    checkMatrix(X);
    checkFinite(X);
    const n = X.rows;
    if (y.length !== n) throw new LeadscoreError("internal", `Labels have ${y.length} rows but the matrix has ${n}.`);
    if (weights !== undefined && weights.length !== n) {
      throw new LeadscoreError("internal", `Weights have ${weights.length} rows but the matrix has ${n}.`);
    }
    const sampleWeights = new Float64Array(n);
    let positiveWeight = 0;
    let negativeWeight = 0;
    let positives = 0;
    for (let i = 0; i < n; i++) {
      const w = weights === undefined ? 1 : (weights[i] as number);
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new LeadscoreError("data", `Row ${i + 1} has weight ${w}; weights must be finite and not negative.`);
      }
      const label = y[i] as number;
      if (label > 1) throw new LeadscoreError("internal", `Label ${label} at row ${i + 1}; labels must be 0 or 1.`);
      sampleWeights[i] = w;
      if (label === 1) {
        positiveWeight += w;
        positives++;
      } else {
        negativeWeight += w;
      }
    }
    if (!(positiveWeight > 0) || !(negativeWeight > 0)) {
      throw new LeadscoreError(
        "data",
        `Logistic regression needs rows of both classes, got ${positives} positive and ${n - positives} negative rows` +
          (weights !== undefined ? " (counting only rows with weight above 0)." : "."),
      );
    }

    const total = positiveWeight + negativeWeight;
    const rowWeights = lossRowWeights(y, sampleWeights, this.params.balanced);

    const solution = solveLogistic({
      rows: n,
      columns: X.columns,
      y,
      rowWeights,
      l2: this.params.l2,
      l1: this.params.l1,
      maxIter: this.params.maxIter,
      tol: this.params.tol,
    });

    // The explanation background is the data as given (sample weights only), not the
    // class-reweighted data the loss saw.
    const p = X.columns.length;
    const means = new Float64Array(p);
    const stds = new Float64Array(p);
    for (let f = 0; f < p; f++) {
      const col = X.columns[f] as Float64Array;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (sampleWeights[i] as number) * (col[i] as number);
      const mean = sum / total;
      let squares = 0;
      for (let i = 0; i < n; i++) {
        const d = (col[i] as number) - mean;
        squares += (sampleWeights[i] as number) * d * d;
      }
      means[f] = mean;
      stds[f] = Math.sqrt(squares / total);
    }
    return new LogisticScorer({ ...this.params }, solution.intercept, solution.weights, means, stds);
  }
}

/**
 * Each row's weight in the loss: its sample weight times its class weight. Balanced class
 * weights use weighted class totals, so a weight of 2 still equals a duplicated row; with
 * unit weights this is scikit-learn's n / (2·n_class). Also what the coefficients'
 * covariance (train/confidence-interval-wald.ts) weighs rows by.
 */
export function lossRowWeights(y: Labels, sampleWeights: Float64Array, balanced: boolean): Float64Array {
  const n = y.length;
  let positiveWeight = 0;
  let negativeWeight = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) positiveWeight += sampleWeights[i] as number;
    else negativeWeight += sampleWeights[i] as number;
  }
  const total = positiveWeight + negativeWeight;
  const positiveFactor = balanced ? total / (2 * positiveWeight) : 1;
  const negativeFactor = balanced ? total / (2 * negativeWeight) : 1;
  const rowWeights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rowWeights[i] = (sampleWeights[i] as number) * (y[i] === 1 ? positiveFactor : negativeFactor);
  }
  return rowWeights;
}

export class LogisticScorer implements Scorer {
  readonly kind = "logistic" as const;
  readonly params: Readonly<LogisticParams>;
  readonly intercept: number;
  private readonly weights: Float64Array;
  private readonly means: Float64Array;
  private readonly stds: Float64Array;

  constructor(params: Readonly<LogisticParams>, intercept: number, weights: Float64Array, means: Float64Array, stds: Float64Array) {
    this.params = params;
    this.intercept = intercept;
    this.weights = weights;
    this.means = means;
    this.stds = stds;
  }

  /** A copy of the coefficients, one per feature. */
  coefficients(): Float64Array {
    return this.weights.slice();
  }

  predictRaw(X: Matrix): Float64Array {
    this.checkWidth(X);
    const raw = new Float64Array(X.rows).fill(this.intercept);
    for (let f = 0; f < this.weights.length; f++) {
      const wf = this.weights[f] as number;
      const col = X.columns[f] as Float64Array;
      for (let i = 0; i < X.rows; i++) raw[i] = (raw[i] as number) + wf * (col[i] as number);
    }
    // A NaN anywhere in a row makes its sum NaN (0·NaN included), so this one pass finds them.
    for (let i = 0; i < X.rows; i++) {
      if (Number.isNaN(raw[i] as number)) throw missingValue(X, i);
    }
    return raw;
  }

  predictProba(X: Matrix): Float64Array {
    return probaFromRaw(this.predictRaw(X));
  }

  /** Exact linear contributions relative to the training mean: w_f·(x_f − mean_f). */
  explain(X: Matrix): Contributions {
    this.checkWidth(X);
    const p = this.weights.length;
    const n = X.rows;
    let base = this.intercept;
    for (let f = 0; f < p; f++) base += (this.weights[f] as number) * (this.means[f] as number);
    const values = new Float64Array(n * p);
    for (let f = 0; f < p; f++) {
      const wf = this.weights[f] as number;
      const mean = this.means[f] as number;
      const col = X.columns[f] as Float64Array;
      for (let i = 0; i < n; i++) {
        const x = col[i] as number;
        if (Number.isNaN(x)) throw missingValue(X, i);
        values[i * p + f] = wf * (x - mean);
      }
    }
    return { base, rows: n, features: p, values };
  }

  /** |coefficient| × training standard deviation: the log-odds effect of a typical move. */
  featureImportance(): Float64Array {
    const out = new Float64Array(this.weights.length);
    for (let f = 0; f < out.length; f++) out[f] = Math.abs(this.weights[f] as number) * (this.stds[f] as number);
    return out;
  }

  toJSON(): LogisticJSON {
    // Parameters in table order, so the document is byte-stable.
    const params = {} as Record<string, number | boolean>;
    for (const name of Object.keys(LOGISTIC_PARAMS)) params[name] = this.params[name as keyof LogisticParams];
    return {
      kind: "logistic",
      version: 1,
      params: params as LogisticParams,
      intercept: this.intercept,
      weights: Array.from(this.weights),
      means: Array.from(this.means),
      stds: Array.from(this.stds),
    };
  }

  private checkWidth(X: Matrix): void {
    if (X.columns.length !== this.weights.length) {
      throw new LeadscoreError(
        "data",
        `The logistic model was fitted on ${this.weights.length} features but the data has ${X.columns.length}.`,
      );
    }
    checkMatrix(X);
  }
}

/** Rebuilds a scorer from `toJSON()` output, refusing anything malformed. */
export function logisticFromJSON(json: unknown): LogisticScorer {
  const bad = (what: string): LeadscoreError => new LeadscoreError("model", `Invalid logistic model: ${what}.`);
  if (typeof json !== "object" || json === null) throw bad("not an object");
  const doc = json as Record<string, unknown>;
  if (doc["kind"] !== "logistic") throw bad(`kind is ${JSON.stringify(doc["kind"])}, expected "logistic"`);
  if (doc["version"] !== 1) throw bad(`version ${JSON.stringify(doc["version"])} is not supported (expected 1)`);
  const paramsRaw = doc["params"];
  if (typeof paramsRaw !== "object" || paramsRaw === null || Array.isArray(paramsRaw)) throw bad("params missing");
  let params: LogisticParams;
  try {
    params = resolveParams("logistic regression", LOGISTIC_PARAMS, paramsRaw as Record<string, string | number | boolean>);
  } catch (error) {
    throw bad(error instanceof Error ? error.message : String(error));
  }
  const intercept = doc["intercept"];
  if (typeof intercept !== "number" || !Number.isFinite(intercept)) throw bad("intercept must be a finite number");
  const weights = finiteArray(doc["weights"], "weights", bad);
  const means = finiteArray(doc["means"], "means", bad);
  const stds = finiteArray(doc["stds"], "stds", bad);
  if (means.length !== weights.length || stds.length !== weights.length) {
    throw bad(`weights, means and stds have different lengths (${weights.length}, ${means.length}, ${stds.length})`);
  }
  if (stds.some((v) => v < 0)) throw bad("stds must not be negative");
  return new LogisticScorer(params, intercept, weights, means, stds);
}

function finiteArray(value: unknown, name: string, bad: (what: string) => LeadscoreError): Float64Array {
  if (!Array.isArray(value)) throw bad(`${name} must be an array of numbers`);
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw bad(`${name}[${i}] is not a finite number`);
    out[i] = v;
  }
  return out;
}

function checkMatrix(X: Matrix): void {
  if (X.columns.length !== X.features.length) {
    throw new LeadscoreError("internal", `Matrix has ${X.columns.length} columns but ${X.features.length} feature descriptions.`);
  }
  for (let f = 0; f < X.columns.length; f++) {
    const col = X.columns[f] as Float64Array;
    if (col.length !== X.rows) {
      throw new LeadscoreError("internal", `Feature '${featureName(X, f)}' has ${col.length} values for ${X.rows} rows.`);
    }
  }
}

/** The data error for a NaN (or infinity) in row `row` (0-based), naming the first feature holding one. */
function missingValue(X: Matrix, row: number): LeadscoreError {
  let f = 0;
  while (f < X.columns.length && Number.isFinite((X.columns[f] as Float64Array)[row] as number)) f++;
  const feature = X.features[f];
  if (feature === undefined) {
    return new LeadscoreError("data", `Row ${row + 1} gives a NaN log-odds; logistic regression needs finite values.`);
  }
  const value = (X.columns[f] as Float64Array)[row] as number;
  const what = Number.isNaN(value) ? "missing (NaN)" : `infinite (${value})`;
  return new LeadscoreError(
    "data",
    `Feature '${feature.name}' is ${what} at row ${row + 1}; logistic regression needs every value filled in and finite (impute it first).`,
    { column: feature.source, field: feature.name },
  );
}

/** Fitting needs every value finite: a NaN would silently poison every coefficient. */
function checkFinite(X: Matrix): void {
  for (const col of X.columns) {
    for (let i = 0; i < X.rows; i++) {
      if (!Number.isFinite(col[i] as number)) throw missingValue(X, i);
    }
  }
}

function featureName(X: Matrix, f: number): string {
  return X.features[f]?.name ?? `#${f + 1}`;
}
