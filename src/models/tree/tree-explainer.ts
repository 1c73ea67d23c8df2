/**
 * Path-dependent TreeSHAP (Lundberg et al. 2018) over a list of trees, for the decision tree
 * and the random forest: values[r·F + f] = Σ_trees φ_f(row r), and expected = Σ_trees E[tree]
 * (cover-weighted), so expected + Σ_f values = Σ_trees tree(x). Each tree goes leaf by leaf
 * (leaf-tree-shap.ts) when it can, else through the reference recursion (gbdt/tree-shap.ts).
 */
import type { Matrix } from "../../core/matrix.js";
import type { Tree } from "../gbdt/tree.js";
import { TreeShapWorkspace } from "../gbdt/tree-shap.js";
import { LeafTreeShap } from "./leaf-tree-shap.js";

/** Rows explained together, tree by tree. */
const EXPLAIN_BLOCK_ROWS = 64;

export interface TreeShapValues {
  readonly expected: number;
  readonly values: Float64Array;
}

/** Per-tree explainers, built once per model and reused for every call. */
export class TreeListExplainer {
  private readonly trees: readonly Tree[];
  private readonly leafWise: (LeafTreeShap | null)[];
  private readonly workspace: TreeShapWorkspace;
  readonly expected: number;

  constructor(trees: readonly Tree[], features: number, reference = false) {
    this.trees = trees;
    let depth = 0;
    let expected = 0;
    for (const tree of trees) {
      if (tree.depth > depth) depth = tree.depth;
      expected += tree.expectedValue();
    }
    this.expected = expected;
    this.workspace = new TreeShapWorkspace(depth, features);
    this.leafWise = trees.map((tree) => {
      if (reference || tree.nodeCount <= 1) return null;
      const fast = new LeafTreeShap(tree);
      return fast.usable ? fast : null;
    });
  }

  /** Adds the SHAP values of rows start..end−1 of X (features × rows, column-major) into values. */
  explainRows(X: Matrix, start: number, end: number, values: Float64Array): void {
    const features = X.columns.length;
    // blocks of rows, stored one after another, go through one tree at a time: the tree's
    // arrays stay in cache while the block uses them
    const block = new Float64Array(EXPLAIN_BLOCK_ROWS * features);
    let size = 0;
    for (const fast of this.leafWise) if (fast !== null && fast.tableSize > size) size = fast.tableSize;
    const tables = new Float64Array(size);
    for (let from = start; from < end; from += EXPLAIN_BLOCK_ROWS) {
      const to = Math.min(end, from + EXPLAIN_BLOCK_ROWS);
      for (let f = 0; f < features; f++) {
        const column = X.columns[f] as Float64Array;
        for (let r = from; r < to; r++) block[(r - from) * features + f] = column[r] as number;
      }
      for (let t = 0; t < this.trees.length; t++) {
        const fast = this.leafWise[t];
        const tree = this.trees[t] as Tree;
        if (fast !== null && fast !== undefined) {
          fast.prepare(tables);
          for (let r = from; r < to; r++) fast.explainRow(block, (r - from) * features, values, r * features, tables);
        } else if (tree.nodeCount > 1) {
          for (let r = from; r < to; r++) this.workspace.explainRow(tree, block, (r - from) * features, values, r * features);
        }
      }
    }
  }
}

export function treeShapValues(trees: readonly Tree[], X: Matrix, features: number): TreeShapValues {
  const explainer = new TreeListExplainer(trees, features);
  const values = new Float64Array(X.rows * features);
  explainer.explainRows(X, 0, X.rows, values);
  return { expected: explainer.expected, values };
}
