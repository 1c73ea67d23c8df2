/**
 * The numeric input every model takes: column-major Float64Arrays, one per feature,
 * produced by `features/`. Models never see raw rows or file formats.
 */

export interface FeatureInfo {
  /** A unique feature name, e.g. `age` or `job=admin.` or `balance_missing`. */
  readonly name: string;
  /** The user's input column this feature derives from; explanations are grouped by it. */
  readonly source: string;
  /**
   * `numeric`: any real value, NaN missing. `categorical`: integer codes 0..categories-1
   * held as floats, NaN missing (used by models with native categorical splits).
   */
  readonly type: "numeric" | "categorical";
  /** Number of category codes, for `categorical` features. */
  readonly categories?: number;
  /**
   * Names of category codes 0..levels.length−1, where known (tree-style encoding: the kept
   * levels). A further code, when `categories` exceeds this length, is the pooled "(other)".
   */
  readonly levels?: readonly string[];
}

export interface Matrix {
  readonly rows: number;
  readonly features: readonly FeatureInfo[];
  /** columns[f][r]: feature f of row r. */
  readonly columns: readonly Float64Array[];
}

/** Binary labels: 1 for the positive class, 0 otherwise. */
export type Labels = Uint8Array;

/** The rows `indices` of a matrix, in that order (copies). */
export function takeRows(X: Matrix, indices: ArrayLike<number>): Matrix {
  const n = indices.length;
  const columns = X.columns.map((col) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = col[indices[i] as number] as number;
    return out;
  });
  return { rows: n, features: X.features, columns };
}

export function takeLabels(y: Labels, indices: ArrayLike<number>): Labels {
  const out = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = y[indices[i] as number] as number;
  return out;
}

export function takeWeights(w: Float64Array, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = w[indices[i] as number] as number;
  return out;
}
