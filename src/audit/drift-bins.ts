/**
 * New data counted into a training profile's bins (training-profile.ts): value bins by the
 * stored edges or levels, then missing, then unseen categories, so PSI compares like with like.
 */
import type { Column } from "../core/frame.js";
import { MISSING_CODE } from "../core/frame.js";
import { LeadscoreError } from "../core/errors.js";
import { type ColumnDriftProfile, type NumericDriftProfile, numericBin } from "../train/training-profile.js";

export interface BinCounts {
  /** Rows per bin, in the profile's layout (value bins, [pooled,] missing, unseen). */
  readonly counts: Float64Array;
  readonly rows: number;
  readonly missing: number;
  readonly unseen: number;
}

/** Counts of a typed column (from toFrame with the model's schema) in the profile's bins. */
export function countBins(profile: ColumnDriftProfile, column: Column): BinCounts {
  if (profile.kind === "numeric") {
    if (column.kind !== "numeric" && column.kind !== "datetime") throw kindMismatch(profile.column, column.kind);
    return countValues(profile, column.values);
  }
  if (column.kind !== "categorical" && column.kind !== "boolean") throw kindMismatch(profile.column, column.kind);
  const bins = profile.shares.length;
  const counts = new Float64Array(bins);
  // Codes index the schema's levels; the profile may keep fewer (pooling the rare ones).
  const binOfCode = new Map<number, number>();
  column.levels.forEach((level, code) => {
    const at = profile.levels.indexOf(level);
    binOfCode.set(code, at >= 0 ? at : profile.pooled ? profile.levels.length : bins - 1);
  });
  let missing = 0;
  let unseen = 0;
  for (const code of column.codes) {
    let bin: number;
    if (code === MISSING_CODE) {
      bin = bins - 2;
      missing++;
    } else if (code < 0) {
      bin = bins - 1;
      unseen++;
    } else bin = binOfCode.get(code) ?? bins - 1;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { counts, rows: column.codes.length, missing, unseen };
}

/** Counts of numbers (NaN missing) in a numeric profile's bins. */
export function countValues(profile: NumericDriftProfile, values: Float64Array): BinCounts {
  const bins = profile.shares.length;
  const counts = new Float64Array(bins);
  let missing = 0;
  for (const v of values) {
    const bin = Number.isNaN(v) ? bins - 2 : numericBin(profile.edges, v);
    if (Number.isNaN(v)) missing++;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { counts, rows: values.length, missing, unseen: 0 };
}

export function sharesOf(bins: BinCounts): number[] {
  return Array.from(bins.counts, (c) => (bins.rows === 0 ? 0 : c / bins.rows));
}

function kindMismatch(column: string, kind: string): LeadscoreError {
  return new LeadscoreError("model", `The model's drift profile of '${column}' does not match its schema (the column is ${kind}); retrain the model.`, { column });
}
