/**
 * Maps every feature to at most 256 small integer bins, stored as one Uint8Array per feature
 * (column-major), so histograms are cheap to build (after scikit-learn's `binning.py` and
 * LightGBM's `BinMapper`).
 *
 * Per feature, bins 0..valueBins-1 hold values and bin `valueBins` (the last one) holds
 * missing values. `valueBins` ≤ maxBins ≤ 255, so every bin fits a byte.
 * - numeric: quantile bins; `thresholds[b]` is the real upper edge of value bin b (a value x
 *   is in the first bin b with x <= thresholds[b]), so trees keep real thresholds and
 *   predict on raw float matrices. NaN and ±Infinity are missing.
 * - categorical: one bin per category code seen in training, in code order; when more than
 *   maxBins codes are seen, the maxBins-1 most frequent keep a bin and the rarest share the
 *   last one. NaN, non-integer codes, codes outside 0..codes-1 and codes never seen in
 *   training all map to the missing bin — at prediction time too (see tree.ts).
 */
import { LeadscoreError } from "../../core/errors.js";
import type { Matrix } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";

/** Quantiles are taken from at most this many rows (like scikit-learn's `subsample`). */
const BINNING_SAMPLE_ROWS = 200_000;
/** A categorical feature with more codes than this is refused (bitsets grow with it). */
const MAX_CATEGORY_CODES = 1 << 16;

export class BinMapper {
  /** Bins per feature, the missing bin included (so the missing bin is `bins[f] - 1`). */
  readonly bins: Int32Array;
  readonly categorical: Uint8Array;
  /** Numeric features: upper edges of value bins 0..valueBins-2 (the last value bin is open). */
  readonly thresholds: readonly Float64Array[];
  /** Categorical features: code -> bin (the missing bin for unseen codes); empty for numeric. */
  readonly codeBins: readonly Int32Array[];

  private constructor(bins: Int32Array, categorical: Uint8Array, thresholds: Float64Array[], codeBins: Int32Array[]) {
    this.bins = bins;
    this.categorical = categorical;
    this.thresholds = thresholds;
    this.codeBins = codeBins;
  }

  get features(): number {
    return this.bins.length;
  }

  /** Learns the bins of every feature of X; `rng` picks the quantile subsample on large data. */
  static fit(X: Matrix, maxBins: number, rng: Rng): BinMapper {
    const features = X.columns.length;
    const sample = X.rows > BINNING_SAMPLE_ROWS ? sampleRows(X.rows, BINNING_SAMPLE_ROWS, rng) : null;
    const bins = new Int32Array(features);
    const categorical = new Uint8Array(features);
    const thresholds: Float64Array[] = [];
    const codeBins: Int32Array[] = [];
    for (let f = 0; f < features; f++) {
      const info = X.features[f];
      const column = X.columns[f] as Float64Array;
      if (info !== undefined && info.type === "categorical") {
        const map = fitCategorical(column, X.rows, info.categories, maxBins, info.name);
        categorical[f] = 1;
        codeBins.push(map.codeBins);
        thresholds.push(new Float64Array(0));
        bins[f] = map.valueBins + 1;
      } else {
        const edges = fitNumeric(column, X.rows, sample, maxBins);
        thresholds.push(edges);
        codeBins.push(new Int32Array(0));
        bins[f] = edges.length + 2;
      }
    }
    return new BinMapper(bins, categorical, thresholds, codeBins);
  }

  /** Bins all rows of X: one Uint8Array per feature. */
  transform(X: Matrix): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let f = 0; f < this.features; f++) {
      const binned = new Uint8Array(X.rows);
      this.binColumn(X.columns[f] as Float64Array, f, 0, X.rows, binned, 0, 1);
      out.push(binned);
    }
    return out;
  }

  /** Bins all rows of X into one array, column-major (feature f of row r at f * X.rows + r), without a copy per feature. */
  transformInto(X: Matrix, out: Uint8Array): void {
    for (let f = 0; f < this.features; f++) this.binColumn(X.columns[f] as Float64Array, f, 0, X.rows, out, f * X.rows, 1);
  }

  /** out[at + (r - from) * stride] = bin of column[r], for r in from..to-1. */
  private binColumn(column: Float64Array, f: number, from: number, to: number, out: Uint8Array, at: number, stride: number): void {
    const missing = (this.bins[f] as number) - 1;
    if (this.categorical[f] === 1) binCodes(column, this.codeBins[f] as Int32Array, missing, from, to, out, at, stride);
    else binValues(column, this.thresholds[f] as Float64Array, missing, from, to, out, at, stride);
  }
}

function binCodes(column: Float64Array, map: Int32Array, missing: number, from: number, to: number, out: Uint8Array, at: number, stride: number): void {
  const codes = map.length;
  for (let r = from, k = at; r < to; r++, k += stride) {
    const x = column[r] as number;
    out[k] = x >= 0 && x < codes && (x | 0) === x ? (map[x] as number) : missing;
  }
}

function binValues(column: Float64Array, edges: Float64Array, missing: number, from: number, to: number, out: Uint8Array, at: number, stride: number): void {
  for (let r = from, k = at; r < to; r++, k += stride) out[k] = numericBin(edges, column[r] as number, missing);
}

/** The bin of one numeric value: binary search for the first edge >= x. */
function numericBin(edges: Float64Array, x: number, missing: number): number {
  if (x - x !== 0) return missing; // NaN or ±Infinity
  let lo = 0;
  let hi = edges.length; // value bin `edges.length` is the open last one
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= (edges[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Edges between quantiles of the finite values. With at most maxBins distinct values every
 * value gets its own bin. Otherwise bins are filled greedily in value order, each closed once
 * it holds its share of the rows still to place (rows left / bins left), or just before a
 * value that alone fills a share: a heavy tie (say 80 % of rows at -1) takes one bin and the
 * other values still share the remaining bins evenly. Ties are never split. Each edge is the
 * midpoint of the two distinct values it separates.
 */
function fitNumeric(column: Float64Array, rows: number, sample: Uint32Array | null, maxBins: number): Float64Array {
  const take = sample === null ? rows : sample.length;
  const values = new Float64Array(take);
  let m = 0;
  for (let i = 0; i < take; i++) {
    const x = column[sample === null ? i : (sample[i] as number)] as number;
    if (x - x === 0) values[m++] = x;
  }
  const sorted = values.subarray(0, m).sort();
  // distinct values and their counts
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < m; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) counts[counts.length - 1] = (counts[counts.length - 1] as number) + 1;
    else {
      distinct.push(sorted[i] as number);
      counts.push(1);
    }
  }
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let j = 1; j < distinct.length; j++) edges.push(midpoint(distinct[j - 1] as number, distinct[j] as number));
    return Float64Array.from(edges);
  }
  let rowsLeft = m;
  let binsLeft = maxBins;
  let filled = 0;
  for (let j = 0; j < distinct.length - 1 && binsLeft > 1; j++) {
    filled += counts[j] as number;
    const share = rowsLeft / binsLeft;
    if (filled >= share || (counts[j + 1] as number) >= share) {
      edges.push(midpoint(distinct[j] as number, distinct[j + 1] as number));
      rowsLeft -= filled;
      binsLeft--;
      filled = 0;
    }
  }
  return Float64Array.from(edges);
}

/** A threshold strictly below b (so `b <= edge` is false) and at or above a. */
function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  return mid < b ? mid : a;
}

function fitCategorical(
  column: Float64Array,
  rows: number,
  declared: number | undefined,
  maxBins: number,
  name: string,
): { codeBins: Int32Array; valueBins: number } {
  let codes = declared ?? 0;
  if (declared === undefined) {
    for (let r = 0; r < rows; r++) {
      const x = column[r] as number;
      if (x >= 0 && (x | 0) === x && x + 1 > codes) codes = x + 1;
    }
  }
  if (codes > MAX_CATEGORY_CODES) {
    throw new LeadscoreError(
      "data",
      `Categorical feature '${name}' has ${codes} category codes; gradient boosting handles at most ${MAX_CATEGORY_CODES}.`,
      { column: name },
    );
  }
  const counts = new Float64Array(codes);
  for (let r = 0; r < rows; r++) {
    const x = column[r] as number;
    if (x >= 0 && x < codes && (x | 0) === x) counts[x]++;
  }
  const seen: number[] = [];
  for (let c = 0; c < codes; c++) if ((counts[c] as number) > 0) seen.push(c);
  let kept = seen;
  let pooled = false;
  if (seen.length > maxBins) {
    // The most frequent maxBins-1 codes keep a bin (ties: lower code first); the rest share one.
    kept = [...seen]
      .sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b)
      .slice(0, maxBins - 1)
      .sort((a, b) => a - b);
    pooled = true;
  }
  const valueBins = kept.length + (pooled ? 1 : 0);
  const codeBins = new Int32Array(codes).fill(valueBins); // unseen -> missing bin
  if (pooled) for (const c of seen) codeBins[c] = valueBins - 1;
  kept.forEach((c, bin) => {
    codeBins[c] = bin;
  });
  return { codeBins, valueBins };
}

/** `size` distinct row indices, ascending (selection sampling, Knuth's Algorithm S). */
export function sampleRows(rows: number, size: number, rng: Rng, out: Uint32Array = new Uint32Array(size)): Uint32Array {
  let needed = size;
  let k = 0;
  for (let r = 0; r < rows && needed > 0; r++) {
    if (rng.next() * (rows - r) < needed) {
      out[k++] = r;
      needed--;
    }
  }
  return out;
}
