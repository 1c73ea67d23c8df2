/**
 * Hyper-parameters of the scorecard, declared once (see core/params.ts). The numeric
 * settings live here, so `--param pdo=20` works like `--pdo 20` and every value is stored
 * in model.json; per-column choices (special values, monotone trends, forced
 * characteristics, hand-made bins) are ScorecardOptions.
 */
import type { ParamTable, ParamValues } from "../core/params.js";

export const SCORECARD_PARAMS = {
  pdo: { type: "float", default: 20, min: 0, exclusiveMin: true, help: "points to double the good:bad odds" },
  baseScore: { type: "float", default: 600, min: Number.NEGATIVE_INFINITY, help: "the score at the base odds" },
  baseOdds: { type: "float", default: 50, min: 0, exclusiveMin: true, help: "good:bad odds (as baseOdds:1) that score baseScore" },
  minBinShare: { type: "float", default: 0.05, min: 0, max: 0.5, help: "least share of rows in a bin" },
  minBinEvents: { type: "int", default: 5, min: 1, help: "least events, and least non-events, in a bin" },
  maxBins: { type: "int", default: 8, min: 1, max: 100, help: "most regular bins per characteristic" },
  prebins: { type: "int", default: 50, min: 2, max: 200, help: "quantile pre-bins of a numeric characteristic before merging" },
  ivMin: { type: "float", default: 0.02, min: 0, help: "characteristics with a lower information value are left out" },
  maxCorrelation: { type: "float", default: 0.7, min: 0, max: 1, help: "of two characteristics whose WoE correlate more than this, the lower-IV one is left out" },
  stepwise: { type: "bool", default: false, help: "forward-backward stepwise selection by likelihood-ratio tests (entry and stay at p = 0.05)" },
  l1: { type: "float", default: 0, min: 0, help: "above 0: lasso selection on WoE with this penalty; characteristics whose coefficient is 0 are left out" },
  l2: { type: "float", default: 1, min: 0, help: "ridge penalty of the logistic regression on WoE (as in logistic regression)" },
} as const satisfies ParamTable;

export type ScorecardParams = ParamValues<typeof SCORECARD_PARAMS>;
