/**
 * Hyper-parameters of the decision tree, declared once (see core/params.ts). Defaults give a
 * readable tree: 6 levels at most, every leaf backed by at least 20 rows.
 */
import { resolveParams, type ParamTable, type ParamValues } from "../../core/params.js";

export const TREE_PARAMS = {
  maxDepth: { type: "int", default: 6, min: 0, max: 64, help: "maximum depth (levels of questions); 0 means no limit" },
  minLeafRows: { type: "int", default: 20, min: 1, help: "minimum training rows in a leaf" },
  minSplitRows: { type: "int", default: 40, min: 2, help: "minimum training rows in a node for it to be split" },
  entropy: { type: "bool", default: false, help: "split on entropy (information gain, in bits) instead of Gini impurity" },
  ccpAlpha: {
    type: "float",
    default: 0,
    min: 0,
    help: "cost-complexity pruning: collapse every subtree whose impurity gain per extra leaf is at most this (scikit-learn's ccp_alpha)",
  },
  smoothing: {
    type: "float",
    default: 1,
    min: 0,
    help: "a leaf's rate is (positives + smoothing × overall rate) / (rows + smoothing), so small pure leaves do not say 0 % or 100 %",
  },
  maxBins: { type: "int", default: 255, min: 2, max: 255, help: "maximum candidate thresholds per numeric feature, plus one" },
  seed: { type: "int", default: 42, min: 0, max: 4_294_967_295, help: "seed for the rows thresholds are taken from (over 200,000 rows)" },
} as const satisfies ParamTable;

export type TreeParams = ParamValues<typeof TREE_PARAMS>;

export function resolveTreeParams(given: Readonly<Record<string, string | number | boolean>> = {}): TreeParams {
  return resolveParams("decision tree", TREE_PARAMS, given);
}
