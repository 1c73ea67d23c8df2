/**
 * Hyper-parameters of logistic regression, declared once (see core/params.ts).
 * The objective is the SUM of weighted log losses plus ½·l2·‖w‖² + l1·‖w‖₁, so `l2`
 * plays the role of scikit-learn's 1/C; the intercept is never penalised.
 */
import type { ParamTable, ParamValues } from "../core/params.js";

export const LOGISTIC_PARAMS = {
  l2: {
    type: "float",
    default: 1,
    min: 0,
    help: "ridge penalty ½·l2·‖w‖² added to the summed log loss (scikit-learn's C = 1/l2)",
  },
  l1: {
    type: "float",
    default: 0,
    min: 0,
    help: "lasso penalty l1·‖w‖₁; above 0 some coefficients become exactly 0",
  },
  maxIter: { type: "int", default: 100, min: 1, help: "most Newton iterations" },
  tol: {
    type: "float",
    default: 1e-8,
    min: 0,
    exclusiveMin: true,
    help: "stop when the largest gradient entry, or the relative objective change, falls below this",
  },
  balanced: {
    type: "bool",
    default: false,
    help: "weight each class by rows/(2·rows of that class), as scikit-learn's class_weight='balanced'",
  },
} as const satisfies ParamTable;

export type LogisticParams = ParamValues<typeof LOGISTIC_PARAMS>;
