/**
 * Permutation importance on held-out rows: how much the AUC drops when one input column's
 * values are shuffled among the rows (all features derived from that column together),
 * so the model can no longer use it.
 */
import type { Matrix } from "../core/matrix.js";
import { Rng } from "../core/rng.js";
import type { Scorer } from "../core/scorer.js";
import { rocAuc } from "../evaluate/auc.js";

export interface PermutationImportance {
  readonly column: string;
  readonly aucDrop: number;
}

export function permutationImportance(scorer: Scorer, X: Matrix, y: Uint8Array, seed: number): PermutationImportance[] {
  const baseline = rocAuc(scorer.predictRaw(X), y);
  const sources = [...new Set(X.features.map((f) => f.source))];
  const rng = new Rng(seed ^ 0x9e37);
  return sources.map((column) => {
    const order = rng.shuffle(Int32Array.from({ length: X.rows }, (_, i) => i));
    const columns = X.columns.map((values, f) => {
      if (X.features[f]?.source !== column) return values;
      const shuffled = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) shuffled[i] = values[order[i] as number] as number;
      return shuffled;
    });
    const auc = rocAuc(scorer.predictRaw({ ...X, columns }), y);
    return { column, aucDrop: baseline - auc };
  });
}
