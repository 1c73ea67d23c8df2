/**
 * Maps model family names to learners and stored JSON back to scorers: the only place
 * that knows every model.
 */
import { LeadscoreError } from "../core/errors.js";
import type { Learner, ModelKind, Scorer, ScorerJSONBase } from "../core/scorer.js";
import type { EncodingStyle } from "../features/encoding.js";
import { GbdtLearner, gbdtFromJSON } from "./gbdt/index.js";
import { LogisticLearner, logisticFromJSON } from "./logistic.js";

export type ParamInput = Readonly<Record<string, string | number | boolean>>;

/** Families that can be trained today; `auto` tries them all. */
export const TRAINABLE_FAMILIES = ["logistic", "gbdt"] as const satisfies readonly ModelKind[];
export type TrainableFamily = (typeof TRAINABLE_FAMILIES)[number];

export function isTrainableFamily(name: string): name is TrainableFamily {
  return (TRAINABLE_FAMILIES as readonly string[]).includes(name);
}

export function encodingStyleOf(family: TrainableFamily): EncodingStyle {
  return family === "logistic" ? "linear" : "tree";
}

export function createLearner(family: TrainableFamily, params: ParamInput, seed: number): Learner<object> {
  switch (family) {
    case "logistic":
      return new LogisticLearner(params);
    case "gbdt":
      return new GbdtLearner({ seed, ...params });
  }
}

export function scorerFromJSON(json: ScorerJSONBase): Scorer {
  switch (json.kind) {
    case "logistic":
      return logisticFromJSON(json);
    case "gbdt":
      return gbdtFromJSON(json);
    default:
      throw new LeadscoreError("model", `This leadscore cannot load a '${json.kind}' model.`);
  }
}
