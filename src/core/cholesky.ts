/** Cholesky factorisation and solves for small dense symmetric systems (row-major Float64Array). */

/**
 * Lower-triangular L with L·Lᵀ = A + ridge·I, or null when A + ridge·I is not numerically
 * positive definite: some pivot² is at most `tolerance` times its diagonal entry.
 */
export function cholesky(a: Float64Array, dim: number, ridge: number, tolerance: number): Float64Array | null {
  const l = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (a[i * dim + j] as number) + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) sum -= (l[i * dim + k] as number) * (l[j * dim + k] as number);
      if (i === j) {
        if (!(sum > tolerance * Math.max(Math.abs(a[i * dim + i] as number) + ridge, 1e-300))) return null;
        l[i * dim + i] = Math.sqrt(sum);
      } else {
        l[i * dim + j] = sum / (l[j * dim + j] as number);
      }
    }
  }
  return l;
}

/** x with L·Lᵀ·x = b, by forward then backward substitution. */
export function choleskySolve(l: Float64Array, dim: number, b: Float64Array): Float64Array {
  const x = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * dim + k] as number) * (x[k] as number);
    x[i] = sum / (l[i * dim + i] as number);
  }
  for (let i = dim - 1; i >= 0; i--) {
    let sum = x[i] as number;
    for (let k = i + 1; k < dim; k++) sum -= (l[k * dim + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * dim + i] as number);
  }
  return x;
}
