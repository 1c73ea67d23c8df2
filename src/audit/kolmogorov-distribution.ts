/**
 * The asymptotic Kolmogorov distribution, for the p-value of a two-sample KS statistic D
 * with Stephens' (1970) small-sample correction λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, where
 * nₑ = n₁n₂/(n₁+n₂).
 */

/** P(K > λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}; for small λ the dual (Jacobi theta) series of P(K ≤ λ) converges faster. */
export function kolmogorovUpperTail(lambda: number): number {
  if (Number.isNaN(lambda)) return Number.NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    // P(K ≤ λ) = (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}
    const y = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let k = 1; k <= 20; k++) sum += Math.exp(-(2 * k - 1) * (2 * k - 1) * y);
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-300) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** p-value of a two-sample KS statistic D between samples of n1 and n2 values. */
export function ksPValue(d: number, n1: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return Number.NaN;
  const ne = (n1 * n2) / (n1 + n2);
  const root = Math.sqrt(ne);
  return kolmogorovUpperTail((root + 0.12 + 0.11 / root) * d);
}
