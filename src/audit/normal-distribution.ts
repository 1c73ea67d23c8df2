/**
 * The standard normal distribution, accurate to about 1e-15 relative in both tails, for
 * the p-values of DeLong's test and the confidence intervals built on z.
 */

/** z of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

const INV_SQRT_2PI = 0.3989422804014327;

export function normalDensity(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** P(Z ≤ x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return x < 0 ? upperTail(-x) : 1 - upperTail(x);
}

/** Two-sided p-value of a z statistic: P(|Z| ≥ |z|). */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return Math.min(1, 2 * upperTail(Math.abs(z)));
}

/** P(Z > x) for x ≥ 0, without the cancellation of 1 − Φ(x). */
function upperTail(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x < 3) {
    // Marsaglia's (2004) series: Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …), fine while Φ(x) is not near 1.
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let k = 3; Math.abs(term) > 1e-17 * Math.abs(sum); k += 2) {
      term *= x2 / k;
      sum += term;
    }
    return 0.5 - normalDensity(x) * sum;
  }
  // Laplace's continued fraction Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), evaluated from the tail up.
  let fraction = x;
  for (let k = 80; k >= 1; k--) fraction = x + k / fraction;
  return normalDensity(x) / fraction;
}
