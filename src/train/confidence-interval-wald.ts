/**
 * Wald intervals for logistic regression. The fitted coefficients β̂ are, for large samples,
 * normal around β*, the coefficients the same model would reach on unlimited data of this
 * kind, with covariance estimated by the sandwich H⁻¹·J·H⁻¹ (Huber 1967; White 1980):
 *
 *   H = Σ s_i·μ_i(1 − μ_i)·x_i·x_iᵀ + l2 on the weights    (the curvature the fit used)
 *   J = Σ s_i²·(y_i − μ_i)²·x_i·x_iᵀ                        (the spread of each row's pull)
 *
 * with x_i = (1, features of row i), μ_i the fitted probability and s_i the row's loss weight.
 * The sandwich stays right when the model is misspecified (β* is then the best linear
 * log-odds, not the truth) and with sample or class weights; when the model is right it
 * agrees with the usual inverse information. A row's log-odds x·β̂ then has standard error
 * √(xᵀΣx), and x·β̂ ± z·se holds x·β* with the stated probability. With an l1 penalty,
 * coefficients at exactly zero are held at zero (the interval is conditional on the
 * selected features).
 */
import { cholesky, choleskySolve } from "../core/cholesky.js";
import { LeadscoreError } from "../core/errors.js";
import type { Matrix } from "../core/matrix.js";
import { sigmoid } from "../core/scorer.js";
import { type LogisticScorer, lossRowWeights } from "../models/logistic.js";
import type { CalibrationNoise } from "./confidence-interval-calibration.js";

/** A pivot² at most this times its diagonal entry means the matrix is numerically singular. */
const PIVOT_TOLERANCE = 1e-12;

export interface WaldIntervals {
  readonly method: "logistic-wald";
  /** Nominal coverage of each interval, e.g. 0.9. */
  readonly level: number;
  /** The normal quantile Φ⁻¹((1 + level) / 2): the interval is log-odds ± criticalValue · se. */
  readonly criticalValue: number;
  /** 1 + the number of features (intercept first). */
  readonly dimension: number;
  /** Covariance of (intercept, weights): its upper triangle, row by row. */
  readonly covariance: readonly number[];
  /** The calibration map's own uncertainty; null without calibration. */
  readonly calibrationNoise: CalibrationNoise | null;
}

/** The level stated for every interval, and its two-sided normal quantile Φ⁻¹(0.95). */
export const NOMINAL_LEVEL = 0.9;
export const NOMINAL_CRITICAL_VALUE = 1.6448536269514722;

/** Fits the covariance of a fitted logistic model's coefficients on its training matrix. */
export function fitWaldIntervals(scorer: LogisticScorer, X: Matrix, y: Uint8Array, sampleWeights: Float64Array | undefined, calibrationNoise: CalibrationNoise | null): WaldIntervals {
  const weights = scorer.coefficients();
  const p = weights.length;
  const dim = p + 1;
  if (X.columns.length !== p || y.length !== X.rows) throw new LeadscoreError("internal", "The covariance needs the matrix the logistic model was fitted on.");
  const unit = sampleWeights ?? new Float64Array(X.rows).fill(1);
  const s = lossRowWeights(y, unit, scorer.params.balanced);
  // Coefficients an l1 penalty set to zero stay out: index 0 (the intercept) is always in.
  const active = [0];
  for (let f = 0; f < p; f++) if (scorer.params.l1 === 0 || weights[f] !== 0) active.push(f + 1);
  const m = active.length;
  const activeColumns = active.slice(1).map((j) => X.columns[j - 1] as Float64Array);
  const activeWeights = active.slice(1).map((j) => weights[j - 1] as number);

  // Both matrices in one pass over rows, touching only each row's nonzero entries (one-hot
  // columns are mostly zero), as packed upper triangles over the active coefficients.
  const packed = (m * (m + 1)) / 2;
  const h = new Float64Array(packed);
  const jm = new Float64Array(packed);
  const rowStart = packedRowStarts(m);
  const at = new Int32Array(m);
  const value = new Float64Array(m);
  for (let i = 0; i < X.rows; i++) {
    let z = scorer.intercept;
    let nnz = 1;
    at[0] = 0;
    value[0] = 1;
    for (let a = 1; a < m; a++) {
      const v = (activeColumns[a - 1] as Float64Array)[i] as number;
      if (v === 0) continue;
      z += (activeWeights[a - 1] as number) * v;
      at[nnz] = a;
      value[nnz] = v;
      nnz++;
    }
    // Zero coefficients outside the active set add nothing to z.
    const mu = sigmoid(z);
    const si = s[i] as number;
    const curvature = si * mu * (1 - mu);
    const residual = si * ((y[i] as number) - mu);
    const pull = residual * residual;
    for (let u = 0; u < nnz; u++) {
      const a = at[u] as number;
      const va = value[u] as number;
      const base = (rowStart[a] as number) - a;
      for (let w = u; w < nnz; w++) {
        const product = va * (value[w] as number);
        const k = base + (at[w] as number);
        h[k] = (h[k] as number) + curvature * product;
        jm[k] = (jm[k] as number) + pull * product;
      }
    }
  }
  const l2 = scorer.params.l2;
  for (let a = 1; a < m; a++) {
    const k = rowStart[a] as number;
    h[k] = (h[k] as number) + l2;
  }

  const activeCovariance = sandwich(unpack(h, m), unpack(jm, m), m);
  const covariance = new Array<number>((dim * (dim + 1)) / 2).fill(0);
  const fullStart = packedRowStarts(dim);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      const i = active[a] as number;
      const j = active[b] as number;
      covariance[(fullStart[i] as number) + j - i] = activeCovariance[a * m + b] as number;
    }
  }
  return { method: "logistic-wald", level: NOMINAL_LEVEL, criticalValue: NOMINAL_CRITICAL_VALUE, dimension: dim, covariance, calibrationNoise };
}

/** Standard error of each row's log-odds, √(xᵀΣx) with x = (1, the row's features). */
export function waldStandardErrors(intervals: WaldIntervals, X: Matrix): Float64Array {
  const dim = intervals.dimension;
  const cov = intervals.covariance;
  if (X.columns.length + 1 !== dim || cov.length !== (dim * (dim + 1)) / 2) {
    throw new LeadscoreError("model", `The model's interval covariance has ${cov.length} entries for ${dim} coefficients, but the model takes ${X.columns.length} features: the file is damaged.`);
  }
  const rowStart = packedRowStarts(dim);
  const at = new Int32Array(dim);
  const value = new Float64Array(dim);
  const se = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let nnz = 1;
    at[0] = 0;
    value[0] = 1;
    for (let f = 0; f < X.columns.length; f++) {
      const v = (X.columns[f] as Float64Array)[i] as number;
      if (v === 0) continue;
      at[nnz] = f + 1;
      value[nnz] = v;
      nnz++;
    }
    let variance = 0;
    for (let u = 0; u < nnz; u++) {
      const a = at[u] as number;
      const va = value[u] as number;
      const base = (rowStart[a] as number) - a;
      let cross = 0;
      for (let w = u + 1; w < nnz; w++) cross += (cov[base + (at[w] as number)] as number) * (value[w] as number);
      variance += va * ((cov[base + a] as number) * va + 2 * cross);
    }
    // Rounding can leave a tiny negative where the variance is ~0.
    se[i] = Math.sqrt(Math.max(0, variance));
  }
  return se;
}

/** Offset of row r's diagonal entry in a packed upper triangle of size n. */
function packedRowStarts(n: number): Int32Array {
  const start = new Int32Array(n);
  for (let r = 1; r < n; r++) start[r] = (start[r - 1] as number) + n - (r - 1);
  return start;
}

function unpack(packed: Float64Array, n: number): Float64Array {
  const full = new Float64Array(n * n);
  const start = packedRowStarts(n);
  for (let r = 0; r < n; r++) {
    for (let c = r; c < n; c++) {
      const v = packed[(start[r] as number) + c - r] as number;
      full[r * n + c] = v;
      full[c * n + r] = v;
    }
  }
  return full;
}

/** H⁻¹·J·H⁻¹ (row-major n×n) for symmetric positive (semi-)definite H. */
function sandwich(h: Float64Array, j: Float64Array, n: number): Float64Array {
  const factor = choleskyWithRidge(h, n);
  // B = H⁻¹J column by column; then H⁻¹Bᵀ = H⁻¹JH⁻¹ (J and H symmetric).
  const b = new Float64Array(n * n);
  const column = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let r = 0; r < n; r++) column[r] = j[r * n + c] as number;
    const x = choleskySolve(factor, n, column);
    for (let r = 0; r < n; r++) b[r * n + c] = x[r] as number;
  }
  const out = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let r = 0; r < n; r++) column[r] = b[c * n + r] as number;
    const x = choleskySolve(factor, n, column);
    for (let r = 0; r < n; r++) out[r * n + c] = x[r] as number;
  }
  // Symmetrise away rounding.
  for (let r = 0; r < n; r++) {
    for (let c = r + 1; c < n; c++) {
      const v = ((out[r * n + c] as number) + (out[c * n + r] as number)) / 2;
      out[r * n + c] = v;
      out[c * n + r] = v;
    }
  }
  return out;
}

/**
 * Cholesky factor of H. With l2 = 0 and collinear features (full one-hot encoding beside the
 * intercept) H is singular; a ridge small against its diagonal is then added. The directions
 * it touches are those no row's features move along, so no row's standard error changes.
 */
function choleskyWithRidge(a: Float64Array, n: number): Float64Array {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i] as number));
  let ridge = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const factor = cholesky(a, n, ridge, PIVOT_TOLERANCE);
    if (factor !== null) return factor;
    ridge = ridge === 0 ? 1e-10 * Math.max(1e-300, maxDiag) : ridge * 10;
  }
  throw new LeadscoreError("internal", "The logistic model's curvature matrix is not positive definite.");
}


