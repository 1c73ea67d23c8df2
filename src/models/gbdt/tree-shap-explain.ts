/**
 * Path-dependent TreeSHAP values of a boosted model's trees for a matrix of rows: the fast
 * plan (tree-shap-plan.ts, built once per model and kept while the model lives) run on every
 * thread, or, for a few rows before any plan exists, the reference algorithm (tree-shap.ts):
 * building a plan for a 300-tree model costs about as much as explaining a few hundred rows
 * the reference way (which is also what runs where WebAssembly does not). Both are exact; they
 * agree to rounding (about 1e-15).
 */
import type { Matrix } from "../../core/matrix.js";
import { explainWithPlan } from "./explain-parallel.js";
import { TreeShapWorkspace } from "./tree-shap.js";
import { wasmAvailable } from "./tree-shap-kernel.js";
import { type TreeShapPlan, buildTreeShapPlan } from "./tree-shap-plan.js";
import type { Tree } from "./tree.js";

/** Fewer rows than this, with no plan built yet, go to the reference algorithm. */
export const PLAN_MIN_ROWS = 256;

const plans = new WeakMap<readonly Tree[], TreeShapPlan>();

export interface TreeShapOptions {
  /** Threads to use, the calling one included (default: the worker team's size + 1). */
  readonly threads?: number;
  /** "plan" or "reference" forces a method (tests, benchmarks); default chooses as above. */
  readonly method?: "plan" | "reference";
}

/**
 * values[r · F + f] = Σ over `trees` of feature f's Shapley value for row r of X (F = its
 * columns); with base = Σ Tree.expectedValue(), base + Σ_f values = Σ tree outputs.
 */
export function treeShapValues(trees: readonly Tree[], X: Matrix, options: TreeShapOptions = {}): Float64Array {
  const method = options.method ?? (plans.has(trees) || (X.rows >= PLAN_MIN_ROWS && wasmAvailable()) ? "plan" : "reference");
  if (method === "reference") return referenceValues(trees, X);
  return explainWithPlan(treeShapPlanOf(trees, X.columns.length), X, options.threads);
}

/** The plan of `trees`, built and kept on first request. */
export function treeShapPlanOf(trees: readonly Tree[], features: number): TreeShapPlan {
  let plan = plans.get(trees);
  if (plan === undefined) {
    plan = buildTreeShapPlan(trees, features);
    plans.set(trees, plan);
  }
  return plan;
}

/** The same values by Algorithm 2 (tree-shap.ts), row by row. */
export function referenceValues(trees: readonly Tree[], X: Matrix): Float64Array {
  const F = X.columns.length;
  const values = new Float64Array(X.rows * F);
  const depth = trees.reduce((deepest, tree) => Math.max(deepest, tree.depth), 0);
  const workspace = new TreeShapWorkspace(depth, F);
  const row = new Float64Array(F);
  for (let r = 0; r < X.rows; r++) {
    for (let f = 0; f < F; f++) row[f] = (X.columns[f] as Float64Array)[r] as number;
    for (const tree of trees) if (tree.nodeCount > 1) workspace.explainRow(tree, row, 0, values, r * F);
  }
  return values;
}
