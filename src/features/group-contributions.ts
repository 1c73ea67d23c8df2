/**
 * Adds up feature contributions by the input column they came from, so a reason names
 * "Lead Source", never "Lead Source=Google" or "age (missing)". Sums are preserved, so
 * base + Σ grouped = raw output still holds.
 */
import type { Contributions } from "../core/scorer.js";
import type { FeatureInfo } from "../core/matrix.js";

export interface GroupedContributions {
  readonly base: number;
  readonly rows: number;
  /** Input column names, in first-appearance order over the features. */
  readonly columns: readonly string[];
  /** values[r * columns.length + c], in log-odds. */
  readonly values: Float64Array;
  /** Per free-text column, per row, the term that moved the score most (strongest-terms.ts), where known. */
  readonly terms?: ReadonlyMap<string, readonly (string | null)[]>;
}

export function groupContributions(contributions: Contributions, features: readonly FeatureInfo[]): GroupedContributions {
  const columns: string[] = [];
  const slotOf = new Map<string, number>();
  const slotOfFeature = new Int32Array(features.length);
  features.forEach((feature, f) => {
    let slot = slotOf.get(feature.source);
    if (slot === undefined) {
      slot = columns.length;
      slotOf.set(feature.source, slot);
      columns.push(feature.source);
    }
    slotOfFeature[f] = slot;
  });
  const { rows, features: width } = contributions;
  const values = new Float64Array(rows * columns.length);
  for (let r = 0; r < rows; r++) {
    const from = r * width;
    const to = r * columns.length;
    for (let f = 0; f < width; f++) {
      const at = to + (slotOfFeature[f] as number);
      values[at] = (values[at] as number) + (contributions.values[from + f] as number);
    }
  }
  return { base: contributions.base, rows, columns, values };
}
