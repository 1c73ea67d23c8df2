/**
 * Minimal cost-complexity pruning (Breiman et al. 1984, ch. 3; scikit-learn's `ccp_alpha`).
 * A subtree T costs R(T) + α·|leaves(T)|, with R the impurity of its leaves weighted by
 * their share of the training weight. The weakest link — the internal node t with the
 * smallest α_eff(t) = (R(t) − R(T_t)) / (|leaves(T_t)| − 1) — is collapsed into a leaf,
 * again and again, while α_eff ≤ α. A large α leaves only the root.
 */
import type { GrownTree } from "./grown-tree.js";
import type { ImpurityCost } from "./impurity.js";

export function pruneCostComplexity(tree: GrownTree, alpha: number, cost: ImpurityCost): GrownTree {
  if (!(alpha > 0) || tree.nodeCount <= 1) return tree;
  const n = tree.nodeCount;
  const total = tree.weight[0] as number;
  const own = new Float64Array(n);
  for (let i = 0; i < n; i++) own[i] = cost(tree.positive[i] as number, (tree.weight[i] as number) - (tree.positive[i] as number)) / total;
  const cut = new Uint8Array(n);
  const subtree = new Float64Array(n);
  const leaves = new Int32Array(n);
  const alive = new Uint8Array(n);
  for (;;) {
    // children come after their parent: a backward pass sees children first
    for (let i = n - 1; i >= 0; i--) {
      if (tree.isLeaf(i) || cut[i] === 1) {
        subtree[i] = own[i] as number;
        leaves[i] = 1;
      } else {
        const l = tree.left[i] as number;
        const r = tree.right[i] as number;
        subtree[i] = (subtree[l] as number) + (subtree[r] as number);
        leaves[i] = (leaves[l] as number) + (leaves[r] as number);
      }
    }
    alive.fill(0);
    alive[0] = 1;
    let weakest = -1;
    let weakestAlpha = Infinity;
    for (let i = 0; i < n; i++) {
      if (alive[i] === 0 || tree.isLeaf(i) || cut[i] === 1) continue;
      alive[tree.left[i] as number] = 1;
      alive[tree.right[i] as number] = 1;
      const effective = ((own[i] as number) - (subtree[i] as number)) / ((leaves[i] as number) - 1);
      if (effective < weakestAlpha) {
        weakestAlpha = effective;
        weakest = i;
      }
    }
    if (weakest < 0 || weakestAlpha > alpha) break;
    cut[weakest] = 1;
  }
  return tree.withoutSubtrees(cut);
}
