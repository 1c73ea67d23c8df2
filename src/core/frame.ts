/**
 * Column-major tables. A RawTable holds the cells exactly as read (strings, null for
 * missing); a Frame holds typed columns after kinds are inferred or a schema applied.
 */

export type ColumnKind = "numeric" | "categorical" | "boolean" | "datetime" | "text" | "id";

/** Cells as read from a file, column-major; `null` is a missing value. */
export interface RawTable {
  /** The file the rows came from, as the user named it (for error messages). */
  readonly source: string;
  readonly header: readonly string[];
  readonly rows: number;
  /** cells[c][r]: column c, row r. */
  readonly cells: readonly (readonly (string | null)[])[];
  /** The 1-based line (CSV, JSONL) or record number (Parquet) where each row starts. */
  readonly lines: Int32Array;
}

export interface NumericColumn {
  readonly kind: "numeric";
  readonly name: string;
  /** NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly kind: "categorical" | "boolean";
  readonly name: string;
  /** Index into `levels`; -1 marks a missing value, -2 a level unseen at training. */
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

export interface DatetimeColumn {
  readonly kind: "datetime";
  readonly name: string;
  /** Milliseconds since 1970-01-01 UTC; NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface TextColumn {
  readonly kind: "text" | "id";
  readonly name: string;
  readonly values: readonly (string | null)[];
}

export type Column = NumericColumn | CategoricalColumn | DatetimeColumn | TextColumn;

export interface Frame {
  readonly source: string;
  readonly rows: number;
  readonly columns: readonly Column[];
  /** Source line of each row, for error messages. */
  readonly lines: Int32Array;
}

/** The kind of one column as fixed at training time and stored in the model. */
export interface ColumnSchema {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Levels of a categorical or boolean column, in code order. */
  readonly levels?: readonly string[];
}

export const UNSEEN_CODE = -2;
export const MISSING_CODE = -1;

export function findColumn(frame: Frame, name: string): Column | undefined {
  return frame.columns.find((c) => c.name === name);
}
