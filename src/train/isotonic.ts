/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing step function closest
 * (in weighted squared error) to the labels, as a function of the model's raw output.
 * Used for isotonic calibration and, on binned scores, for Venn-Abers intervals.
 */

export interface IsotonicFit {
  /** Increasing raw-output knots; predictions interpolate linearly between them. */
  readonly x: readonly number[];
  /** Fitted probability at each knot, non-decreasing. */
  readonly y: readonly number[];
}

/**
 * Pools adjacent violators over points already sorted by x (ties must be adjacent).
 * Returns the fitted value of each input point.
 */
export function poolAdjacentViolators(values: Float64Array, weights: Float64Array): Float64Array {
  const n = values.length;
  const blockValue = new Float64Array(n);
  const blockWeight = new Float64Array(n);
  const blockEnd = new Int32Array(n);
  let blocks = 0;
  for (let i = 0; i < n; i++) {
    let v = values[i] as number;
    let w = weights[i] as number;
    let end = i;
    while (blocks > 0 && (blockValue[blocks - 1] as number) >= v) {
      const pw = blockWeight[blocks - 1] as number;
      v = (v * w + (blockValue[blocks - 1] as number) * pw) / (w + pw || 1);
      w += pw;
      blocks--;
    }
    blockValue[blocks] = v;
    blockWeight[blocks] = w;
    blockEnd[blocks] = end;
    blocks++;
    end = i;
  }
  const fitted = new Float64Array(n);
  let start = 0;
  for (let b = 0; b < blocks; b++) {
    const end = blockEnd[b] as number;
    for (let i = start; i <= end; i++) fitted[i] = blockValue[b] as number;
    start = end + 1;
  }
  return fitted;
}

/** Fits P(y = 1) as a non-decreasing function of `raw`. */
export function fitIsotonic(raw: Float64Array, y: Uint8Array): IsotonicFit {
  const order = Array.from(raw.keys()).sort((a, b) => (raw[a] as number) - (raw[b] as number) || a - b);
  // Tied raw values are merged first, so the fit is a function of raw.
  const xs: number[] = [];
  const means: number[] = [];
  const counts: number[] = [];
  for (const i of order) {
    const x = raw[i] as number;
    if (xs.length > 0 && xs[xs.length - 1] === x) {
      const last = xs.length - 1;
      means[last] = ((means[last] as number) * (counts[last] as number) + (y[i] as number)) / ((counts[last] as number) + 1);
      counts[last] = (counts[last] as number) + 1;
    } else {
      xs.push(x);
      means.push(y[i] as number);
      counts.push(1);
    }
  }
  const fitted = poolAdjacentViolators(Float64Array.from(means), Float64Array.from(counts));
  // Keep only the knots where the step function changes, plus the ends.
  const x: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const f = fitted[i] as number;
    const isEdge = i === 0 || i === xs.length - 1 || f !== fitted[i - 1] || f !== fitted[i + 1];
    if (isEdge) {
      x.push(xs[i] as number);
      v.push(f);
    }
  }
  return { x, y: v };
}

/** The isotonic fit at `raw`, linear between knots and flat beyond the ends. */
export function isotonicAt(fit: IsotonicFit, raw: number): number {
  const { x, y } = fit;
  const n = x.length;
  if (n === 0) return 0.5;
  if (raw <= (x[0] as number)) return y[0] as number;
  if (raw >= (x[n - 1] as number)) return y[n - 1] as number;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] as number) <= raw) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo] as number;
  const x1 = x[hi] as number;
  const t = x1 > x0 ? (raw - x0) / (x1 - x0) : 0;
  return (y[lo] as number) + t * ((y[hi] as number) - (y[lo] as number));
}
