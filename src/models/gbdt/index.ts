/**
 * Histogram gradient boosting for binary targets: the public surface of `models/gbdt`.
 */

/** Fits a `GbdtScorer`: `new GbdtLearner({ trees: 500, learningRate: 0.05 }).fit(X, y, weights?)`. */
export { GbdtLearner, GbdtScorer, gbdtFromJSON } from "./booster.js";
export type { GbdtJSON, GbdtScorerFields, GbdtStopping } from "./booster.js";
/** The parameter table (names, defaults, limits, help) behind `--param NAME=VALUE`. */
export { GBDT_PARAMS, resolveGbdtParams } from "./params.js";
export type { GbdtParamInput, GbdtParams } from "./params.js";
/** One fitted tree (struct of typed arrays) and its JSON form. */
export { Tree, treeFromJSON } from "./tree.js";
export type { TreeArrays, TreeJSON } from "./tree.js";
