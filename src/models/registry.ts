/**
 * Maps model family names to learners and stored JSON back to scorers: the only place
 * that knows every model.
 */
import { LeadscoreError } from "../core/errors.js";
import type { Learner, ModelKind, Scorer, ScorerJSONBase } from "../core/scorer.js";
import type { EncodingStyle } from "../features/encoding.js";
import { ScorecardLearner } from "../scorecard/scorecard-learner.js";
import type { ScorecardOptions } from "../scorecard/scorecard-options.js";
import { scorecardFromJSON } from "../scorecard/scorecard-scorer.js";
import { GbdtLearner, gbdtFromJSON } from "./gbdt/index.js";
import { LogisticLearner, logisticFromJSON } from "./logistic.js";
import { RandomForestLearner, forestFromJSON } from "./forest/random-forest.js";
import { MlpLearner, mlpFromJSON } from "./mlp/mlp.js";
import { DecisionTreeLearner, decisionTreeFromJSON } from "./tree/decision-tree.js";

export type ParamInput = Readonly<Record<string, string | number | boolean>>;

/** Families that can be trained today. */
export const TRAINABLE_FAMILIES = ["logistic", "tree", "forest", "gbdt", "mlp", "scorecard"] as const satisfies readonly ModelKind[];
export type TrainableFamily = (typeof TRAINABLE_FAMILIES)[number];

/** The families `auto` compares (a scorecard is asked for by name: it is a different product). */
export const AUTO_FAMILIES = ["logistic", "gbdt"] as const satisfies readonly TrainableFamily[];

/** Structured settings some learners take besides their `--param` values. */
export interface LearnerOptions {
  readonly scorecard?: ScorecardOptions;
}

export function isTrainableFamily(name: string): name is TrainableFamily {
  return (TRAINABLE_FAMILIES as readonly string[]).includes(name);
}

export function encodingStyleOf(family: TrainableFamily): EncodingStyle {
  return family === "logistic" || family === "mlp" ? "linear" : "tree";
}

export function createLearner(family: TrainableFamily, params: ParamInput, seed: number, options: LearnerOptions = {}): Learner<object> {
  switch (family) {
    case "logistic":
      return new LogisticLearner(params);
    case "gbdt":
      return new GbdtLearner({ seed, ...params });
    case "tree":
      return new DecisionTreeLearner({ seed, ...params });
    case "forest":
      return new RandomForestLearner({ seed, ...params });
    case "mlp":
      return new MlpLearner({ seed, ...params });
    case "scorecard":
      return new ScorecardLearner(params, options.scorecard ?? {});
  }
}

export function scorerFromJSON(json: ScorerJSONBase): Scorer {
  switch (json.kind) {
    case "logistic":
      return logisticFromJSON(json);
    case "gbdt":
      return gbdtFromJSON(json);
    case "tree":
      return decisionTreeFromJSON(json);
    case "forest":
      return forestFromJSON(json);
    case "mlp":
      return mlpFromJSON(json);
    case "scorecard":
      return scorecardFromJSON(json);
    default:
      throw new LeadscoreError("model", `This leadscore cannot load a '${json.kind}' model.`);
  }
}
