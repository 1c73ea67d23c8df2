/**
 * The training pipeline: labels, column kinds, quality checks, cross-validated model
 * families, calibration, threshold, grades, the final refit, and the two documents it
 * yields (model.json and report.json). Knows nothing of flags or files.
 */
import { createHash } from "node:crypto";
import { LeadscoreError } from "../core/errors.js";
import type { ColumnSchema, Frame, RawTable } from "../core/frame.js";
import { type FeatureInfo, takeLabels, takeWeights } from "../core/matrix.js";
import type { ExplanationProfile } from "./explanation-profile.js";
import { probaFromRaw } from "../core/scorer.js";
import { inferSchema } from "../data/infer-kinds.js";
import { type QualityIssue, checkQuality } from "../data/quality.js";
import { toFrame } from "../data/to-frame.js";
import type { FrameRead } from "../data/read-frame.js";
import { aucInterval } from "../evaluate/auc-interval.js";
import { calibrationTable } from "../evaluate/calibration.js";
import { curvePoints } from "../evaluate/curve-points.js";
import { scoreHistogram } from "../evaluate/score-histogram.js";
import { gradeSummary } from "./grade-summary.js";
import { stratifiedFolds } from "../evaluate/folds.js";
import { liftTable } from "../evaluate/lift.js";
import { computeMetrics, summarise } from "../evaluate/metrics.js";
import { chooseThresholdBy } from "../evaluate/threshold.js";
import { scorePsi } from "../evaluate/psi.js";
import { fitPreprocessor, transform } from "../features/preprocessor.js";
import { AUTO_FAMILIES, type LearnerOptions, TRAINABLE_FAMILIES, type TrainableFamily, createLearner, encodingStyleOf, isTrainableFamily } from "../models/registry.js";
import { confidenceSummary, fitConfidenceIntervals } from "./confidence-interval.js";
import { chooseCalibration } from "./calibration-choice.js";
import { checkEnoughOutcomes } from "./minimum-data.js";
import { type CrossValidation, crossValidate } from "./cross-validate.js";
import { searchModels } from "./model-search.js";
import { IsolationForest } from "../models/isolation-forest.js";
import { fitGrades } from "./grades.js";
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type MetricSummary, type ModelFile } from "./model-file.js";
import { DEFAULT_FOLDS, DEFAULT_SEED, HOLDOUT_SHARE, type TrainOptions } from "./options.js";
import { resolveFamilyParams } from "./family-params.js";
import { calibrate, type Calibration } from "./platt.js";
import { columnProfiles } from "./profiles.js";
import { trainingProfile } from "./training-profile.js";
import { explanationProfile } from "./explanation-profile.js";
import { DEFAULT_TEMPLATES } from "./reason-templates.js";
import { readTarget } from "./target.js";
import { LIBRARY_VERSION } from "../version.js";
import type { TrainReport } from "../report/report-types.js";
import { takeTableRows } from "../data/take-table-rows.js";

const FEATURE_KINDS = new Set(["numeric", "categorical", "boolean", "datetime", "text"]);

/** Whether a column of this kind is a model input; a scorecard bins one characteristic per column, so free text stays out of it. */
function isFeatureKind(kind: ColumnSchema["kind"], model: TrainOptions["model"]): boolean {
  return FEATURE_KINDS.has(kind) && !(kind === "text" && model === "scorecard");
}

export interface TrainResult {
  readonly model: ModelFile;
  /** report.json without its creation time (the caller stamps it). */
  readonly report: TrainReport;
  /** The predictions the report is computed on (out-of-fold when cross-validated): table rows, labels, calibrated probabilities. */
  readonly evaluation?: { readonly rows: Int32Array; readonly labels: Uint8Array; readonly probability: Float64Array };
}

export function trainFromTable(table: RawTable, options: TrainOptions): TrainResult {
  return trainFromData(() => tableTrainingData(table, options), options);
}

/**
 * What training needs of the data, however it was read: from a RawTable (tableTrainingData),
 * or streamed into typed columns from a large file (frameTrainingData). Only labelled rows.
 */
export interface TrainingData {
  readonly source: string;
  readonly target: ReturnType<typeof readTarget>;
  /** Inferred (or given) kinds of every column but the target. */
  readonly schema: readonly ColumnSchema[];
  /** The labelled rows, one column per schema entry. */
  readonly frame: Frame;
  missingRate(column: string): number;
  /** SHA-256 over exactly these columns' cells (names, then row by row). */
  dataHash(columns: readonly string[]): string;
}

function tableTrainingData(table: RawTable, options: TrainOptions): TrainingData {
  checkNamedColumns(table, options);
  const target = readTarget(table, options.target, options.positive);
  const labelled = target.missing > 0 ? takeTableRows(table, target.rows) : table;
  const schema = inferSchema(withoutColumn(labelled, options.target), options.kinds ? { overrides: options.kinds } : {});
  const frame = toFrame(labelled, schema, { schemaSource: "data" });
  return { source: table.source, target, schema, frame, missingRate: (name) => missingRate(labelled, name), dataHash: (columns) => dataHash(labelled, columns) };
}

/** The id column and the columns training leaves out, given the kinds (shared by both ways of reading). */
function trainingColumns(schema: readonly ColumnSchema[], options: TrainOptions): { excluded: Set<string>; idColumn: string | null } {
  const excluded = new Set([options.target, ...(options.exclude ?? []), ...(options.allowProtected ? [] : (options.protected ?? []))]);
  if (options.timeCol !== undefined) excluded.add(options.timeCol);
  const idColumn = options.id ?? schema.find((c) => c.kind === "id")?.name ?? null;
  if (idColumn !== null) excluded.add(idColumn);
  return { excluded, idColumn };
}

/** The columns model.json's data hash covers, given every column's kind (target included). */
export function hashedColumns(schema: readonly ColumnSchema[], options: TrainOptions): string[] {
  const features = schema.filter((c) => c.name !== options.target);
  const { excluded, idColumn } = trainingColumns(features, options);
  const featureColumns = features.filter((c) => !excluded.has(c.name) && isFeatureKind(c.kind, options.model)).map((c) => c.name);
  return [options.target, ...(idColumn ? [idColumn] : []), ...featureColumns];
}

/**
 * Training data from a file read by `readFrame` (src/data/read-frame.ts) with the target
 * read as categorical, `requiredColumn` the target and `hashColumns` from `hashedColumns`.
 */
export function frameTrainingData(read: FrameRead, options: TrainOptions): TrainingData {
  checkNamedColumns(read, options);
  const column = read.frame.columns.find((c) => c.name === options.target);
  if (column === undefined || (column.kind !== "categorical" && column.kind !== "boolean")) {
    throw new LeadscoreError("internal", `The target '${options.target}' was not read as a categorical column.`);
  }
  // the positive class by readTarget's own rules, from the target's distinct values
  const values: RawTable = { source: read.source, header: [options.target], rows: column.levels.length, cells: [[...column.levels]], lines: new Int32Array(column.levels.length) };
  const positive = readTarget(values, options.target, options.positive).positive;
  const positiveCode = column.levels.indexOf(positive);
  const rows: number[] = [];
  for (let r = 0; r < column.codes.length; r++) if ((column.codes[r] as number) >= 0) rows.push(r);
  const kept = Int32Array.from(rows);
  const labels = Uint8Array.from(kept, (r) => (column.codes[r] === positiveCode ? 1 : 0));
  const target = { column: options.target, positive, rows: kept, labels, missing: column.codes.length - kept.length };
  const frame = target.missing > 0 ? takeFrameRows(read.frame, kept) : read.frame;
  const hashed = read.hash;
  return {
    source: read.source,
    target,
    schema: read.schema.filter((c) => c.name !== options.target),
    frame: { ...frame, columns: frame.columns.filter((c) => c.name !== options.target) },
    missingRate: (name) => (read.countedRows === 0 ? 0 : (read.missing.get(name) ?? 0) / read.countedRows),
    dataHash: (columns) => {
      if (hashed === null || hashed.columns.join("\u001f") !== columns.join("\u001f")) {
        throw new LeadscoreError("internal", "The data hash was computed over other columns than training used.");
      }
      return hashed.sha256;
    },
  };
}

function takeFrameRows(frame: Frame, rows: Int32Array): Frame {
  const columns = frame.columns.map((c): Frame["columns"][number] => {
    switch (c.kind) {
      case "numeric":
      case "datetime":
        return { ...c, values: Float64Array.from(rows, (r) => c.values[r] as number) };
      case "categorical":
      case "boolean":
        return { ...c, codes: Int32Array.from(rows, (r) => c.codes[r] as number) };
      case "text":
      case "id":
        return { ...c, values: Array.from(rows, (r) => c.values[r] ?? null) };
    }
  });
  return { source: frame.source, rows: rows.length, columns, lines: Int32Array.from(rows, (r) => frame.lines[r] as number) };
}

/** Trains from data read either way; `load` runs where the table's checks always ran. */
export function trainFromData(load: () => TrainingData, options: TrainOptions): TrainResult {
  const folds = options.folds ?? DEFAULT_FOLDS;
  const seed = options.seed ?? DEFAULT_SEED;
  const choice = options.model ?? "auto";
  if (!Number.isInteger(folds) || folds < 0 || folds === 1) {
    throw new LeadscoreError("usage", `--folds must be 0 (no cross-validation) or a whole number of at least 2, got ${folds}.`, { field: "folds" });
  }
  if (choice !== "auto" && !isTrainableFamily(choice)) {
    throw new LeadscoreError("usage", `--model ${choice} is not available yet; choose auto, ${TRAINABLE_FAMILIES.join(" or ")}.`, { field: "model" });
  }
  const searching = choice === "auto" && folds > 0 && options.timeBudget !== undefined;
  const families: TrainableFamily[] =
    choice === "auto" ? (folds === 0 ? ["gbdt"] : searching ? TRAINABLE_FAMILIES.filter((f) => f !== "scorecard") : [...AUTO_FAMILIES]) : [choice];
  const learnerOptions: LearnerOptions = options.scorecard ? { scorecard: options.scorecard } : {};
  const paramsOf = resolveFamilyParams(families, options.params ?? {});

  if (options.events) {
    throw new LeadscoreError("usage", "Behavioural events are read by the asynchronous train() (or `leadscore train --events`); trainFromTable takes a table that already holds the event columns.", { field: "events" });
  }
  const data = load();
  const { target, frame, schema: inferred } = data;
  const table = { source: data.source };
  const labels = target.labels;

  const { excluded, idColumn } = trainingColumns(inferred, options);
  const featureSchema = inferred.filter((c) => !excluded.has(c.name) && isFeatureKind(c.kind, options.model));
  const featureColumns = featureSchema.map((c) => c.name);
  if (featureColumns.length === 0) {
    throw new LeadscoreError("data", `${table.source}: no usable feature columns are left after excluding ${[...excluded].join(", ")}.`, { file: table.source });
  }

  // Columns the user excluded on purpose are not worth a warning (e.g. a known leak such as bank marketing's duration).
  const userExcluded = new Set([...(options.exclude ?? []), ...(options.protected ?? [])]);
  const checked = { ...frame, columns: frame.columns.filter((c) => !userExcluded.has(c.name)) };
  const quality: QualityIssue[] = checkQuality(checked, { name: options.target, labels }, { folds: Math.max(folds, 2) });
  if (target.missing > 0) {
    quality.push({ column: options.target, problem: "missing-target", severity: "warning", detail: `${target.missing} rows have no value in '${options.target}' and were left out of training.` });
  }
  const blocking = quality.find((q) => q.severity === "error" && q.problem === "few-positives");
  if (blocking) throw new LeadscoreError("data", `${table.source}: ${blocking.detail}`, { file: table.source, column: options.target });
  checkEnoughOutcomes(table.source, options.target, labels, quality);

  const { devRows, holdoutRows } = splitByTime(frame, options.timeCol);
  const weights = options.weights ? Float64Array.from(target.rows, (r) => options.weights?.[r] ?? 1) : undefined;
  const devLabels = takeLabels(labels, devRows);
  const steps = (folds > 0 ? families.length * folds : 0) + 1 + (holdoutRows.length > 0 ? 1 : 0);
  let done = 0;
  const tick = (label: string): void => {
    done++;
    options.onProgress?.(done, steps, label);
  };

  // Cross-validate every family; choose by mean AUC.
  const runs: CrossValidation[] = [];
  let chosen: TrainableFamily = families[0] as TrainableFamily;
  let evalRaw: Float64Array;
  let calibration: Calibration;
  let calibrationLogLoss: { platt: number; isotonic: number } | null = null;
  let chosenParams: Readonly<Record<string, string>> = paramsOf(chosen);
  let givenParams: ReadonlyMap<CrossValidation, Readonly<Record<string, string>>> | undefined;
  let searchSummary: { budgetSeconds: number; candidatesTried: number; candidatesDropped: number } | null = null;
  let bestRun: CrossValidation | undefined;
  if (folds > 0) {
    const foldOf = stratifiedFolds(devLabels, folds, seed);
    const input = { frame, featureColumns, rows: devRows, labels: devLabels, foldOf, folds, seed, ...(weights ? { weights } : {}), learnerOptions };
    if (searching) {
      const search = searchModels(input, families, paramsOf, options.timeBudget as number, () => tick("searching models"));
      runs.push(...search.runs);
      searchSummary = { budgetSeconds: options.timeBudget as number, candidatesTried: search.candidatesTried, candidatesDropped: search.candidatesDropped };
      givenParams = search.given;
    } else {
      for (const family of families) runs.push(crossValidate(input, family, paramsOf(family), () => tick(`cross-validating ${family}`)));
    }
    if (runs.length === 0) throw new LeadscoreError("usage", `--time-budget ${options.timeBudget}s is too short to cross-validate even one model on this data.`, { field: "time-budget" });
    const best = runs.reduce((a, b) => (meanOf(b, "auc") > meanOf(a, "auc") ? b : a));
    chosen = best.family;
    chosenParams = givenParams?.get(best) ?? paramsOf(chosen);
    bestRun = best;
    evalRaw = best.oofRaw;
    // A scorecard's probability is the PD its integer points imply (points.ts); recalibrating would break that.
    if (chosen === "scorecard") calibration = { method: "none" };
    else {
      const choice = chooseCalibration(evalRaw, devLabels, foldOf, folds);
      calibration = choice.calibration;
      calibrationLogLoss = choice.logLoss;
    }
  } else {
    evalRaw = new Float64Array(0);
    calibration = { method: "none" };
  }

  // Holdout (out-of-time): fit on the development period, score the latest rows.
  let holdout: Record<string, number> | null = null;
  if (holdoutRows.length > 0) {
    const fit = fitFamily(frame, featureColumns, chosen, chosenParams, seed, devRows, devLabels, weights, learnerOptions);
    const raw = fit.scorer.predictRaw(transform(fit.pre, frame, holdoutRows));
    const holdoutProba = calibrate(calibration, raw);
    // Population stability of the score from the development period to the held-out one.
    const devProba = calibrate(calibration, folds > 0 ? evalRaw : fit.scorer.predictRaw(transform(fit.pre, frame, devRows)));
    holdout = { rows: holdoutRows.length, ...computeMetrics(holdoutProba, takeLabels(labels, holdoutRows)), scorePsi: scorePsi(devProba, holdoutProba) };
    tick("validating on the held-out period");
  }

  // Final model on every labelled row.
  const allRows = Int32Array.from({ length: frame.rows }, (_, i) => i);
  const final = fitFamily(frame, featureColumns, chosen, chosenParams, seed, allRows, labels, weights, learnerOptions);
  tick("fitting the final model");
  if (folds === 0) evalRaw = final.scorer.predictRaw(transform(final.pre, frame, allRows));
  const evalLabels = folds === 0 ? labels : devLabels;
  const evalProba = calibrate(calibration, evalRaw);

  const threshold = chooseThresholdBy(evalProba, evalLabels, options.threshold ?? { rule: "max-f1" });
  const grades = fitGrades(evalProba, options.grades?.labels, options.grades?.shares);
  const confidence = fitConfidenceIntervals({
    scorer: final.scorer,
    matrix: () => transform(final.pre, frame, allRows),
    labels,
    ...(weights ? { weights } : {}),
    calibration,
    evalRaw,
    evalLabels,
    seed,
  });
  const featureInfo = transform(final.pre, frame, new Int32Array(0)).features;
  const explanation = explanationProfile(final.scorer, final.pre, frame, allRows, seed);
  const importance = importanceTable(featureInfo, final.scorer.featureImportance(), explanation, bestRun);

  const cvMetrics = folds > 0 ? summariseRun(bestRun as CrossValidation) : null;
  const positives = labels.reduce((a, b) => a + b, 0);
  const schema: ColumnSchema[] = frameSchemaFor(frame, featureColumns);
  const recordedOptions = {
    target: options.target,
    positive: target.positive,
    model: choice,
    folds,
    seed,
    id: idColumn,
    exclude: [...(options.exclude ?? [])],
    protected: [...(options.protected ?? [])],
    timeCol: options.timeCol ?? null,
    params: { ...(options.params ?? {}) },
    kinds: { ...(options.kinds ?? {}) },
    na: [...(options.na ?? [])],
    threshold: options.threshold ?? { rule: "max-f1" },
    ...(options.grades ? { grades: options.grades } : {}),
    ...(options.scorecard ? { scorecard: options.scorecard } : {}),
  };
  const model: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    library: { name: "leadscore", version: LIBRARY_VERSION },
    target: { column: options.target, positive: target.positive },
    idColumn,
    schema,
    preprocessor: final.pre,
    scorer: final.scorer.toJSON(),
    calibration,
    grades,
    confidence,
    threshold: { value: threshold.value, rule: threshold.rule },
    profiles: columnProfiles(frame, featureColumns),
    // The score's baseline is the deployed (final) model on its training rows, as new batches are scored by it too.
    trainingProfile: trainingProfile(frame, featureColumns, folds === 0 ? evalProba : calibrate(calibration, final.scorer.predictRaw(transform(final.pre, frame, allRows))), "final model on the training rows"),
    reasons: options.reasons ?? DEFAULT_TEMPLATES,
    explanation,
    // Flags rows unlike the training data (1 % of training rows score above its threshold).
    anomaly: IsolationForest.fit(transform(final.pre, frame, allRows), { seed }).toJSON(),
    training: { rows: frame.rows, positives, dataSha256: data.dataHash([options.target, ...(idColumn ? [idColumn] : []), ...featureColumns]), seed, options: recordedOptions },
    metrics: { cv: cvMetrics, holdout },
  };

  const report: TrainReport = {
    dataset: {
      source: table.source,
      rows: frame.rows,
      positives,
      positiveRate: positives / frame.rows,
      target: options.target,
      positive: target.positive,
      columns: inferred.map((c) => ({
        name: c.name,
        kind: c.kind,
        missingRate: data.missingRate(c.name),
        used: featureColumns.includes(c.name),
        ...(c.name === idColumn ? { role: "id" } : excluded.has(c.name) ? { role: "excluded" } : {}),
      })),
    },
    quality,
    cv: cvMetrics ? { folds, seed, metrics: cvMetrics } : null,
    leaderboard: runs
      .map((r) => ({
        model: r.family,
        params: r.params,
        metrics: { auc: metricOf(r, "auc"), logLoss: metricOf(r, "logLoss") },
        fitSeconds: r.fitSeconds,
      }))
      .sort((a, b) => b.metrics.auc.mean - a.metrics.auc.mean),
    model: { family: chosen, features: featureColumns },
    evaluatedOn: folds > 0 ? "out-of-fold" : "training rows (no cross-validation: optimistic)",
    metrics: computeMetrics(evalProba, evalLabels),
    threshold,
    lift: liftTable(evalProba, evalLabels),
    calibration: calibrationTable(evalProba, evalLabels),
    calibrationBefore: folds > 0 ? calibrationTable(probaFromRaw(evalRaw), evalLabels) : null,
    search: searchSummary,
    calibrationMethod: { method: calibration.method, heldOutLogLoss: calibrationLogLoss },
    confidenceInterval: confidenceSummary(confidence),
    importance,
    grades,
    holdout,
    aucInterval: aucInterval(evalProba, evalLabels),
    curves: curvePoints(evalProba, evalLabels),
    scoreDistribution: scoreHistogram(evalProba, evalLabels),
    gradeSummary: gradeSummary(grades, evalProba, evalLabels),
    contributions: explanation,
  };
  const evalRows = folds === 0 ? allRows : devRows;
  const evaluation = { rows: Int32Array.from(evalRows, (r) => target.rows[r] as number), labels: evalLabels, probability: evalProba };
  return { model, report, evaluation };
}

/**
 * Importance per input column, three ways: `gain` (the model's own: split gain for trees,
 * |coefficient| x std for linear models), `meanAbsContribution` (mean |log-odds
 * contribution| on training rows) and `permutation` (AUC drop on held-out rows of the first
 * fold). `value` is the gain share, the headline figure.
 */
function importanceTable(features: readonly FeatureInfo[], gain: Float64Array, explanation: ExplanationProfile, run: CrossValidation | undefined) {
  const gainByColumn = new Map<string, number>();
  features.forEach((f, i) => gainByColumn.set(f.source, (gainByColumn.get(f.source) ?? 0) + Math.abs(gain[i] ?? 0)));
  const totalGain = [...gainByColumn.values()].reduce((a, b) => a + b, 0) || 1;
  const contribution = new Map(explanation.columns.map((c) => [c.column, c.meanAbsLogOdds]));
  const permutation = new Map((run?.permutation ?? []).map((p) => [p.column, p.aucDrop]));
  return [...gainByColumn.entries()]
    .map(([feature, g]) => ({
      feature,
      value: g / totalGain,
      gain: g / totalGain,
      meanAbsContribution: contribution.get(feature) ?? 0,
      ...(permutation.has(feature) ? { permutation: permutation.get(feature) as number } : {}),
    }))
    .sort((a, b) => b.value - a.value || (a.feature < b.feature ? -1 : 1));
}

function fitFamily(frame: Frame, columns: readonly string[], family: TrainableFamily, params: Readonly<Record<string, string>>, seed: number, rows: Int32Array, labels: Uint8Array, weights?: Float64Array, learnerOptions: LearnerOptions = {}) {
  const pre = fitPreprocessor(frame, columns, encodingStyleOf(family), rows);
  const scorer = createLearner(family, params, seed, learnerOptions).fit(transform(pre, frame, rows), labels, weights ? takeWeights(weights, rows) : undefined);
  return { pre, scorer };
}

function meanOf(run: CrossValidation, metric: "auc" | "logLoss"): number {
  return summarise(run.foldMetrics.map((m) => m[metric])).mean;
}

function metricOf(run: CrossValidation, metric: "auc" | "logLoss"): MetricSummary {
  return summarise(run.foldMetrics.map((m) => m[metric]));
}

function summariseRun(run: CrossValidation): Record<string, MetricSummary> {
  const names = ["auc", "prAuc", "logLoss", "brier", "ks", "gini"] as const;
  const out: Record<string, MetricSummary> = {};
  for (const name of names) out[name] = summarise(run.foldMetrics.map((m) => m[name]));
  return out;
}

function checkNamedColumns(table: Pick<RawTable, "source" | "header">, options: TrainOptions): void {
  const known = new Set(table.header);
  const named: [string, string][] = [];
  for (const c of options.exclude ?? []) named.push(["--exclude", c]);
  for (const c of options.protected ?? []) named.push(["--protected", c]);
  if (options.id !== undefined) named.push(["--id", options.id]);
  if (options.timeCol !== undefined) named.push(["--time-col", options.timeCol]);
  for (const c of Object.keys(options.kinds ?? {})) named.push(["--kind", c]);
  const unknown = named.filter(([, c]) => !known.has(c));
  if (unknown.length > 0) {
    const list = unknown.map(([flag, c]) => `${flag} '${c}'`).join(", ");
    throw new LeadscoreError("usage", `${table.source} has no column named in ${list}. Columns are: ${table.header.join(", ")}.`, {
      file: table.source,
      column: (unknown[0] as [string, string])[1],
    });
  }
}

/** The latest HOLDOUT_SHARE of rows by the time column are held out; rows tied at the cut go with the later period. */
function splitByTime(frame: Frame, timeCol: string | undefined): { devRows: Int32Array; holdoutRows: Int32Array } {
  const all = Int32Array.from({ length: frame.rows }, (_, i) => i);
  if (timeCol === undefined) return { devRows: all, holdoutRows: new Int32Array(0) };
  const column = frame.columns.find((c) => c.name === timeCol);
  const time = column && (column.kind === "numeric" || column.kind === "datetime") ? column.values : undefined;
  if (!time) throw new LeadscoreError("usage", `--time-col '${timeCol}' must be a date or number column.`, { column: timeCol });
  // Rows without a time count as the earliest.
  const known = Float64Array.from(time, (t) => (Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t)).sort();
  const cutTime = known[Math.floor(known.length * (1 - HOLDOUT_SHARE))] as number;
  const dev: number[] = [];
  const hold: number[] = [];
  for (const r of all) ((Number.isNaN(time[r] as number) ? Number.NEGATIVE_INFINITY : (time[r] as number)) >= cutTime ? hold : dev).push(r);
  if (dev.length === 0 || hold.length === 0) {
    throw new LeadscoreError("data", `--time-col '${timeCol}' has too few distinct times to hold out the latest period.`, { column: timeCol });
  }
  return { devRows: Int32Array.from(dev), holdoutRows: Int32Array.from(hold) };
}


function withoutColumn(table: RawTable, name: string): RawTable {
  const keep = table.header.map((_, i) => i).filter((i) => table.header[i] !== name);
  return { ...table, header: keep.map((i) => table.header[i] as string), cells: keep.map((i) => table.cells[i] ?? []) };
}

function frameSchemaFor(frame: Frame, columns: readonly string[]): ColumnSchema[] {
  return columns.map((name) => {
    const column = frame.columns.find((c) => c.name === name);
    if (!column) throw new LeadscoreError("internal", `Column '${name}' vanished from the frame.`);
    return column.kind === "categorical" || column.kind === "boolean" ? { name, kind: column.kind, levels: [...column.levels] } : { name, kind: column.kind };
  });
}

function missingRate(table: RawTable, name: string): number {
  const cells = table.cells[table.header.indexOf(name)] ?? [];
  let missing = 0;
  for (const cell of cells) if (cell === null) missing++;
  return cells.length === 0 ? 0 : missing / cells.length;
}

/** SHA-256 over exactly the cells training used (column names, then row by row). */
function dataHash(table: RawTable, columns: readonly string[]): string {
  const hash = createHash("sha256");
  const indices = columns.map((name) => table.header.indexOf(name)).filter((i) => i >= 0);
  hash.update(indices.map((i) => table.header[i]).join("\u001f"));
  for (let r = 0; r < table.rows; r++) {
    const row = indices.map((i) => table.cells[i]?.[r] ?? "\u0000");
    hash.update(`\u001e${row.join("\u001f")}`);
  }
  return hash.digest("hex");
}
