/**
 * Synthetic leads (bench/generator/synthetic-leads.ts) straight into a typed Matrix, without
 * the string cells of a RawTable: the same rows, labels and true probabilities as
 * `generateLeads` with the same seed, at sizes (10M rows) where strings would not fit.
 * Numeric columns as floats (NaN missing), categorical columns as integer codes (NaN missing),
 * which is what the "tree" preprocessing style gives a model.
 */
import type { FeatureInfo, Matrix } from "../../src/core/matrix.js";
import { Rng } from "../../src/core/rng.js";
import { CATEGORICAL_COLUMNS, NUMERIC_COLUMNS, makeLeadRow } from "../generator/synthetic-leads.js";

export interface SyntheticMatrix {
  readonly X: Matrix;
  readonly y: Uint8Array;
  readonly truth: Float64Array;
}

export function syntheticMatrix(rows: number, seed: number): SyntheticMatrix {
  const rng = new Rng(seed);
  const none = new Set<string>();
  const numeric = NUMERIC_COLUMNS.map(() => new Float64Array(rows));
  const codes = CATEGORICAL_COLUMNS.map(() => new Float64Array(rows));
  const levels = new Int32Array(CATEGORICAL_COLUMNS.length);
  const y = new Uint8Array(rows);
  const truth = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = makeLeadRow(rng, none);
    for (let c = 0; c < numeric.length; c++) (numeric[c] as Float64Array)[r] = row.numeric[c] as number;
    for (let c = 0; c < codes.length; c++) {
      const code = row.codes[c] as number;
      (codes[c] as Float64Array)[r] = code < 0 ? Number.NaN : code;
      if (code + 1 > (levels[c] as number)) levels[c] = code + 1;
    }
    truth[r] = row.probability;
    y[r] = rng.next() < row.probability ? 1 : 0;
  }
  const features: FeatureInfo[] = [
    ...NUMERIC_COLUMNS.map((name): FeatureInfo => ({ name, source: name, type: "numeric" })),
    ...CATEGORICAL_COLUMNS.map((name, c): FeatureInfo => ({ name, source: name, type: "categorical", categories: levels[c] as number })),
  ];
  return { X: { rows, features, columns: [...numeric, ...codes] }, y, truth };
}
