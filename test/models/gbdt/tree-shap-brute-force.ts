/**
 * Path-dependent Shapley values by definition, for checking TreeSHAP: the value of a feature
 * subset S is E[f(x) | x_S], where splits on features outside S average their children by
 * cover; the Shapley values come from enumerating every subset (so ≤ ~10 features).
 */
import type { TreeJSON } from "../../../src/models/gbdt/index.js";
import { goesLeft } from "./helpers.js";

/** E[tree(x) | x_known] with the path-dependent definition. */
export function conditional(tree: TreeJSON, x: readonly number[], known: ReadonlySet<number>, node = 0): number {
  const f = tree.feature[node] as number;
  if (f < 0) return tree.value[node] as number;
  const l = tree.left[node] as number;
  const r = tree.right[node] as number;
  if (known.has(f)) return conditional(tree, x, known, goesLeft(tree, node, x[f] as number) ? l : r);
  const cl = tree.cover[l] as number;
  const cr = tree.cover[r] as number;
  return (cl * conditional(tree, x, known, l) + cr * conditional(tree, x, known, r)) / (cl + cr);
}

/** Exact Shapley values of v(S) = Σ_trees E[tree | x_S] over `features` features. */
export function bruteForceShapley(trees: readonly TreeJSON[], features: number, x: readonly number[]): number[] {
  const m = features;
  const value = (mask: number): number => {
    const known = new Set<number>();
    for (let f = 0; f < m; f++) if ((mask >> f) & 1) known.add(f);
    return trees.reduce((sum, t) => sum + conditional(t, x, known), 0);
  };
  const values = Array.from({ length: 1 << m }, (_, mask) => value(mask));
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let f = 0; f < m; f++) size += (mask >> f) & 1;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      phi[i] = (phi[i] as number) + weight * ((values[mask | (1 << i)] as number) - (values[mask] as number));
    }
  }
  return phi;
}
