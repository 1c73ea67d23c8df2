/**
 * What each grade means on the evaluation rows: how many rows earned it and how many of
 * them were positive, so "grade A" reads as "the top quarter, 38 % of whom converted".
 */
import { type GradeScale, gradeOf } from "./grades.js";

export interface GradeSummaryRow {
  readonly grade: string;
  /** The least probability that earns this grade (0 for the last grade). */
  readonly minProbability: number;
  readonly rows: number;
  readonly positives: number;
  /** positives / rows; NaN for a grade no row earned. */
  readonly rate: number;
}

export function gradeSummary(scale: GradeScale, proba: Float64Array, y: Uint8Array): GradeSummaryRow[] {
  const rows = new Map<string, number>();
  const positives = new Map<string, number>();
  for (let i = 0; i < proba.length; i++) {
    const grade = gradeOf(scale, proba[i] as number);
    rows.set(grade, (rows.get(grade) ?? 0) + 1);
    if (y[i] === 1) positives.set(grade, (positives.get(grade) ?? 0) + 1);
  }
  return scale.labels.map((grade, i) => {
    const n = rows.get(grade) ?? 0;
    const p = positives.get(grade) ?? 0;
    return { grade, minProbability: (scale.minProbability[i] as number | undefined) ?? 0, rows: n, positives: p, rate: n > 0 ? p / n : Number.NaN };
  });
}
