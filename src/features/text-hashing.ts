/**
 * Hashed TF-IDF of free text. Each term (text-tokens.ts) is hashed with 32-bit FNV-1a over
 * its UTF-8 bytes: the hash modulo B picks its bucket and the hash's top bit its sign (+1 when
 * clear, −1 when set). No vocabulary is stored, a word never seen in training still lands
 * somewhere fixed, and two terms sharing a bucket cancel out half the time instead of always
 * adding up (signed hashing; on the synthetic notes of the end-to-end test, logistic CV AUC
 * with 64 buckets 0.754 signed against 0.744 unsigned, with 128 buckets 0.763 against 0.760).
 *
 * Per row: the signed bucket counts c, sublinear tf = sign(c)·(1 + ln|c|) (a word said five
 * times is not five times the signal), times the bucket's IDF, then divided by the row's L2
 * norm (long notes do not outweigh short ones). The IDF is smoothed as in scikit-learn,
 * idf = ln((1 + n) / (1 + df)) over the n training rows plus 1, df counting the rows where
 * the bucket is not zero (missing text counts as a row with no terms), and is fitted on
 * training rows only.
 */
import { textTerms } from "./text-tokens.js";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a over the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  const byte = (b: number): void => {
    hash = Math.imul(hash ^ b, FNV_PRIME);
  };
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) byte(code);
    else if (code < 0x800) {
      byte(0xc0 | (code >> 6));
      byte(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      byte(0xe0 | (code >> 12));
      byte(0x80 | ((code >> 6) & 0x3f));
      byte(0x80 | (code & 0x3f));
    } else {
      byte(0xf0 | (code >> 18));
      byte(0x80 | ((code >> 12) & 0x3f));
      byte(0x80 | ((code >> 6) & 0x3f));
      byte(0x80 | (code & 0x3f));
    }
  }
  return hash >>> 0;
}

export function bucketOf(term: string, buckets: number): number {
  return fnv1a32(term) % buckets;
}

/** +1 or −1: the sign a term adds to its bucket. */
export function signOf(term: string): 1 | -1 {
  return fnv1a32(term) >>> 31 === 1 ? -1 : 1;
}

/** Adds the signed term counts of `text` into `counts` (length = buckets), which the caller zeroes. */
export function countTerms(text: string, counts: Float64Array): void {
  for (const term of textTerms(text)) addHash(fnv1a32(term), counts);
}

function addHash(hash: number, counts: Float64Array): void {
  const b = hash % counts.length;
  counts[b] = (counts[b] as number) + (hash >>> 31 === 1 ? -1 : 1);
}

/** The term hashes of every row of a text column: row r's are hashes[offsets[r] .. offsets[r + 1]). */
export interface HashedTerms {
  readonly offsets: Int32Array;
  readonly hashes: Uint32Array;
}

// Cross-validation encodes the same column once per fold and family; tokenising is most of
// the cost, so each column's hashes are kept while its values array lives.
const hashedColumns = new WeakMap<readonly (string | null)[], HashedTerms>();

export function hashedTerms(values: readonly (string | null)[]): HashedTerms {
  const cached = hashedColumns.get(values);
  if (cached) return cached;
  const offsets = new Int32Array(values.length + 1);
  let hashes = new Uint32Array(Math.max(16, values.length * 8));
  let used = 0;
  for (let r = 0; r < values.length; r++) {
    const text = values[r] ?? null;
    if (text !== null) {
      for (const term of textTerms(text)) {
        if (used === hashes.length) {
          const grown = new Uint32Array(hashes.length * 2);
          grown.set(hashes);
          hashes = grown;
        }
        hashes[used++] = fnv1a32(term);
      }
    }
    offsets[r + 1] = used;
  }
  const result = { offsets, hashes: hashes.slice(0, used) };
  hashedColumns.set(values, result);
  return result;
}

/** Adds the signed term counts of row `r` of a hashed column into `counts`, which the caller zeroes. */
export function countRow(terms: HashedTerms, r: number, counts: Float64Array): void {
  const to = terms.offsets[r + 1] as number;
  for (let i = terms.offsets[r] as number; i < to; i++) addHash(terms.hashes[i] as number, counts);
}

/** Smoothed IDF per bucket from the texts of `rows` (null = missing, a row with no terms). */
export function fitIdf(values: readonly (string | null)[], rows: Int32Array, buckets: number): Float64Array {
  const df = new Float64Array(buckets);
  const counts = new Float64Array(buckets);
  const terms = hashedTerms(values);
  for (const r of rows) {
    counts.fill(0);
    countRow(terms, r, counts);
    for (let b = 0; b < buckets; b++) if ((counts[b] as number) !== 0) df[b] = (df[b] as number) + 1;
  }
  const n = rows.length;
  return df.map((d) => Math.log((1 + n) / (1 + d)) + 1);
}

/**
 * Turns signed bucket counts into the row's TF-IDF weights in place: sublinear tf times IDF,
 * L2-normalised (an all-zero row stays zero).
 */
export function weighCounts(counts: Float64Array, idf: ArrayLike<number>): void {
  let norm = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b] as number;
    if (c === 0) continue;
    const w = Math.sign(c) * (1 + Math.log(Math.abs(c))) * (idf[b] as number);
    counts[b] = w;
    norm += w * w;
  }
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (let b = 0; b < counts.length; b++) counts[b] = (counts[b] as number) * scale;
}

/** The TF-IDF weights of one text (null: all zeros). */
export function tfidfOf(text: string | null, idf: ArrayLike<number>): Float64Array {
  const counts = new Float64Array(idf.length);
  if (text === null) return counts;
  countTerms(text, counts);
  weighCounts(counts, idf);
  return counts;
}
