/**
 * Turns a typed Frame into the numeric Matrix a model takes. `fitPreprocessor` learns
 * imputation values, scales, kept levels and date references from training rows only.
 */
import { type Column, type Frame, LeadscoreError } from "../core/index.js";
import type { FeatureInfo, Matrix } from "../core/matrix.js";
import { type CategoricalEncoding, type ColumnEncoding, type EncodingStyle, type NumericEncoding, OTHER_LEVEL } from "./encoding.js";

export interface PreprocessorJSON {
  readonly style: EncodingStyle;
  readonly columns: readonly ColumnEncoding[];
}

export interface PreprocessorOptions {
  /** Levels seen on fewer training rows than this are pooled into "(other)". */
  readonly minLevelRows: number;
  /** At most this many levels are kept per categorical column, most frequent first. */
  readonly maxLevels: number;
}

export const DEFAULT_PREPROCESSOR_OPTIONS: PreprocessorOptions = { minLevelRows: 10, maxLevels: 100 };

const DAY_MS = 86_400_000;

/** Fits encodings for `columns` of `frame`, using only the rows in `rows` (all rows when omitted). */
export function fitPreprocessor(
  frame: Frame,
  columns: readonly string[],
  style: EncodingStyle,
  rows?: Int32Array,
  options: PreprocessorOptions = DEFAULT_PREPROCESSOR_OPTIONS,
): PreprocessorJSON {
  const encodings = columns.map((name) => {
    const column = requireColumn(frame, name);
    return fitColumn(column, rows ?? allRows(frame.rows), options);
  });
  return { style, columns: encodings };
}

function fitColumn(column: Column, rows: Int32Array, options: PreprocessorOptions): ColumnEncoding {
  switch (column.kind) {
    case "numeric":
      return fitNumeric(column.name, column.values, rows, undefined);
    case "datetime": {
      let latest = Number.NEGATIVE_INFINITY;
      for (const r of rows) {
        const v = column.values[r] as number;
        if (v > latest) latest = v;
      }
      const reference = Number.isFinite(latest) ? latest : 0;
      return fitNumeric(column.name, column.values, rows, reference);
    }
    case "categorical":
    case "boolean":
      return fitCategorical(column.name, column.codes, column.levels, rows, options);
    default:
      throw new LeadscoreError("internal", `Column '${column.name}' of kind ${column.kind} cannot be a model feature.`);
  }
}

function fitNumeric(name: string, values: Float64Array, rows: Int32Array, referenceTime: number | undefined): NumericEncoding {
  const present: number[] = [];
  for (const r of rows) {
    const v = values[r] as number;
    if (!Number.isNaN(v)) present.push(referenceTime === undefined ? v : (referenceTime - v) / DAY_MS);
  }
  present.sort((a, b) => a - b);
  const n = present.length;
  const median = n === 0 ? 0 : n % 2 === 1 ? (present[(n - 1) / 2] as number) : ((present[n / 2 - 1] as number) + (present[n / 2] as number)) / 2;
  let mean = 0;
  for (const v of present) mean += v;
  mean = n === 0 ? 0 : mean / n;
  let variance = 0;
  for (const v of present) variance += (v - mean) * (v - mean);
  const std = n === 0 ? 1 : Math.sqrt(variance / n) || 1;
  const base = { column: name, kind: "numeric" as const, median, mean, std, hasMissing: n < rows.length };
  return referenceTime === undefined ? base : { ...base, referenceTime };
}

function fitCategorical(
  name: string,
  codes: Int32Array,
  levels: readonly string[],
  rows: Int32Array,
  options: PreprocessorOptions,
): CategoricalEncoding {
  const counts = new Float64Array(levels.length);
  let missing = 0;
  for (const r of rows) {
    const code = codes[r] as number;
    if (code >= 0) counts[code] = (counts[code] as number) + 1;
    else missing++;
  }
  const order = levels.map((_, i) => i).filter((i) => (counts[i] as number) > 0);
  order.sort((a, b) => (counts[b] as number) - (counts[a] as number) || compareText(levels[a] as string, levels[b] as string));
  const kept = order.filter((i) => (counts[i] as number) >= options.minLevelRows).slice(0, options.maxLevels);
  // With no level frequent enough, keep the most frequent one so the column still says something.
  if (kept.length === 0 && order.length > 0) kept.push(order[0] as number);
  return {
    column: name,
    kind: "categorical",
    kept: kept.map((i) => levels[i] as string),
    hasOther: kept.length < order.length,
    hasMissing: missing > 0,
  };
}

/** The features a fitted preprocessor produces, in matrix order. */
export function featureInfos(pre: PreprocessorJSON): FeatureInfo[] {
  const features: FeatureInfo[] = [];
  for (const enc of pre.columns) {
    if (enc.kind === "numeric") {
      features.push({ name: enc.column, source: enc.column, type: "numeric" });
      if (pre.style === "linear" && enc.hasMissing) features.push({ name: `${enc.column} (missing)`, source: enc.column, type: "numeric" });
    } else if (pre.style === "tree") {
      features.push({ name: enc.column, source: enc.column, type: "categorical", categories: enc.kept.length + (enc.hasOther ? 1 : 0), levels: enc.kept });
    } else {
      for (const level of enc.kept) features.push({ name: `${enc.column}=${level}`, source: enc.column, type: "numeric" });
      if (enc.hasOther) features.push({ name: `${enc.column}=${OTHER_LEVEL}`, source: enc.column, type: "numeric" });
      if (enc.hasMissing) features.push({ name: `${enc.column} (missing)`, source: enc.column, type: "numeric" });
    }
  }
  return features;
}

/** Encodes the rows of `frame` (all, or those in `rows`) into a Matrix. */
export function transform(pre: PreprocessorJSON, frame: Frame, rows?: Int32Array): Matrix {
  const index = rows ?? allRows(frame.rows);
  const n = index.length;
  const columns: Float64Array[] = [];
  for (const enc of pre.columns) {
    const column = requireColumn(frame, enc.column);
    if (enc.kind === "numeric") encodeNumeric(enc, column, index, pre.style, columns);
    else encodeCategorical(enc, column, index, pre.style, columns);
  }
  const features = featureInfos(pre);
  if (features.length !== columns.length) throw new LeadscoreError("internal", "Feature count mismatch in preprocessing.");
  return { rows: n, features, columns };
}

function encodeNumeric(enc: NumericEncoding, column: Column, index: Int32Array, style: EncodingStyle, out: Float64Array[]): void {
  if (column.kind !== "numeric" && column.kind !== "datetime") throw kindMismatch(enc.column, "numeric", column.kind);
  const n = index.length;
  const values = new Float64Array(n);
  const reference = enc.referenceTime;
  const linear = style === "linear";
  const indicator = linear && enc.hasMissing ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    let v = column.values[index[i] as number] as number;
    if (reference !== undefined && !Number.isNaN(v)) v = (reference - v) / DAY_MS;
    if (linear) {
      if (Number.isNaN(v)) {
        v = enc.median;
        if (indicator) indicator[i] = 1;
      }
      v = (v - enc.mean) / enc.std;
    }
    values[i] = v;
  }
  out.push(values);
  if (indicator) out.push(indicator);
}

function encodeCategorical(enc: CategoricalEncoding, column: Column, index: Int32Array, style: EncodingStyle, out: Float64Array[]): void {
  if (column.kind !== "categorical" && column.kind !== "boolean") throw kindMismatch(enc.column, "categorical", column.kind);
  const n = index.length;
  // Map the frame's level codes to feature codes once; -1 = missing, kept.length = other.
  const slotOfLevel = new Int32Array(column.levels.length).fill(enc.hasOther ? enc.kept.length : -1);
  const keptIndex = new Map(enc.kept.map((level, i) => [level, i] as const));
  column.levels.forEach((level, code) => {
    const slot = keptIndex.get(level);
    if (slot !== undefined) slotOfLevel[code] = slot;
  });
  const otherSlot = enc.hasOther ? enc.kept.length : -1;
  const slotOf = (r: number): number => {
    const code = column.codes[r] as number;
    if (code >= 0) return slotOfLevel[code] as number;
    return code === -1 ? -2 : otherSlot; // -2: missing; unseen levels count as "other"
  };
  if (style === "tree") {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const slot = slotOf(index[i] as number);
      values[i] = slot >= 0 ? slot : Number.NaN;
    }
    out.push(values);
    return;
  }
  const width = enc.kept.length + (enc.hasOther ? 1 : 0);
  const oneHot = Array.from({ length: width }, () => new Float64Array(n));
  const missing = enc.hasMissing ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const slot = slotOf(index[i] as number);
    if (slot >= 0) (oneHot[slot] as Float64Array)[i] = 1;
    else if (slot === -2 && missing) missing[i] = 1;
  }
  out.push(...oneHot);
  if (missing) out.push(missing);
}

function requireColumn(frame: Frame, name: string): Column {
  const column = frame.columns.find((c) => c.name === name);
  if (!column) throw new LeadscoreError("data", `${frame.source}: column '${name}' is missing; the model needs it.`, { file: frame.source, column: name });
  return column;
}

function kindMismatch(name: string, expected: string, got: string): LeadscoreError {
  return new LeadscoreError("data", `Column '${name}' is ${got} but the model expects ${expected} values.`, { column: name });
}

function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
