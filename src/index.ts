/**
 * leadscore as a library. Everything a program needs to train, score, evaluate and
 * explain; the CLI is built on exactly these.
 *
 * ```ts
 * import { train, loadModel, scoreRecords } from "leadscore";
 * const { model } = await train("leads.csv", { target: "converted" });
 * ```
 */
import type { RawTable } from "./core/frame.js";
import { readTable } from "./data/read-table.js";
import type { TrainOptions } from "./train/options.js";
import { type TrainResult, trainFromTable } from "./train/train.js";

export { LeadscoreError, type ErrorCode, type ErrorLocation } from "./core/errors.js";
export type { Column, ColumnKind, ColumnSchema, Frame, RawTable } from "./core/frame.js";
export type { Matrix, FeatureInfo, Labels } from "./core/matrix.js";
export type { Contributions, Learner, ModelKind, Scorer } from "./core/scorer.js";
export { readTable, readTableChunks } from "./data/read-table.js";
export { inferSchema } from "./data/infer-kinds.js";
export { toFrame } from "./data/to-frame.js";
export { computeMetrics } from "./evaluate/metrics.js";
export { GbdtLearner } from "./models/gbdt/index.js";
export { LogisticLearner } from "./models/logistic.js";
export type { TrainOptions, ModelChoice } from "./train/options.js";
export type { TrainResult } from "./train/train.js";
export type { ModelFile } from "./train/model-file.js";
export { serializeModel, parseModel } from "./train/model-file.js";
export type { TrainReport } from "./report/report-types.js";
export { writeTrainingOutputs } from "./report/write-training-outputs.js";
export { loadModel, modelFromFile, type LoadedModel } from "./score/loaded-model.js";
export { scoreFrame, explainFrame, type ScoredRows } from "./score/score-frame.js";
export { scoreTable, type ScoredRecord, type ScoreOptions } from "./score/score-table.js";
export { evaluateModel } from "./score/evaluate-model.js";
export { scoreRecords } from "./score/score-records.js";

/** Trains on a file (CSV, JSON Lines, Parquet) or an already-read table. */
export async function train(data: string | RawTable, options: TrainOptions): Promise<TrainResult> {
  const table = typeof data === "string" ? await readTable(data, { na: options.na ?? [] }) : data;
  return trainFromTable(table, options);
}
