/**
 * Minimises the penalised logistic objective
 *
 *   F(b, w) = Σ_i s_i·[log(1 + e^{z_i}) − y_i·z_i] + ½·l2·‖w‖² + l1·‖w‖₁,   z_i = b + x_i·w
 *
 * with Newton's method. Without l1 each step solves (XᵀVX + l2·I)·d = −∇ by Cholesky
 * (IRLS). With l1 > 0 it is a proximal Newton method (as glmnet / newGLMNET): the same
 * quadratic model of the smooth part plus the exact l1 term is minimised by cyclic
 * coordinate descent with soft-thresholding, which yields exact zeros. Either way a
 * backtracking line search on F keeps every step a descent, which is what makes
 * separable data and l2 = 0 safe. Index 0 of the coefficient vector is the intercept.
 */
import { cholesky, choleskySolve } from "../core/cholesky.js";

/** A pivot² at most this times its diagonal entry means the matrix is numerically singular. */
const PIVOT_TOLERANCE = 1e-14;

export interface LogisticProblem {
  readonly rows: number;
  /** Feature columns, column-major, no NaN. */
  readonly columns: readonly Float64Array[];
  /** 1 positive, 0 negative. */
  readonly y: Uint8Array;
  /** Per-row weight of the loss term (sample weight × class weight), ≥ 0. */
  readonly rowWeights: Float64Array;
  readonly l2: number;
  readonly l1: number;
  readonly maxIter: number;
  readonly tol: number;
}

export interface LogisticSolution {
  readonly intercept: number;
  readonly weights: Float64Array;
  readonly objective: number;
  readonly iterations: number;
  readonly converged: boolean;
}

// Armijo sufficient-decrease fraction and the most step halvings before giving up.
const ARMIJO = 1e-4;
const MAX_HALVINGS = 60;
// Below this predicted decrease (relative to F) rounding hides any real change in F,
// so Newton's local quadratic convergence is trusted and the full step is taken.
const ROUNDING_FLOOR = 1e-13;
const MAX_SWEEPS = 1000;

export function solveLogistic(problem: LogisticProblem): LogisticSolution {
  const { rows: n, columns, y, rowWeights: s, l2, l1, maxIter, tol } = problem;
  const p = columns.length;
  const dim = p + 1;

  // Starting from the intercept-only optimum (w = 0) is cheap and usually close.
  let beta: Float64Array = new Float64Array(dim);
  beta[0] = startingIntercept(y, s);
  let z: Float64Array = linearPredictor(columns, n, beta);
  let objective = penalisedObjective(z, y, s, beta, l2, l1);

  const gradient = new Float64Array(dim);
  const hessian = new Float64Array(dim * dim);
  let iterations = 0;
  let converged = false;
  let smallChanges = 0;

  while (iterations < maxIter) {
    smoothGradient(columns, z, y, s, beta, l2, gradient);
    if (optimalityGap(gradient, beta, l1) <= tol) {
      converged = true;
      break;
    }
    iterations++;
    buildHessian(columns, z, s, l2, hessian);
    const target = l1 > 0 ? proximalTarget(hessian, gradient, beta, l1, tol) : newtonTarget(hessian, gradient, beta);
    const decrease = predictedDecrease(gradient, beta, target, l1);
    if (!(decrease < 0)) {
      // No descent direction left: we are at the optimum to working precision.
      converged = true;
      break;
    }

    // z moves linearly with the coefficients: z(β + t·d) = z + t·(d₀ + X·d_w).
    const direction = linearPredictor(columns, n, difference(target, beta));
    const belowRounding = -decrease <= ROUNDING_FLOOR * Math.max(1, Math.abs(objective));
    let step = 1;
    let accepted = false;
    let nextBeta = beta;
    let nextObjective = objective;
    for (let halving = 0; halving <= MAX_HALVINGS; halving++) {
      // At step 1 take `target` itself, so soft-thresholded zeros stay exactly zero.
      nextBeta = step === 1 ? target : interpolate(beta, target, step);
      nextObjective = penalisedObjective(addScaled(z, direction, step), y, s, nextBeta, l2, l1);
      const sufficient = nextObjective <= objective + ARMIJO * step * decrease;
      const roundingOnly = step === 1 && belowRounding && nextObjective <= objective * (1 + 1e-12) + 1e-300;
      if (sufficient || roundingOnly) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) {
      // Not even a tiny step lowers F: the remaining gradient is rounding noise.
      converged = true;
      break;
    }
    const change = (objective - nextObjective) / Math.max(1, Math.abs(nextObjective));
    beta = nextBeta;
    // Recomputed rather than carried, so rounding in z never drifts from β.
    z = linearPredictor(columns, n, beta);
    objective = penalisedObjective(z, y, s, beta, l2, l1);
    // One small full step can leave a gradient of order √tol; requiring two in a row
    // lets Newton square it away first.
    smallChanges = step === 1 && change <= tol ? smallChanges + 1 : 0;
    if (smallChanges >= 2) {
      converged = true;
      break;
    }
  }

  return {
    intercept: beta[0] as number,
    weights: beta.slice(1),
    objective,
    iterations,
    converged,
  };
}

function startingIntercept(y: Uint8Array, s: Float64Array): number {
  let pos = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    total += s[i] as number;
    if (y[i] === 1) pos += s[i] as number;
  }
  const rate = Math.min(Math.max(pos / total, 1e-10), 1 - 1e-10);
  return Math.log(rate / (1 - rate));
}

/** z = b + X·w. */
function linearPredictor(columns: readonly Float64Array[], n: number, beta: Float64Array): Float64Array {
  const z = new Float64Array(n).fill(beta[0] as number);
  for (let f = 0; f < columns.length; f++) {
    const wf = beta[f + 1] as number;
    if (wf === 0) continue;
    const col = columns[f] as Float64Array;
    for (let i = 0; i < n; i++) z[i] = (z[i] as number) + wf * (col[i] as number);
  }
  return z;
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function penalisedObjective(z: Float64Array, y: Uint8Array, s: Float64Array, beta: Float64Array, l2: number, l1: number): number {
  let loss = 0;
  for (let i = 0; i < z.length; i++) {
    const si = s[i] as number;
    if (si === 0) continue;
    const zi = z[i] as number;
    loss += si * (softplus(zi) - (y[i] === 1 ? zi : 0));
  }
  let squares = 0;
  let absolutes = 0;
  for (let j = 1; j < beta.length; j++) {
    const b = beta[j] as number;
    squares += b * b;
    absolutes += Math.abs(b);
  }
  return loss + 0.5 * l2 * squares + l1 * absolutes;
}

/** Gradient of the smooth part (loss + ridge), written into `out`. */
function smoothGradient(
  columns: readonly Float64Array[],
  z: Float64Array,
  y: Uint8Array,
  s: Float64Array,
  beta: Float64Array,
  l2: number,
  out: Float64Array,
): void {
  const n = z.length;
  const residual = new Float64Array(n);
  let g0 = 0;
  for (let i = 0; i < n; i++) {
    const r = (s[i] as number) * (sigmoid(z[i] as number) - (y[i] as number));
    residual[i] = r;
    g0 += r;
  }
  out[0] = g0;
  for (let f = 0; f < columns.length; f++) {
    out[f + 1] = dot(residual, columns[f] as Float64Array) + l2 * (beta[f + 1] as number);
  }
}

/**
 * Largest violation of the optimality conditions: |∂F| for the intercept and for nonzero
 * weights, and how far |∂smooth| exceeds l1 for weights at zero (the subgradient gap).
 */
function optimalityGap(gradient: Float64Array, beta: Float64Array, l1: number): number {
  let gap = Math.abs(gradient[0] as number);
  for (let j = 1; j < beta.length; j++) {
    const g = gradient[j] as number;
    const b = beta[j] as number;
    const v = l1 === 0 ? Math.abs(g) : b !== 0 ? Math.abs(g + l1 * Math.sign(b)) : Math.max(0, Math.abs(g) - l1);
    if (v > gap) gap = v;
  }
  return gap;
}

/** Dense Hessian of the smooth part, row-major dim×dim: [1 X]ᵀ·V·[1 X] + l2 on the weights. */
function buildHessian(columns: readonly Float64Array[], z: Float64Array, s: Float64Array, l2: number, out: Float64Array): void {
  const n = z.length;
  const p = columns.length;
  const dim = p + 1;
  const v = new Float64Array(n);
  let h00 = 0;
  for (let i = 0; i < n; i++) {
    const mu = sigmoid(z[i] as number);
    const vi = (s[i] as number) * mu * (1 - mu);
    v[i] = vi;
    h00 += vi;
  }
  out[0] = h00;
  const scaled = new Float64Array(n);
  for (let f = 0; f < p; f++) {
    const colF = columns[f] as Float64Array;
    let h0f = 0;
    for (let i = 0; i < n; i++) {
      const u = (v[i] as number) * (colF[i] as number);
      scaled[i] = u;
      h0f += u;
    }
    out[f + 1] = h0f;
    out[(f + 1) * dim] = h0f;
    for (let g = f; g < p; g++) {
      let h = dot(scaled, columns[g] as Float64Array);
      if (g === f) h += l2;
      out[(f + 1) * dim + (g + 1)] = h;
      out[(g + 1) * dim + (f + 1)] = h;
    }
  }
}

/** β − H⁻¹∇: the pure Newton point. */
function newtonTarget(hessian: Float64Array, gradient: Float64Array, beta: Float64Array): Float64Array {
  const dim = beta.length;
  const negGradient = new Float64Array(dim);
  for (let j = 0; j < dim; j++) negGradient[j] = -(gradient[j] as number);
  const step = solveSpd(hessian, negGradient);
  const target = new Float64Array(dim);
  for (let j = 0; j < dim; j++) target[j] = (beta[j] as number) + (step[j] as number);
  return target;
}

/**
 * argmin_u ∇ᵀ(u − β) + ½(u − β)ᵀH(u − β) + l1·‖u_w‖₁ by cyclic coordinate descent,
 * warm-started at β. Works on u directly so that thresholded coordinates are exact zeros.
 */
function proximalTarget(hessian: Float64Array, gradient: Float64Array, beta: Float64Array, l1: number, tol: number): Float64Array {
  const dim = beta.length;
  const u = beta.slice();
  // H·(u − β), kept up to date as coordinates move.
  const hDelta = new Float64Array(dim);
  let maxDiag = 0;
  for (let j = 0; j < dim; j++) maxDiag = Math.max(maxDiag, hessian[j * dim + j] as number);
  // A zero diagonal (an all-zero column with l2 = 0) would divide by zero.
  const jitter = 1e-12 * (1 + maxDiag);
  const innerTol = tol * 1e-3;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let largest = 0;
    for (let j = 0; j < dim; j++) {
      const a = (hessian[j * dim + j] as number) + jitter;
      const old = u[j] as number;
      const centre = old - ((gradient[j] as number) + (hDelta[j] as number)) / a;
      const next = j === 0 ? centre : softThreshold(centre, l1 / a);
      const delta = next - old;
      if (delta === 0) continue;
      u[j] = next;
      for (let k = 0; k < dim; k++) hDelta[k] = (hDelta[k] as number) + delta * (hessian[k * dim + j] as number);
      largest = Math.max(largest, a * Math.abs(delta));
    }
    if (largest <= innerTol) break;
  }
  return u;
}

function softThreshold(x: number, threshold: number): number {
  if (x > threshold) return x - threshold;
  if (x < -threshold) return x + threshold;
  return 0;
}

/** ∇ᵀd + l1·(‖u_w‖₁ − ‖β_w‖₁): negative when moving towards `target` decreases F. */
function predictedDecrease(gradient: Float64Array, beta: Float64Array, target: Float64Array, l1: number): number {
  let value = 0;
  for (let j = 0; j < beta.length; j++) value += (gradient[j] as number) * ((target[j] as number) - (beta[j] as number));
  if (l1 > 0) {
    for (let j = 1; j < beta.length; j++) value += l1 * (Math.abs(target[j] as number) - Math.abs(beta[j] as number));
  }
  return value;
}

function difference(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let j = 0; j < a.length; j++) out[j] = (a[j] as number) - (b[j] as number);
  return out;
}

function interpolate(from: Float64Array, to: Float64Array, t: number): Float64Array {
  const out = new Float64Array(from.length);
  for (let j = 0; j < from.length; j++) out[j] = (from[j] as number) + t * ((to[j] as number) - (from[j] as number));
  return out;
}

function addScaled(base: Float64Array, direction: Float64Array, t: number): Float64Array {
  const out = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) out[i] = (base[i] as number) + t * (direction[i] as number);
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/**
 * Solves A·x = b for symmetric positive (semi-)definite A by Cholesky. When A is singular
 * or nearly so (collinear columns, l2 = 0, separable data) a growing ridge is added to the
 * diagonal until the factorisation succeeds; the line search absorbs the small bias.
 */
function solveSpd(a: Float64Array, b: Float64Array): Float64Array {
  const dim = b.length;
  let maxDiag = 0;
  for (let j = 0; j < dim; j++) maxDiag = Math.max(maxDiag, Math.abs(a[j * dim + j] as number));
  let ridge = 0;
  for (let attempt = 0; attempt < 20; attempt++) {
    const factor = cholesky(a, dim, ridge, PIVOT_TOLERANCE);
    if (factor !== null) return choleskySolve(factor, dim, b);
    ridge = ridge === 0 ? 1e-12 * Math.max(1, maxDiag) : ridge * 100;
  }
  // Unreachable for a finite symmetric matrix; a gradient step still makes progress.
  return b.slice();
}


