/**
 * Bins a training matrix for tree growing with the gradient-boosting BinMapper (≤ maxBins
 * quantile bins per numeric feature, one bin per category code, one bin for missing values),
 * so every tree model splits on the same real thresholds a Tree predicts with.
 */
import type { Labels, Matrix } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";
import { BinMapper } from "../gbdt/bin-mapper.js";
import type { BinnedData } from "./cart-builder.js";

/** `rng` picks the rows quantiles are taken from when there are more than 200,000. */
export function binMatrix(X: Matrix, y: Labels, maxBins: number, rng: Rng): BinnedData {
  const mapper = BinMapper.fit(X, maxBins, rng);
  return {
    rows: X.rows,
    binned: mapper.transform(X),
    bins: mapper.bins,
    categorical: mapper.categorical,
    thresholds: mapper.thresholds,
    codeBins: mapper.codeBins,
    y,
  };
}
