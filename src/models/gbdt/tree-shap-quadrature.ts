/**
 * Gauss–Legendre quadrature on [0, 1]: n nodes t_k and weights w_k with
 *   ∫_0^1 p(t) dt = Σ_k w_k p(t_k)  exactly for every polynomial p of degree ≤ 2n − 1.
 * Fast TreeSHAP writes each Shapley weight sum as such an integral (the Beta-function form
 * used by Linear TreeSHAP, Yu et al. 2022), so a few nodes replace the usual weight recursion.
 *
 * Nodes come from Newton's method on the Legendre polynomial P_n (three-term recurrence),
 * started from the classic cosine guesses, which converge to full double precision.
 */

export interface Quadrature {
  /** Nodes in (0, 1), ascending. */
  readonly nodes: Float64Array;
  /** Positive weights summing to 1. */
  readonly weights: Float64Array;
}

const cache = new Map<number, Quadrature>();

/** The n-point Gauss–Legendre rule on [0, 1] (n ≥ 1), memoised. */
export function gaussLegendre(n: number): Quadrature {
  const known = cache.get(n);
  if (known !== undefined) return known;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussLegendre needs a positive whole number of nodes, got ${n}`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  // roots come in ± pairs on [-1, 1]; find the positive half and mirror
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      // P_n(x) and P_n'(x) by the recurrence (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}
      let p0 = 1;
      let p1 = x;
      for (let k = 1; k < n; k++) {
        const p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pPrev = n === 1 ? 1 : p0;
      derivative = (n * (x * pn - pPrev)) / (x * x - 1);
      const step = pn / derivative;
      x -= step;
      if (Math.abs(step) <= 1e-16) break;
    }
    // final derivative at the converged root gives the weight 2 / ((1 − x²) P_n'(x)²) on [-1, 1]
    let p0 = 1;
    let p1 = x;
    for (let k = 1; k < n; k++) {
      const p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
      p0 = p1;
      p1 = p2;
    }
    derivative = n === 1 ? 1 : (n * (x * p1 - p0)) / (x * x - 1);
    const weight = 2 / ((1 - x * x) * derivative * derivative);
    // map [-1, 1] to [0, 1]: t = (1 ± x) / 2, weight halves
    nodes[i] = (1 - x) / 2;
    nodes[n - 1 - i] = (1 + x) / 2;
    weights[i] = weight / 2;
    weights[n - 1 - i] = weight / 2;
  }
  const rule: Quadrature = { nodes, weights };
  cache.set(n, rule);
  return rule;
}
