/** One finding of the data-quality checks, as written to report.json `quality`. */
export interface QualityIssue {
  /** The column concerned, or null for the table as a whole (duplicated rows, class counts). */
  readonly column: string | null;
  readonly problem: QualityProblem;
  readonly severity: "info" | "warning" | "error";
  /** A plain-language sentence with the figures. */
  readonly detail: string;
}

export type QualityProblem =
  | "constant"
  | "mostly-missing"
  | "id-like"
  | "duplicated-rows"
  | "few-positives"
  | "target-leakage"
  | "high-cardinality"
  | "missing-target";
