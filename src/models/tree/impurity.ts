/**
 * Node impurity for binary classification, as a weighted total: cost(p, n) = W · impurity,
 * where p and n are the weights of positive and negative rows and W = p + n. A split's gain
 * is cost(parent) − cost(left) − cost(right) (scikit-learn's impurity decrease times the
 * node weight), and cost-complexity pruning compares these totals too.
 * - Gini: W · (1 − (p/W)² − (n/W)²) = 2pn / W
 * - entropy, in bits (log2, as scikit-learn, so `ccpAlpha` means the same): W·log2 W − p·log2 p − n·log2 n
 */
export type ImpurityCost = (p: number, n: number) => number;

export function giniCost(p: number, n: number): number {
  const w = p + n;
  return w > 0 ? (2 * p * n) / w : 0;
}

export function entropyCost(p: number, n: number): number {
  const w = p + n;
  if (!(p > 0) || !(n > 0)) return 0;
  return w * Math.log2(w) - p * Math.log2(p) - n * Math.log2(n);
}

export function impurityCost(entropy: boolean): ImpurityCost {
  return entropy ? entropyCost : giniCost;
}
