/**
 * How one input column becomes model features. Fitted on training rows only (no
 * leakage across folds) and stored in model.json as plain data.
 */

export interface NumericEncoding {
  readonly column: string;
  readonly kind: "numeric";
  /** For dates: values become days before this reference time (ms since epoch); absent for plain numbers. */
  readonly referenceTime?: number;
  /** Imputation value (training median) used by linear models. */
  readonly median: number;
  readonly mean: number;
  readonly std: number;
  /** Whether training rows had missing values (adds a missing indicator for linear models). */
  readonly hasMissing: boolean;
}

export interface CategoricalEncoding {
  readonly column: string;
  readonly kind: "categorical";
  /** The levels kept as their own feature/code, most frequent first (ties by name). */
  readonly kept: readonly string[];
  /** Whether rare levels were pooled into "(other)"; unseen levels at scoring time go there too. */
  readonly hasOther: boolean;
  readonly hasMissing: boolean;
}

export type ColumnEncoding = NumericEncoding | CategoricalEncoding;

/** Which encoding a model family wants: native codes for trees, one-hot and standardised for linear models. */
export type EncodingStyle = "tree" | "linear";

export const OTHER_LEVEL = "(other)";
