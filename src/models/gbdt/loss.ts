/**
 * The objective as a small interface (after LightGBM's `ObjectiveFunction`): it computes a
 * starting score, gradients and hessians of raw scores, and its own value; it knows nothing
 * of trees.
 */
import type { Labels } from "../../core/matrix.js";

export interface Loss {
  readonly name: string;
  /** The best constant raw score. */
  initScore(y: Labels, weights: Float64Array | null): number;
  /** First and second derivatives of each row's (weighted) loss with respect to its raw score. */
  gradients(y: Labels, raw: Float64Array, weights: Float64Array | null, grad: Float64Array, hess: Float64Array): void;
  /** The same for rows start..end-1 only (one block of rows, run by any thread). */
  gradientsRange(
    y: Labels,
    raw: Float64Array,
    weights: Float64Array | null,
    grad: Float64Array,
    hess: Float64Array,
    start: number,
    end: number,
  ): void;
  /** Weighted mean loss. */
  value(y: Labels, raw: Float64Array, weights: Float64Array | null): number;
}

/** Keeps the prior away from 0 and 1 so a one-class sample has a finite starting score. */
const PRIOR_CLIP = 1e-15;
/** A floor on p(1-p) so saturated rows keep a positive hessian. */
const MIN_HESSIAN = 1e-16;

/** Binary log loss on log-odds raw scores. */
export const binaryLogLoss: Loss = {
  name: "logLoss",

  initScore(y, weights) {
    let positive = 0;
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      const w = weights === null ? 1 : (weights[i] as number);
      total += w;
      if (y[i] === 1) positive += w;
    }
    const p = Math.min(1 - PRIOR_CLIP, Math.max(PRIOR_CLIP, positive / total));
    return Math.log(p / (1 - p));
  },

  gradients(y, raw, weights, grad, hess) {
    logLossGradients(y, raw, weights, grad, hess, 0, y.length);
  },

  gradientsRange(y, raw, weights, grad, hess, start, end) {
    logLossGradients(y, raw, weights, grad, hess, start, end);
  },

  value(y, raw, weights) {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      const z = raw[i] as number;
      const w = weights === null ? 1 : (weights[i] as number);
      // log(1 + e^z) - y z, without overflow
      const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      sum += w * (softplus - (y[i] as number) * z);
      total += w;
    }
    return sum / total;
  },
};

/** Hot loop (every row, every round): the logistic inlined; exp overflow gives p = 0, still finite. */
function logLossGradients(
  y: Labels,
  raw: Float64Array,
  weights: Float64Array | null,
  grad: Float64Array,
  hess: Float64Array,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i++) {
    const p = 1 / (1 + Math.exp(-(raw[i] as number)));
    const q = p * (1 - p);
    grad[i] = p - (y[i] as number);
    hess[i] = q > MIN_HESSIAN ? q : MIN_HESSIAN;
  }
  if (weights !== null) {
    for (let i = start; i < end; i++) {
      const w = weights[i] as number;
      grad[i] = (grad[i] as number) * w;
      hess[i] = (hess[i] as number) * w;
    }
  }
}
