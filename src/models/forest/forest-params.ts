/**
 * Hyper-parameters of the random forest, declared once (see core/params.ts). Defaults follow
 * scikit-learn's RandomForestClassifier (bootstrap, √features per split, Gini) with 300 trees,
 * except that trees stop at 10 levels and 10 rows per leaf: on bank-marketing and
 * taiwan-credit-default (5-fold CV) 10 rows per leaf scored within 0.0003 AUC of 5, with a fifth fewer
 * nodes; the limits keep model files (~8 MB for 300 trees on 36,000 rows) and TreeSHAP
 * explanations (whose cost grows with leaves × depth²) small.
 */
import { resolveParams, type ParamTable, type ParamValues } from "../../core/params.js";

export const FOREST_PARAMS = {
  trees: { type: "int", default: 300, min: 1, max: 100_000, help: "number of trees" },
  maxFeatures: {
    type: "int",
    default: 0,
    min: 0,
    help: "features drawn at random for each split; 0 means the square root of the number of features",
  },
  maxDepth: { type: "int", default: 10, min: 0, max: 64, help: "maximum depth of a tree; 0 means no limit" },
  minLeafRows: { type: "int", default: 10, min: 1, help: "minimum distinct training rows in a leaf" },
  minSplitRows: { type: "int", default: 2, min: 2, help: "minimum distinct training rows in a node for it to be split" },
  entropy: { type: "bool", default: false, help: "split on entropy (information gain) instead of Gini impurity" },
  bootstrap: {
    type: "bool",
    default: true,
    help: "grow each tree on rows drawn with replacement (needed for the out-of-bag AUC); off: every tree sees every row",
  },
  rowSample: {
    type: "float",
    default: 1,
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: "rows drawn for each tree, as a share of the training rows (scikit-learn's max_samples)",
  },
  maxBins: { type: "int", default: 255, min: 2, max: 255, help: "maximum candidate thresholds per numeric feature, plus one" },
  threads: {
    type: "int",
    default: 0,
    min: 0,
    max: 256,
    help: "threads growing trees; 0 means one per core. The model is the same whatever the number",
  },
  seed: { type: "int", default: 42, min: 0, max: 4_294_967_295, help: "seed for the bootstrap samples and the features drawn" },
} as const satisfies ParamTable;

export type ForestParams = ParamValues<typeof FOREST_PARAMS>;

export function resolveForestParams(given: Readonly<Record<string, string | number | boolean>> = {}): ForestParams {
  return resolveParams("random forest", FOREST_PARAMS, given);
}
