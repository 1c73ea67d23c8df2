/**
 * What the registry routes tell about a model version, read from its model.json: kind,
 * target, training size, metrics, threshold, grades and the ten most important inputs.
 * Read with a plain JSON.parse (no scorer rebuilt), so listing many versions stays cheap.
 */
import type { ModelFile } from "../train/model-file.js";

export interface ModelSummary {
  readonly kind: string;
  readonly target: string;
  readonly positive: string;
  readonly idColumn: string | null;
  readonly rows: number;
  readonly positives: number;
  readonly libraryVersion: string;
  readonly cvAuc: number | null;
  readonly metrics: ModelFile["metrics"];
  readonly threshold: ModelFile["threshold"];
  readonly grades: { readonly labels: readonly string[]; readonly minProbability: readonly number[] };
  readonly inputs: readonly { readonly name: string; readonly kind: string }[];
  /** Mean |contribution| on training rows (log-odds), largest first, at most 10. */
  readonly importance: readonly { readonly column: string; readonly value: number }[];
}

export function summariseModel(file: ModelFile): ModelSummary {
  const cvAuc = file.metrics.cv?.auc?.mean;
  return {
    kind: file.scorer.kind,
    target: file.target.column,
    positive: file.target.positive,
    idColumn: file.idColumn,
    rows: file.training.rows,
    positives: file.training.positives,
    libraryVersion: file.library.version,
    cvAuc: typeof cvAuc === "number" ? cvAuc : null,
    metrics: file.metrics,
    threshold: file.threshold,
    grades: { labels: file.grades.labels, minProbability: file.grades.minProbability },
    inputs: file.schema.map((c) => ({ name: c.name, kind: c.kind })),
    importance: [...file.explanation.columns]
      .sort((a, b) => b.meanAbsLogOdds - a.meanAbsLogOdds || (a.column < b.column ? -1 : 1))
      .slice(0, 10)
      .map((c) => ({ column: c.column, value: c.meanAbsLogOdds })),
  };
}
