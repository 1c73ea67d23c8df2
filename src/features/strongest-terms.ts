/**
 * Which word of a row's free text moved its score: among the terms of the text, the one
 * whose hashed bucket contributed most in the direction of the column's whole effect, so a
 * reason can say `"budget approved" in notes` instead of quoting the notes. A bucket may hold
 * other terms of the vocabulary, but rarely two of the same short text. Null when no term of
 * the text pushed that way (the effect came from words it lacks, or it is missing).
 * Terms in half the training rows or more are not quoted ("spoke" of "spoke with Maria" on
 * every note says nothing to a reader, though its weight still tells a short note from a
 * long one). Job-title columns are left out: the title itself is short enough to quote.
 */
import type { Frame } from "../core/frame.js";
import type { FeatureInfo } from "../core/matrix.js";
import type { Contributions } from "../core/scorer.js";
import type { PreprocessorJSON } from "./preprocessor.js";
import { fnv1a32 } from "./text-hashing.js";
import { textTerms } from "./text-tokens.js";

/** idf = ln((1 + n) / (1 + df)) + 1 reaches 1 + ln 2 when df ≤ (n − 1) / 2. */
const QUOTABLE_IDF = 1 + Math.log(2);

/** Per free-text column, per row of `contributions`: the strongest term, or null. */
export function strongestTerms(
  pre: PreprocessorJSON,
  frame: Frame,
  contributions: Contributions,
  features: readonly FeatureInfo[],
): Map<string, (string | null)[]> {
  const out = new Map<string, (string | null)[]>();
  const width = contributions.features;
  for (const enc of pre.columns) {
    if (enc.kind !== "text" || enc.jobTitle) continue;
    const column = frame.columns.find((c) => c.name === enc.column);
    const first = features.findIndex((f) => f.source === enc.column && f.name === `${enc.column} #0`);
    if (column?.kind !== "text" || first < 0) continue;
    const own: number[] = [];
    features.forEach((f, i) => {
      if (f.source === enc.column) own.push(i);
    });
    const terms: (string | null)[] = [];
    for (let r = 0; r < contributions.rows; r++) {
      const at = r * width;
      let total = 0;
      for (const f of own) total += contributions.values[at + f] as number;
      const text = column.values[r] ?? null;
      let best: string | null = null;
      let bestPush = 0;
      if (text !== null && total !== 0) {
        for (const term of new Set(textTerms(text))) {
          const bucket = fnv1a32(term) % enc.buckets;
          if ((enc.idf[bucket] as number) < QUOTABLE_IDF) continue;
          const push = Math.sign(total) * (contributions.values[at + first + bucket] as number);
          if (push > bestPush) {
            best = term;
            bestPush = push;
          }
        }
      }
      terms.push(best);
    }
    out.set(enc.column, terms);
  }
  return out;
}
