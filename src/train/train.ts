/**
 * The training pipeline: labels, column kinds, quality checks, cross-validated model
 * families, calibration, threshold, grades, the final refit, and the two documents it
 * yields (model.json and report.json). Knows nothing of flags or files.
 */
import { createHash } from "node:crypto";
import { LeadscoreError } from "../core/errors.js";
import type { ColumnSchema, Frame, RawTable } from "../core/frame.js";
import { type FeatureInfo, takeLabels } from "../core/matrix.js";
import type { ExplanationProfile } from "./explanation-profile.js";
import { probaFromRaw } from "../core/scorer.js";
import { inferSchema } from "../data/infer-kinds.js";
import { type QualityIssue, checkQuality } from "../data/quality.js";
import { toFrame } from "../data/to-frame.js";
import { aucInterval } from "../evaluate/auc-interval.js";
import { calibrationTable } from "../evaluate/calibration.js";
import { curvePoints } from "../evaluate/curve-points.js";
import { scoreHistogram } from "../evaluate/score-histogram.js";
import { gradeSummary } from "./grade-summary.js";
import { stratifiedFolds } from "../evaluate/folds.js";
import { liftTable } from "../evaluate/lift.js";
import { computeMetrics, summarise } from "../evaluate/metrics.js";
import { chooseThreshold } from "../evaluate/threshold.js";
import { fitPreprocessor, transform } from "../features/preprocessor.js";
import { TRAINABLE_FAMILIES, type TrainableFamily, createLearner, encodingStyleOf, isTrainableFamily } from "../models/registry.js";
import { fitConfidenceBands } from "./confidence.js";
import { type CrossValidation, crossValidate } from "./cross-validate.js";
import { fitGrades } from "./grades.js";
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type MetricSummary, type ModelFile } from "./model-file.js";
import { DEFAULT_FOLDS, DEFAULT_SEED, HOLDOUT_SHARE, type TrainOptions } from "./options.js";
import { resolveFamilyParams } from "./family-params.js";
import { calibrate, fitPlatt, type Calibration } from "./platt.js";
import { columnProfiles } from "./profiles.js";
import { explanationProfile } from "./explanation-profile.js";
import { DEFAULT_TEMPLATES } from "./reason-templates.js";
import { readTarget } from "./target.js";
import { LIBRARY_VERSION } from "../version.js";
import type { TrainReport } from "../report/report-types.js";

const FEATURE_KINDS = new Set(["numeric", "categorical", "boolean", "datetime"]);

export interface TrainResult {
  readonly model: ModelFile;
  /** report.json without its creation time (the caller stamps it). */
  readonly report: TrainReport;
}

export function trainFromTable(table: RawTable, options: TrainOptions): TrainResult {
  const folds = options.folds ?? DEFAULT_FOLDS;
  const seed = options.seed ?? DEFAULT_SEED;
  const choice = options.model ?? "auto";
  if (!Number.isInteger(folds) || folds < 0 || folds === 1) {
    throw new LeadscoreError("usage", `--folds must be 0 (no cross-validation) or a whole number of at least 2, got ${folds}.`, { field: "folds" });
  }
  if (choice !== "auto" && !isTrainableFamily(choice)) {
    throw new LeadscoreError("usage", `--model ${choice} is not available yet; choose auto, ${TRAINABLE_FAMILIES.join(" or ")}.`, { field: "model" });
  }
  const families: TrainableFamily[] = choice === "auto" ? (folds === 0 ? ["gbdt"] : [...TRAINABLE_FAMILIES]) : [choice];
  const paramsOf = resolveFamilyParams(families, options.params ?? {});

  checkNamedColumns(table, options);
  const target = readTarget(table, options.target, options.positive);
  const labelled = target.missing > 0 ? selectRows(table, target.rows) : table;
  const labels = target.labels;

  const excluded = new Set([options.target, ...(options.exclude ?? []), ...(options.protected ?? [])]);
  if (options.timeCol !== undefined) excluded.add(options.timeCol);
  const inferred = inferSchema(withoutColumn(labelled, options.target), options.kinds ? { overrides: options.kinds } : {});
  const idColumn = options.id ?? inferred.find((c) => c.kind === "id")?.name ?? null;
  if (idColumn !== null) excluded.add(idColumn);
  const frame = toFrame(labelled, inferred, { schemaSource: "data" });
  const featureSchema = inferred.filter((c) => !excluded.has(c.name) && FEATURE_KINDS.has(c.kind));
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

  const { devRows, holdoutRows } = splitByTime(frame, options.timeCol);
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
  if (folds > 0) {
    const foldOf = stratifiedFolds(devLabels, folds, seed);
    const input = { frame, featureColumns, rows: devRows, labels: devLabels, foldOf, folds, seed };
    for (const family of families) runs.push(crossValidate(input, family, paramsOf(family), () => tick(`cross-validating ${family}`)));
    const best = runs.reduce((a, b) => (meanOf(b, "auc") > meanOf(a, "auc") ? b : a));
    chosen = best.family;
    evalRaw = best.oofRaw;
    calibration = fitPlatt(evalRaw, devLabels);
  } else {
    evalRaw = new Float64Array(0);
    calibration = { method: "none" };
  }

  // Holdout (out-of-time): fit on the development period, score the latest rows.
  let holdout: Record<string, number> | null = null;
  if (holdoutRows.length > 0) {
    const fit = fitFamily(frame, featureColumns, chosen, paramsOf(chosen), seed, devRows, devLabels);
    const raw = fit.scorer.predictRaw(transform(fit.pre, frame, holdoutRows));
    holdout = { rows: holdoutRows.length, ...computeMetrics(calibrate(calibration, raw), takeLabels(labels, holdoutRows)) };
    tick("validating on the held-out period");
  }

  // Final model on every labelled row.
  const allRows = Int32Array.from({ length: frame.rows }, (_, i) => i);
  const final = fitFamily(frame, featureColumns, chosen, paramsOf(chosen), seed, allRows, labels);
  tick("fitting the final model");
  if (folds === 0) evalRaw = final.scorer.predictRaw(transform(final.pre, frame, allRows));
  const evalLabels = folds === 0 ? labels : devLabels;
  const evalProba = calibrate(calibration, evalRaw);

  const threshold = chooseThreshold(evalProba, evalLabels);
  const grades = fitGrades(evalProba);
  const confidence = fitConfidenceBands(evalProba);
  const featureInfo = transform(final.pre, frame, new Int32Array(0)).features;
  const explanation = explanationProfile(final.scorer, final.pre, frame, allRows, seed);
  const importance = importanceTable(featureInfo, final.scorer.featureImportance(), explanation, runs.find((r) => r.family === chosen));

  const cvMetrics = folds > 0 ? summariseRun(runs.find((r) => r.family === chosen) as CrossValidation) : null;
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
    reasons: options.reasons ?? DEFAULT_TEMPLATES,
    explanation,
    training: { rows: frame.rows, positives, dataSha256: dataHash(labelled, [options.target, ...(idColumn ? [idColumn] : []), ...featureColumns]), seed, options: recordedOptions },
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
        missingRate: missingRate(labelled, c.name),
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
    importance,
    grades,
    holdout,
    aucInterval: aucInterval(evalProba, evalLabels),
    curves: curvePoints(evalProba, evalLabels),
    scoreDistribution: scoreHistogram(evalProba, evalLabels),
    gradeSummary: gradeSummary(grades, evalProba, evalLabels),
    contributions: explanation,
  };
  return { model, report };
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

function fitFamily(frame: Frame, columns: readonly string[], family: TrainableFamily, params: Readonly<Record<string, string>>, seed: number, rows: Int32Array, labels: Uint8Array) {
  const pre = fitPreprocessor(frame, columns, encodingStyleOf(family), rows);
  const scorer = createLearner(family, params, seed).fit(transform(pre, frame, rows), labels);
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

function checkNamedColumns(table: RawTable, options: TrainOptions): void {
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

function selectRows(table: RawTable, rows: Int32Array): RawTable {
  return {
    source: table.source,
    header: table.header,
    rows: rows.length,
    cells: table.cells.map((column) => Array.from(rows, (r) => column[r] ?? null)),
    lines: Int32Array.from(rows, (r) => table.lines[r] as number),
  };
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
