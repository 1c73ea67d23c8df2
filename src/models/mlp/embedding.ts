/**
 * Learned embeddings for categorical input columns. The "linear" encoding gives a categorical
 * column as one-hot features named `column=level` (plus `column (missing)`); with embeddings
 * on, those features pass through a small table E (one row of `size` numbers per feature)
 * before the first dense layer, so a level is described by `size` learned numbers rather than
 * by its own column of first-layer weights. Other features pass through unchanged.
 *
 * An embedding followed by a dense layer is itself a dense layer (E·W), so a trained network
 * is scored and explained through its collapsed form (`collapse`): the same outputs, with no
 * embedding step at prediction time.
 */
import type { FeatureInfo } from "../../core/matrix.js";

/** Where each input feature goes in the embedded vector. */
export interface EmbeddingLayout {
  /** Input features. */
  readonly inputs: number;
  /** Length of the embedded vector: pass-through features plus every group's `size`. */
  readonly outputs: number;
  /** Per input feature: its group, or −1 when it passes through. */
  readonly group: Int32Array;
  /** Per input feature: its output position (pass-through) or its row in the table (grouped). */
  readonly slot: Int32Array;
  /** Per group: first output position, and how many (the embedding size). */
  readonly groupOffset: Int32Array;
  readonly groupSize: Int32Array;
  /** Rows of the table: one per grouped feature, group after group. */
  readonly tableRows: number;
}

/**
 * The layout for `features`: every input column with at least `minLevels` one-hot features
 * (named `source=…`) becomes a group of min(size, ⌈levels/2⌉) dimensions. Null when no
 * column qualifies.
 */
export function embeddingLayout(features: readonly FeatureInfo[], size: number, minLevels = 3): EmbeddingLayout | null {
  const levels = new Map<string, number>();
  for (const f of features) if (f.name.startsWith(`${f.source}=`)) levels.set(f.source, (levels.get(f.source) ?? 0) + 1);
  const grouped = [...levels.entries()].filter(([, n]) => n >= minLevels).map(([source]) => source);
  if (size < 1 || grouped.length === 0) return null;
  const groupOf = new Map(grouped.map((source, g) => [source, g]));
  const F = features.length;
  const group = new Int32Array(F).fill(-1);
  const slot = new Int32Array(F);
  let position = 0;
  features.forEach((f, i) => {
    const g = groupOf.get(f.source);
    if (g === undefined) slot[i] = position++;
    else group[i] = g;
  });
  const groupOffset = new Int32Array(grouped.length);
  const groupSize = new Int32Array(grouped.length);
  grouped.forEach((source, g) => {
    groupOffset[g] = position;
    groupSize[g] = Math.min(size, Math.ceil((levels.get(source) as number) / 2));
    position += groupSize[g] as number;
  });
  let row = 0;
  for (let i = 0; i < F; i++) if ((group[i] as number) >= 0) slot[i] = row++;
  return { inputs: F, outputs: position, group, slot, groupOffset, groupSize, tableRows: row };
}

/** Flat table: row k (a grouped feature) holds its group's size numbers at k·maxSize. */
export function tableStride(layout: EmbeddingLayout): number {
  let max = 0;
  for (const s of layout.groupSize) if (s > max) max = s;
  return max;
}

/** out[r·outputs + …] = the embedded vector of input row r (rows stored one after another). */
export function embed(layout: EmbeddingLayout, table: Float64Array, x: Float64Array, rows: number, out: Float64Array): void {
  const F = layout.inputs;
  const width = layout.outputs;
  const stride = tableStride(layout);
  out.fill(0, 0, rows * width);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < F; i++) {
      const v = x[r * F + i] as number;
      const g = layout.group[i] as number;
      if (g < 0) {
        out[r * width + (layout.slot[i] as number)] = v;
        continue;
      }
      if (v === 0) continue;
      const at = r * width + (layout.groupOffset[g] as number);
      const t = (layout.slot[i] as number) * stride;
      for (let d = 0; d < (layout.groupSize[g] as number); d++) out[at + d] = (out[at + d] as number) + v * (table[t + d] as number);
    }
  }
}

/** grad[…] += ∂loss/∂table, from ∂loss/∂(embedded vectors) of `rows` rows. */
export function embedBackward(layout: EmbeddingLayout, x: Float64Array, rows: number, dOut: Float64Array, grad: Float64Array): void {
  const F = layout.inputs;
  const width = layout.outputs;
  const stride = tableStride(layout);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < F; i++) {
      const g = layout.group[i] as number;
      const v = x[r * F + i] as number;
      if (g < 0 || v === 0) continue;
      const at = r * width + (layout.groupOffset[g] as number);
      const t = (layout.slot[i] as number) * stride;
      for (let d = 0; d < (layout.groupSize[g] as number); d++) grad[t + d] = (grad[t + d] as number) + v * (dOut[at + d] as number);
    }
  }
}

/**
 * The first-layer weights on the raw inputs (inputs × units) equivalent to the embedding
 * followed by `weights` (outputs × units).
 */
export function collapse(layout: EmbeddingLayout, table: Float64Array, weights: Float64Array, units: number): Float64Array {
  const stride = tableStride(layout);
  const out = new Float64Array(layout.inputs * units);
  for (let i = 0; i < layout.inputs; i++) {
    const g = layout.group[i] as number;
    if (g < 0) {
      out.set(weights.subarray((layout.slot[i] as number) * units, ((layout.slot[i] as number) + 1) * units), i * units);
      continue;
    }
    const t = (layout.slot[i] as number) * stride;
    for (let d = 0; d < (layout.groupSize[g] as number); d++) {
      const e = table[t + d] as number;
      const row = ((layout.groupOffset[g] as number) + d) * units;
      for (let j = 0; j < units; j++) out[i * units + j] = (out[i * units + j] as number) + e * (weights[row + j] as number);
    }
  }
  return out;
}
