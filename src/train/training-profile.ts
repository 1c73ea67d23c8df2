/**
 * A profile of the training data, stored in model.json so that `drift` can compare new data
 * with what the model learned from without the training file (SPEC §2, drift): per input
 * column the population-stability bins (10 training quantiles, or the categories, plus one
 * bin for missing values and one for unseen categories) with their shares, a finer quantile
 * sketch for the Kolmogorov-Smirnov test, and the same for the model's score.
 *
 * Bins are right-closed: a value v falls in the first bin whose upper edge e has v ≤ e, and
 * in the last value bin when it exceeds every edge. Edges that tie (a column that is 80 %
 * zeros) are kept once, so such a column has fewer than 10 value bins.
 */
import { LeadscoreError } from "../core/errors.js";
import type { Frame } from "../core/frame.js";

/** Deciles for population stability, percentiles for the KS sketch. */
export const PSI_QUANTILES = 10;
export const KS_QUANTILES = 100;
/** A categorical column keeps at most this many levels by name; the rest share one "(other levels)" bin. */
export const MAX_PROFILE_LEVELS = 100;

export interface NumericDriftProfile {
  readonly column: string;
  readonly kind: "numeric";
  readonly rows: number;
  /** Upper edges of the value bins, ascending and distinct; there are edges.length + 1 value bins. */
  readonly edges: readonly number[];
  /** Shares of training rows: the value bins, then missing, then unseen (always 0 for numbers). */
  readonly shares: readonly number[];
  /** Distinct training percentiles and the exact share of present training values ≤ each one (for KS). */
  readonly cuts: readonly number[];
  readonly cdf: readonly number[];
  /** Present (non-missing) training values. */
  readonly present: number;
}

export interface CategoricalDriftProfile {
  readonly column: string;
  readonly kind: "categorical";
  readonly rows: number;
  /** Levels with their own bin, in the schema's code order. */
  readonly levels: readonly string[];
  /** True when rare levels beyond MAX_PROFILE_LEVELS share one bin, placed right after `levels`. */
  readonly pooled: boolean;
  /** Shares of training rows: one per level, the pooled bin when `pooled`, then missing, then unseen (0). */
  readonly shares: readonly number[];
}

export type ColumnDriftProfile = NumericDriftProfile | CategoricalDriftProfile;

export interface TrainingProfile {
  readonly rows: number;
  readonly columns: readonly ColumnDriftProfile[];
  /** The calibrated probability the model gave training rows, profiled like a numeric column. */
  readonly score: NumericDriftProfile & { readonly source: string };
}

/**
 * Profiles `columns` of `frame` over all its rows, and `scores` (the calibrated probabilities
 * of the rows they were computed on; `scoreSource` says which, e.g. "out-of-fold").
 */
export function trainingProfile(frame: Frame, columns: readonly string[], scores: Float64Array, scoreSource: string): TrainingProfile {
  const profiles = columns.flatMap((name): ColumnDriftProfile[] => {
    const column = frame.columns.find((c) => c.name === name);
    if (column === undefined) throw new LeadscoreError("internal", `Column '${name}' is not in the frame.`);
    if (column.kind === "numeric" || column.kind === "datetime") return [numericProfile(name, column.values)];
    if (column.kind === "categorical" || column.kind === "boolean") return [categoricalProfile(name, column.codes, column.levels)];
    // Free text has no bins to compare; its drift shows in the score's.
    if (column.kind === "text") return [];
    throw new LeadscoreError("internal", `Column '${name}' of kind ${column.kind} is not a model input.`);
  });
  return { rows: frame.rows, columns: profiles, score: { ...numericProfile("score", scores), source: scoreSource } };
}

/** The q-quantile of ascending `sorted` by the inverse empirical distribution (type 1): sorted[⌈q·n⌉ − 1]. */
export function inverseEcdf(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n - 1e-9) - 1))] as number;
}

export function numericProfile(column: string, values: Float64Array): NumericDriftProfile {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  const n = values.length;
  const missing = n - present.length;
  const edges = distinctQuantiles(present, PSI_QUANTILES);
  const counts = new Float64Array(edges.length + 3);
  for (const v of present) {
    const bin = numericBin(edges, v);
    counts[bin] = (counts[bin] as number) + 1;
  }
  counts[edges.length + 1] = missing;
  const cuts = distinctQuantiles(present, KS_QUANTILES);
  const cdf = cuts.map((cut) => countAtMost(present, cut) / present.length);
  return { column, kind: "numeric", rows: n, edges, shares: sharesOf(counts, n), cuts, cdf, present: present.length };
}

function categoricalProfile(column: string, codes: Int32Array, levels: readonly string[]): CategoricalDriftProfile {
  const counts = new Float64Array(levels.length);
  let missing = 0;
  for (const code of codes) {
    if (code >= 0) counts[code] = (counts[code] as number) + 1;
    else missing++;
  }
  const n = codes.length;
  if (levels.length <= MAX_PROFILE_LEVELS) {
    const all = [...counts, missing, 0];
    return { column, kind: "categorical", rows: n, levels: [...levels], pooled: false, shares: sharesOf(all, n) };
  }
  // Keep the most frequent levels (ties by code), in code order; pool the rest.
  const byCount = Array.from(levels.keys()).sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  const kept = byCount.slice(0, MAX_PROFILE_LEVELS).sort((a, b) => a - b);
  let pooled = 0;
  const keptSet = new Set(kept);
  levels.forEach((_, code) => {
    if (!keptSet.has(code)) pooled += counts[code] as number;
  });
  const all = [...kept.map((code) => counts[code] as number), pooled, missing, 0];
  return { column, kind: "categorical", rows: n, levels: kept.map((code) => levels[code] as string), pooled: true, shares: sharesOf(all, n) };
}

/** The bin of a present value: the first edge at or above it, else the last value bin. */
export function numericBin(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= (edges[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The interior quantiles 1/k … (k−1)/k of ascending `sorted`, each kept once. */
function distinctQuantiles(sorted: Float64Array, k: number): number[] {
  if (sorted.length === 0) return [];
  const out: number[] = [];
  for (let i = 1; i < k; i++) {
    const q = inverseEcdf(sorted, i / k);
    if (out.length === 0 || q > (out[out.length - 1] as number)) out.push(q);
  }
  return out;
}

function countAtMost(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sharesOf(counts: ArrayLike<number>, n: number): number[] {
  return Array.from(counts, (c) => (n === 0 ? 0 : c / n));
}
