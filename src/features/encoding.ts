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

/**
 * Free text as hashed TF-IDF term weights (text-hashing.ts), plus a seniority and a function
 * when the column holds job titles (job-title.ts).
 */
export interface TextEncoding {
  readonly column: string;
  readonly kind: "text";
  /** How terms become buckets; a model made with another scheme must be retrained. */
  readonly hashing: typeof TEXT_HASHING;
  /** Number of hashed term buckets (features) for this column. */
  readonly buckets: number;
  /** Smoothed inverse document frequency of each bucket over the training rows. */
  readonly idf: readonly number[];
  /** Whether training rows had missing text (adds a missing indicator). */
  readonly hasMissing: boolean;
  /** For job-title columns: the seniority and function levels seen in training, in the fixed orders of job-title.ts. */
  readonly jobTitle?: { readonly seniority: readonly string[]; readonly function: readonly string[] };
}

export const TEXT_HASHING = "fnv1a32 signed, words+bigrams, v1";

export type ColumnEncoding = NumericEncoding | CategoricalEncoding | TextEncoding;

/** Which encoding a model family wants: native codes for trees, one-hot and standardised for linear models. */
export type EncodingStyle = "tree" | "linear";

export const OTHER_LEVEL = "(other)";
