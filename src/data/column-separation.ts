/**
 * How well each column alone separates the classes, as an AUC: the raw material of the
 * target-leakage check (and handy for a univariate screen).
 *
 * - numeric and datetime: the AUC of the value itself, over the rows where it is present;
 * - free text: each row is scored by the words it contains (lower-cased runs of letters and
 *   digits), naive-Bayes fashion: the sum over its distinct words of each word's smoothed
 *   log-odds of the positive class minus the overall log-odds, learnt on the other half of
 *   the rows as for categorical levels below, so a note that says "closed won" is caught;
 * - categorical and boolean: each row is scored by its level's positive rate, learnt on the
 *   other half of the rows (2 folds, by a hash of the row number: deterministic, yet not
 *   fooled by files sorted or interleaved by class) and shrunk towards the overall rate
 *   by SMOOTHING_ROWS pseudo-rows, so a level seen in a handful of rows, or only in one
 *   half, cannot look perfectly predictive; missing is a level of its own;
 * - every column with some missing values: also the AUC of its missingness indicator.
 *
 * Each AUC is turned into a separation max(auc, 1 - auc): a column that ranks the classes
 * backwards separates them just as well.
 */
import type { Column, Frame } from "../core/frame.js";
import { MISSING_CODE } from "../core/frame.js";
import { rankAuc, separationAuc } from "./single-column-auc.js";

/** Pseudo-rows at the overall positive rate added to every level's count. */
export const SMOOTHING_ROWS = 10;
/** A value AUC is only worth reporting with this many rows of each class where the value is present. */
export const MIN_CLASS_ROWS = 20;

export interface ColumnSeparation {
  readonly column: string;
  /** Separation by the values (NaN when not computed: id columns, too few rows). */
  readonly value: number;
  /** Separation by whether the value is missing (NaN when the column is never or always missing). */
  readonly missingness: number;
  /** The larger of the two (NaN when neither is known). */
  readonly best: number;
  readonly via: "value" | "missingness";
}

/** The separation of every column of `frame` but ids (and `exclude`), in frame order. */
export function columnSeparations(frame: Frame, labels: Uint8Array, exclude: readonly string[] = []): ColumnSeparation[] {
  const out: ColumnSeparation[] = [];
  for (const column of frame.columns) {
    if (exclude.includes(column.name) || column.kind === "id") continue;
    const value = separationAuc(valueAuc(column, labels));
    const missingness = separationAuc(missingnessAuc(column, labels));
    const byMissing = !(missingness <= value) && !Number.isNaN(missingness);
    out.push({
      column: column.name,
      value,
      missingness,
      best: byMissing ? missingness : value,
      via: byMissing ? "missingness" : "value",
    });
  }
  return out;
}

function valueAuc(column: Column, labels: Uint8Array): number {
  if (column.kind === "numeric" || column.kind === "datetime") {
    let positives = 0;
    let negatives = 0;
    for (let r = 0; r < column.values.length; r++) {
      if (Number.isNaN(column.values[r])) continue;
      if (labels[r] === 1) positives++;
      else negatives++;
    }
    return positives < MIN_CLASS_ROWS || negatives < MIN_CLASS_ROWS ? NaN : rankAuc(column.values, labels);
  }
  if (column.kind === "categorical" || column.kind === "boolean") return rankAuc(outOfFoldLevelRates(column.codes, column.levels.length, labels), labels);
  if (column.kind === "text") {
    const scores = outOfFoldWordScores(column.values, labels);
    let positives = 0;
    let negatives = 0;
    for (let r = 0; r < scores.length; r++) {
      if (Number.isNaN(scores[r])) continue;
      if (labels[r] === 1) positives++;
      else negatives++;
    }
    return positives < MIN_CLASS_ROWS || negatives < MIN_CLASS_ROWS ? NaN : rankAuc(scores, labels);
  }
  return NaN;
}

const WORD_SPLIT = /[^\p{L}\p{M}\p{N}]+/u;

/** Each row's naive-Bayes word score learnt on the other fold (NaN where the text is missing). */
export function outOfFoldWordScores(values: readonly (string | null)[], labels: Uint8Array): Float64Array {
  const wordsOf = values.map((text) => (text === null ? [] : [...new Set(text.toLowerCase().split(WORD_SPLIT))].filter((w) => w !== "")));
  // Per word: rows and positives in fold 0, then in fold 1.
  const counts = new Map<string, Float64Array>();
  const foldRows = [0, 0];
  const foldPositives = [0, 0];
  wordsOf.forEach((words, r) => {
    const fold = foldOf(r);
    const label = labels[r] === 1 ? 1 : 0;
    foldRows[fold] = (foldRows[fold] as number) + 1;
    foldPositives[fold] = (foldPositives[fold] as number) + label;
    for (const word of words) {
      let c = counts.get(word);
      if (c === undefined) counts.set(word, (c = new Float64Array(4)));
      c[2 * fold] = (c[2 * fold] as number) + 1;
      c[2 * fold + 1] = (c[2 * fold + 1] as number) + label;
    }
  });
  const logit = (p: number): number => Math.log(p / (1 - p));
  const scores = new Float64Array(values.length);
  wordsOf.forEach((words, r) => {
    if (values[r] === null) {
      scores[r] = NaN;
      return;
    }
    const other = 1 - foldOf(r);
    // Clamped away from 0 and 1 so a fold with a single class still gives finite scores.
    const prior = Math.min(1 - 1e-6, Math.max(1e-6, (foldPositives[other] as number) / Math.max(1, foldRows[other] as number)));
    let score = 0;
    for (const word of words) {
      const c = counts.get(word) as Float64Array;
      score += logit(((c[2 * other + 1] as number) + SMOOTHING_ROWS * prior) / ((c[2 * other] as number) + SMOOTHING_ROWS)) - logit(prior);
    }
    scores[r] = score;
  });
  return scores;
}

/**
 * Each row's level positive rate learnt on the other fold (rows of the other parity),
 * smoothed. Codes: 0..levels-1, then MISSING_CODE and any unseen code as two more buckets.
 */
export function outOfFoldLevelRates(codes: Int32Array, levels: number, labels: Uint8Array): Float64Array {
  const buckets = levels + 2;
  const bucketOf = (code: number): number => (code >= 0 ? code : code === MISSING_CODE ? levels : levels + 1);
  // Index fold * buckets + bucket.
  const rows = new Float64Array(2 * buckets);
  const positives = new Float64Array(2 * buckets);
  const foldRows = [0, 0];
  const foldPositives = [0, 0];
  for (let r = 0; r < codes.length; r++) {
    const fold = foldOf(r);
    const label = labels[r] === 1 ? 1 : 0;
    const at = fold * buckets + bucketOf(codes[r] as number);
    rows[at] = (rows[at] as number) + 1;
    positives[at] = (positives[at] as number) + label;
    foldRows[fold] = (foldRows[fold] as number) + 1;
    foldPositives[fold] = (foldPositives[fold] as number) + label;
  }
  const scores = new Float64Array(codes.length);
  for (let r = 0; r < codes.length; r++) {
    const other = 1 - foldOf(r);
    const at = other * buckets + bucketOf(codes[r] as number);
    const prior = (foldPositives[other] as number) / Math.max(1, foldRows[other] as number);
    scores[r] = ((positives[at] as number) + SMOOTHING_ROWS * prior) / ((rows[at] as number) + SMOOTHING_ROWS);
  }
  return scores;
}

/** 0 or 1: the top bit of a multiplicative (Fibonacci) hash of the row number. */
function foldOf(row: number): number {
  return Math.imul(row + 1, 0x9e3779b1) >>> 31;
}

function missingnessAuc(column: Column, labels: Uint8Array): number {
  const n = labels.length;
  const missing = new Float64Array(n);
  let count = 0;
  for (let r = 0; r < n; r++) {
    if (isMissingAt(column, r)) {
      missing[r] = 1;
      count++;
    }
  }
  return count === 0 || count === n ? NaN : rankAuc(missing, labels);
}

export function isMissingAt(column: Column, row: number): boolean {
  switch (column.kind) {
    case "numeric":
    case "datetime":
      return Number.isNaN(column.values[row]);
    case "categorical":
    case "boolean":
      return column.codes[row] === MISSING_CODE;
    case "text":
    case "id":
      return column.values[row] === null;
  }
}
