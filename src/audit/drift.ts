/**
 * Drift of new data against the model's training data (`leadscore drift`, SPEC §2): PSI of
 * every input column (CSI) and of the score in the training profile's bins, a test with an
 * effect size per column, missing-rate and unseen-category changes, the AUC expected on the
 * new rows before outcomes are known (CBPE), and the real AUC, KS and calibration when the
 * data carries the outcome.
 */
import { LeadscoreError } from "../core/errors.js";
import type { Column, RawTable } from "../core/frame.js";
import { UNSEEN_CODE } from "../core/frame.js";
import { toFrame } from "../data/to-frame.js";
import { calibrationTable } from "../evaluate/calibration.js";
import { computeMetrics } from "../evaluate/metrics.js";
import type { LoadedModel } from "../score/loaded-model.js";
import { scoreFrame } from "../score/score-frame.js";
import { labelsFor, readTarget } from "../train/target.js";
import type { ColumnDriftProfile, NumericDriftProfile, TrainingProfile } from "../train/training-profile.js";
import { type AucEstimate, estimateAuc } from "./cbpe.js";
import { type BinCounts, countBins, countValues, sharesOf } from "./drift-bins.js";
import { type DriftTest, chiSquareHomogeneity, ksAgainstProfile } from "./drift-tests.js";
import { type DriftBand, psi, psiBand, worseBand } from "../evaluate/psi.js";

export interface DriftBin {
  readonly bin: string;
  /** Share of training rows. */
  readonly expected: number;
  /** Share of new rows. */
  readonly actual: number;
}

export interface ColumnDrift {
  readonly column: string;
  readonly kind: "numeric" | "categorical";
  readonly psi: number;
  readonly band: DriftBand;
  readonly test: DriftTest;
  readonly missingRate: { readonly training: number; readonly current: number };
  /** Rows holding a category training never saw, with the most frequent such values. */
  readonly unseen: { readonly rows: number; readonly share: number; readonly values: readonly string[] };
  readonly bins: readonly DriftBin[];
}

export interface DriftReport {
  /** The worst band over the input columns; `act` makes the CLI exit with code 3. */
  readonly status: DriftBand;
  readonly rows: number;
  readonly trainingRows: number;
  readonly score: { readonly psi: number; readonly band: DriftBand; readonly test: DriftTest; readonly source: string; readonly bins: readonly DriftBin[] };
  readonly columns: readonly ColumnDrift[];
  /** CBPE estimate of the AUC on these rows, assuming the model's calibration still holds. */
  readonly estimatedAuc: number;
  readonly estimatedAucRange: { readonly low: number; readonly high: number };
  /** Cross-validated AUC at training, for reference. */
  readonly trainingAuc: number | null;
  /** Real performance, when the data carries the outcome. */
  readonly actual: {
    readonly rows: number;
    readonly positives: number;
    readonly auc: number;
    readonly ks: number;
    readonly ece: number;
    readonly meanPredicted: number;
    readonly observedRate: number;
  } | null;
}

export interface DriftOptions {
  /** Outcome column, when the outcomes have arrived. */
  readonly target?: string;
  readonly positive?: string;
  /** Seed of the CBPE simulations. */
  readonly seed?: number;
}

export function requireProfile(model: LoadedModel, file: string): TrainingProfile {
  const profile = model.file.trainingProfile;
  if (profile === undefined) {
    throw new LeadscoreError("model", `${file} has no training profile (it was made by an older leadscore); retrain it to monitor drift.`, { file });
  }
  return profile;
}

export function driftReport(model: LoadedModel, table: RawTable, modelName: string, options: DriftOptions = {}): DriftReport {
  const profile = requireProfile(model, modelName);
  if (table.rows === 0) throw new LeadscoreError("data", `${table.source} has no rows to compare with the training data.`, { file: table.source });
  const frame = toFrame(table, model.file.schema);
  const byName = new Map<string, Column>(frame.columns.map((c) => [c.name, c]));
  const columns = profile.columns.map((p) => {
    const column = byName.get(p.column);
    if (column === undefined) throw new LeadscoreError("model", `${modelName}: the drift profile names '${p.column}', which is not in the model's schema.`, { file: modelName });
    return columnDrift(p, column, table);
  });
  const proba = scoreFrame(model, frame).probability;
  const scoreBins = countValues(profile.score, proba);
  const scorePsi = psi(profile.score.shares, sharesOf(scoreBins));
  const estimate: AucEstimate = estimateAuc(proba, options.seed ?? 42);
  const status = columns.reduce<DriftBand>((worst, c) => worseBand(worst, c.band), "stable");
  return {
    status,
    rows: table.rows,
    trainingRows: profile.rows,
    score: {
      psi: scorePsi,
      band: psiBand(scorePsi),
      test: ksAgainstProfile(profile.score, proba),
      source: profile.score.source,
      bins: binTable(profile.score, scoreBins),
    },
    columns,
    estimatedAuc: estimate.value,
    estimatedAucRange: { low: estimate.low, high: estimate.high },
    trainingAuc: model.file.metrics.cv?.auc?.mean ?? null,
    actual: options.target !== undefined ? actualPerformance(model, table, proba, options.target, options.positive) : null,
  };
}

function columnDrift(profile: ColumnDriftProfile, column: Column, table: RawTable): ColumnDrift {
  const bins = countBins(profile, column);
  const value = psi(profile.shares, sharesOf(bins));
  const trainingCounts = profile.shares.map((s) => Math.round(s * profile.rows));
  const test = profile.kind === "numeric" && (column.kind === "numeric" || column.kind === "datetime") ? ksAgainstProfile(profile, column.values) : chiSquareHomogeneity(trainingCounts, bins.counts);
  const missingBin = profile.shares.length - 2;
  return {
    column: profile.column,
    kind: profile.kind,
    psi: value,
    band: psiBand(value),
    test,
    missingRate: { training: profile.shares[missingBin] as number, current: bins.rows === 0 ? 0 : bins.missing / bins.rows },
    unseen: { rows: bins.unseen, share: bins.rows === 0 ? 0 : bins.unseen / bins.rows, values: bins.unseen > 0 ? unseenValues(table, column) : [] },
    bins: binTable(profile, bins),
  };
}

/** Labels of the profile's bins with both shares. */
function binTable(profile: ColumnDriftProfile | NumericDriftProfile, bins: BinCounts): DriftBin[] {
  const actual = sharesOf(bins);
  const labels = binLabels(profile);
  return labels.map((bin, b) => ({ bin, expected: profile.shares[b] as number, actual: actual[b] as number }));
}

export function binLabels(profile: ColumnDriftProfile): string[] {
  if (profile.kind === "categorical") return [...profile.levels, ...(profile.pooled ? ["(other levels)"] : []), "(missing)", "(unseen)"];
  const e = profile.edges.map((v) => formatEdge(v));
  const labels: string[] = [];
  if (e.length === 0) labels.push("(all values)");
  else {
    labels.push(`≤ ${e[0]}`);
    for (let k = 1; k < e.length; k++) labels.push(`(${e[k - 1]}, ${e[k]}]`);
    labels.push(`> ${e[e.length - 1]}`);
  }
  return [...labels, "(missing)", "(unseen)"];
}

function formatEdge(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}

/** The five most frequent raw values coded as unseen. */
function unseenValues(table: RawTable, column: Column): string[] {
  if (column.kind !== "categorical" && column.kind !== "boolean") return [];
  const cells = table.cells[table.header.indexOf(column.name)] ?? [];
  const counts = new Map<string, number>();
  column.codes.forEach((code, r) => {
    const cell = cells[r];
    if (code === UNSEEN_CODE && cell !== null && cell !== undefined) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  });
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([value]) => value);
}

function actualPerformance(model: LoadedModel, table: RawTable, proba: Float64Array, target: string, positive: string | undefined): DriftReport["actual"] {
  const labelled = positive !== undefined ? readTarget(table, target, positive) : labelsFor(table, target, model.file.target.positive);
  const p = Float64Array.from(labelled.rows, (r) => proba[r] as number);
  const y = labelled.labels;
  const positives = y.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === y.length) {
    throw new LeadscoreError("data", `${table.source}: '${target}' has only one outcome among labelled rows; the real AUC needs both.`, { file: table.source, column: target });
  }
  const metrics = computeMetrics(p, y);
  const meanPredicted = p.reduce((a, b) => a + b, 0) / p.length;
  return { rows: y.length, positives, auc: metrics.auc, ks: metrics.ks, ece: calibrationTable(p, y).ece, meanPredicted, observedRate: positives / y.length };
}
