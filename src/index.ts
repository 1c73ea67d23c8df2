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
import { prepareEventTraining } from "./score/event-training.js";

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
/** A CART decision tree that also reads out as plain-language rules (`scorer.rules(features)`). */
export { DecisionTreeLearner } from "./models/tree/decision-tree.js";
/** A random forest: bootstrap, √features per split, out-of-bag AUC, trees grown on every core. */
export { RandomForestLearner } from "./models/forest/random-forest.js";
/** A multilayer perceptron (ReLU, Adam, L2, dropout, early stopping), deterministic with the seed. */
export { MlpLearner } from "./models/mlp/mlp.js";
/** An isolation forest: anomaly scores, and a threshold at the training rows' contamination quantile. */
export { IsolationForest } from "./models/isolation-forest.js";
export { ScorecardLearner } from "./scorecard/scorecard-learner.js";
export { ScorecardScorer, type ScorecardJSON } from "./scorecard/scorecard-scorer.js";
export type { ScorecardOptions, BinsFile } from "./scorecard/scorecard-options.js";
export { scorecardSql } from "./scorecard/scorecard-sql.js";
export { binsFileOf, parseBinsFile } from "./scorecard/bins-file.js";
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
export type { EventOptions } from "./events/event-options.js";
export type { EventSpec, EventColumn } from "./events/event-spec.js";
/** Behavioural events for scoring: `(await ScoringEvents.open(model.file, { file })).apply(table)` appends the model's event columns. */
export { ScoringEvents, withScoringEvents } from "./score/event-scoring.js";
export { type SubScores, splitLogOdds } from "./score/sub-scores.js";
export { scoreRecords } from "./score/score-records.js";
export { fairnessAudit } from "./audit/fairness.js";
export { driftReport } from "./audit/drift.js";
export { psi } from "./evaluate/psi.js";
export { compareScorers } from "./audit/compare.js";
export { delongTest } from "./audit/delong.js";
export { parseRules, readRulesFile } from "./audit/rules-file.js";
export { scoreRules } from "./audit/rules-scorer.js";
export { modelCardMarkdown } from "./audit/model-card.js";

/**
 * Trains on a file (CSV, JSON Lines, Parquet) or an already-read table; with `events`, the
 * behavioural events are aggregated into lead columns first (README, "Behavioural events").
 */
export async function train(data: string | RawTable, options: TrainOptions): Promise<TrainResult> {
  const table = typeof data === "string" ? await readTable(data, { na: options.na ?? [] }) : data;
  if (!options.events) return trainFromTable(table, options);
  const events = await prepareEventTraining(table, options);
  return events.finish(trainFromTable(events.table, events.options));
}
