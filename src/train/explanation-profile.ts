/**
 * What the final model's contributions look like on training rows, per input column:
 * mean |contribution| (global importance) and the most favourable and least favourable
 * contribution seen, the reference for adverse-action reasons against the best applicant.
 * In the model's raw log-odds (before calibration).
 */
import type { Frame } from "../core/frame.js";
import { Rng } from "../core/rng.js";
import type { Scorer } from "../core/scorer.js";
import { groupContributions } from "../features/group-contributions.js";
import { type PreprocessorJSON, transform } from "../features/preprocessor.js";

export interface ColumnEffectProfile {
  readonly column: string;
  readonly meanAbsLogOdds: number;
  readonly minLogOdds: number;
  readonly maxLogOdds: number;
}

export interface ExplanationProfile {
  readonly rows: number;
  readonly base: number;
  readonly columns: readonly ColumnEffectProfile[];
}

export const PROFILE_SAMPLE_ROWS = 500;

export function explanationProfile(scorer: Scorer, pre: PreprocessorJSON, frame: Frame, rows: Int32Array, seed: number): ExplanationProfile {
  const sample = Int32Array.from(rows);
  if (sample.length > PROFILE_SAMPLE_ROWS) new Rng(seed ^ 0x5eed).shuffle(sample);
  const chosen = sample.subarray(0, Math.min(sample.length, PROFILE_SAMPLE_ROWS)).slice().sort();
  const X = transform(pre, frame, chosen);
  const grouped = groupContributions(scorer.explain(X), X.features);
  const width = grouped.columns.length;
  const columns = grouped.columns.map((column, c) => {
    let sumAbs = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < grouped.rows; r++) {
      const v = grouped.values[r * width + c] as number;
      sumAbs += Math.abs(v);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const n = Math.max(1, grouped.rows);
    return { column, meanAbsLogOdds: sumAbs / n, minLogOdds: Number.isFinite(min) ? min : 0, maxLogOdds: Number.isFinite(max) ? max : 0 };
  });
  return { rows: grouped.rows, base: grouped.base, columns };
}
