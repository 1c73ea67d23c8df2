/**
 * Turns a typed Frame into the numeric Matrix a model takes. `fitPreprocessor` learns
 * imputation values, scales, kept levels, date references and text IDF from training rows
 * only. Free text becomes hashed TF-IDF term weights (text-hashing.ts); a text column whose
 * name says it holds job titles (job-title.ts) also gets a seniority and a function feature,
 * besides its term weights (the words catch what the rules miss, e.g. "data" or "analyst").
 * Every feature names its input column as `source`, so contributions add up per column.
 */
import { type Column, type Frame, LeadscoreError, type TextColumn } from "../core/index.js";
import type { FeatureInfo, Matrix } from "../core/matrix.js";
import {
  type CategoricalEncoding,
  type ColumnEncoding,
  type EncodingStyle,
  type NumericEncoding,
  OTHER_LEVEL,
  TEXT_HASHING,
  type TextEncoding,
} from "./encoding.js";
import { JOB_FUNCTIONS, JOB_TITLE_COLUMN, type JobTitle, SENIORITY_LEVELS, parseJobTitle } from "./job-title.js";
import { countRow, fitIdf, hashedTerms, weighCounts } from "./text-hashing.js";

export interface PreprocessorJSON {
  readonly style: EncodingStyle;
  readonly columns: readonly ColumnEncoding[];
}

export interface PreprocessorOptions {
  /** Levels seen on fewer training rows than this are pooled into "(other)". */
  readonly minLevelRows: number;
  /** At most this many levels are kept per categorical column, most frequent first. */
  readonly maxLevels: number;
  /** Hashed term buckets (features) per text column; by default `textBucketsFor(frame.rows)`. */
  readonly textBuckets?: number;
}

export const DEFAULT_PREPROCESSOR_OPTIONS: PreprocessorOptions = { minLevelRows: 10, maxLevels: 100 };

/**
 * Default buckets per text column for a table of `rows` rows. The matrix is dense (8 bytes a
 * cell), so a text column costs rows × buckets × 8 bytes: 128 buckets up to 250,000 rows
 * (≤ 256 MB), 64 up to 1 M (≤ 512 MB), 32 beyond. Fewer buckets mean more terms sharing
 * one: on the synthetic notes of the end-to-end test, logistic CV AUC 0.763 with 128, 0.754
 * with 64 (0.785 for the true probabilities). Decided by the whole table, so every
 * cross-validation fold and the final model hash alike.
 */
export function textBucketsFor(rows: number): number {
  return rows <= 250_000 ? 128 : rows <= 1_000_000 ? 64 : 32;
}

const DAY_MS = 86_400_000;

/** Fits encodings for `columns` of `frame`, using only the rows in `rows` (all rows when omitted). */
export function fitPreprocessor(
  frame: Frame,
  columns: readonly string[],
  style: EncodingStyle,
  rows?: Int32Array,
  options: PreprocessorOptions = DEFAULT_PREPROCESSOR_OPTIONS,
): PreprocessorJSON {
  const textBuckets = options.textBuckets ?? textBucketsFor(frame.rows);
  const encodings = columns.map((name) => {
    const column = requireColumn(frame, name);
    return fitColumn(column, rows ?? allRows(frame.rows), options, textBuckets);
  });
  return { style, columns: encodings };
}

function fitColumn(column: Column, rows: Int32Array, options: PreprocessorOptions, textBuckets: number): ColumnEncoding {
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
    case "text":
      return fitText(column, rows, textBuckets);
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

function fitText(column: TextColumn, rows: Int32Array, buckets: number): TextEncoding {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 65_536) {
    throw new LeadscoreError("usage", `The number of text buckets must be a whole number from 1 to 65536, got ${buckets}.`, { field: "textBuckets" });
  }
  let hasMissing = false;
  for (const r of rows) if (column.values[r] === null) hasMissing = true;
  const base: TextEncoding = { column: column.name, kind: "text", hashing: TEXT_HASHING, buckets, idf: Array.from(fitIdf(column.values, rows, buckets)), hasMissing };
  if (!JOB_TITLE_COLUMN.test(column.name)) return base;
  const seenSeniority = new Set<string>();
  const seenFunction = new Set<string>();
  const parse = jobTitleParser();
  for (const r of rows) {
    const title = parse(column.values[r] ?? null);
    seenSeniority.add(title.seniority);
    seenFunction.add(title.function);
  }
  return {
    ...base,
    jobTitle: { seniority: SENIORITY_LEVELS.filter((l) => seenSeniority.has(l)), function: JOB_FUNCTIONS.filter((l) => seenFunction.has(l)) },
  };
}

/** parseJobTitle with a cache: a column of job titles repeats the same few hundred strings. */
function jobTitleParser(): (title: string | null) => JobTitle {
  const cache = new Map<string, JobTitle>();
  return (title) => {
    if (title === null) return parseJobTitle(null);
    let parsed = cache.get(title);
    if (parsed === undefined) {
      parsed = parseJobTitle(title);
      if (cache.size < 100_000) cache.set(title, parsed);
    }
    return parsed;
  };
}

/** The features a fitted preprocessor produces, in matrix order. */
export function featureInfos(pre: PreprocessorJSON): FeatureInfo[] {
  const features: FeatureInfo[] = [];
  for (const enc of pre.columns) {
    if (enc.kind === "text") {
      features.push(...textFeatureInfos(enc, pre.style));
    } else if (enc.kind === "numeric") {
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

function textFeatureInfos(enc: TextEncoding, style: EncodingStyle): FeatureInfo[] {
  const source = enc.column;
  const features: FeatureInfo[] = [];
  for (let b = 0; b < enc.buckets; b++) features.push({ name: `${source} #${b}`, source, type: "numeric" });
  if (enc.hasMissing) features.push({ name: `${source} (missing)`, source, type: "numeric" });
  if (enc.jobTitle) {
    for (const [part, levels] of [["seniority", enc.jobTitle.seniority], ["function", enc.jobTitle.function]] as const) {
      if (style === "tree") features.push({ name: `${source} ${part}`, source, type: "categorical", categories: levels.length, levels });
      else for (const level of levels) features.push({ name: `${source} ${part}=${level}`, source, type: "numeric" });
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
    else if (enc.kind === "text") encodeText(enc, column, index, pre.style, columns);
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

function encodeText(enc: TextEncoding, column: Column, index: Int32Array, style: EncodingStyle, out: Float64Array[]): void {
  if (column.kind !== "text") throw kindMismatch(enc.column, "text", column.kind);
  if (enc.hashing !== TEXT_HASHING || enc.idf.length !== enc.buckets) {
    throw new LeadscoreError("model", `The model's encoding of text column '${enc.column}' is not one this leadscore reads (hashing '${String(enc.hashing)}', ${enc.idf.length} IDF values for ${enc.buckets} buckets); retrain the model.`, { column: enc.column });
  }
  const n = index.length;
  const weights = Array.from({ length: enc.buckets }, () => new Float64Array(n));
  const missing = enc.hasMissing ? new Float64Array(n) : undefined;
  const counts = new Float64Array(enc.buckets);
  const terms = hashedTerms(column.values);
  for (let i = 0; i < n; i++) {
    const r = index[i] as number;
    if ((column.values[r] ?? null) === null) {
      if (missing) missing[i] = 1;
      continue;
    }
    counts.fill(0);
    countRow(terms, r, counts);
    weighCounts(counts, enc.idf);
    for (let b = 0; b < enc.buckets; b++) if ((counts[b] as number) !== 0) (weights[b] as Float64Array)[i] = counts[b] as number;
  }
  out.push(...weights);
  if (missing) out.push(missing);
  if (enc.jobTitle) encodeJobTitle(enc.jobTitle, column, index, style, out);
}

function encodeJobTitle(levels: NonNullable<TextEncoding["jobTitle"]>, column: TextColumn, index: Int32Array, style: EncodingStyle, out: Float64Array[]): void {
  const n = index.length;
  const parse = jobTitleParser();
  const titles = Array.from(index, (r) => parse(column.values[r] ?? null));
  for (const [part, kept] of [["seniority", levels.seniority], ["function", levels.function]] as const) {
    const slotOf = new Map(kept.map((level, slot) => [level, slot] as const));
    // A level never seen in training is missing for trees and all zeros for linear models.
    const slots = titles.map((t) => slotOf.get(part === "seniority" ? t.seniority : t.function) ?? -1);
    if (style === "tree") {
      out.push(Float64Array.from(slots, (slot) => (slot >= 0 ? slot : Number.NaN)));
      continue;
    }
    const oneHot = kept.map(() => new Float64Array(n));
    slots.forEach((slot, i) => {
      if (slot >= 0) (oneHot[slot] as Float64Array)[i] = 1;
    });
    out.push(...oneHot);
  }
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
