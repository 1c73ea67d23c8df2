/** A model file read from disk, checked, with its scorer rebuilt and ready to score. */
import { readFileSync } from "node:fs";
import { LeadscoreError } from "../core/errors.js";
import type { Scorer } from "../core/scorer.js";
import { featureInfos } from "../features/preprocessor.js";
import type { FeatureInfo } from "../core/matrix.js";
import { IsolationForest } from "../models/isolation-forest.js";
import { scorerFromJSON } from "../models/registry.js";
import { type ModelFile, parseModel } from "../train/model-file.js";

export interface LoadedModel {
  readonly file: ModelFile;
  readonly scorer: Scorer;
  readonly features: readonly FeatureInfo[];
  /** The anomaly detector, when the model has one. */
  readonly anomaly?: IsolationForest;
}

export function loadModel(path: string): LoadedModel {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder, not a model.json" : (code ?? "unreadable");
    throw new LeadscoreError("file", `Cannot read model '${path}': ${why}.`, { file: path });
  }
  return modelFromFile(parseModel(text, path), path);
}

export function modelFromFile(file: ModelFile, name = "model"): LoadedModel {
  try {
    const anomaly = file.anomaly ? IsolationForest.fromJSON(file.anomaly) : undefined;
    return { file, scorer: scorerFromJSON(file.scorer), features: featureInfos(file.preprocessor), ...(anomaly ? { anomaly } : {}) };
  } catch (error) {
    if (error instanceof LeadscoreError) throw error;
    throw new LeadscoreError("model", `${name} is damaged: its model parameters cannot be read (${(error as Error).message}).`, { file: name });
  }
}
