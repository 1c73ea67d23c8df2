/**
 * Grades A-D cut at quantiles of the out-of-fold probabilities: by default A is the top
 * quarter of training leads, D the bottom quarter. Thresholds are stored in the model, so a
 * grade means the same thing for every row scored later.
 */

export interface GradeScale {
  /** Grade names from the highest probability to the lowest. */
  readonly labels: readonly string[];
  /** minProbability[i]: the least probability that earns labels[i]; the last grade takes the rest. */
  readonly minProbability: readonly number[];
}

export const DEFAULT_GRADE_LABELS = ["A", "B", "C", "D"] as const;

/**
 * Cuts so that each grade holds its share of training rows, from the top: shares
 * [0.25, 0.25, 0.25, 0.25] (the default) give quartiles. Shares are normalised to sum to 1.
 */
export function fitGrades(
  proba: Float64Array,
  labels: readonly string[] = DEFAULT_GRADE_LABELS,
  shares: readonly number[] = labels.map(() => 1 / labels.length),
): GradeScale {
  const sorted = Float64Array.from(proba).sort();
  const total = shares.reduce((a, b) => a + b, 0);
  const minProbability: number[] = [];
  let above = 0;
  for (let i = 0; i < labels.length - 1; i++) {
    above += (shares[i] ?? 0) / total;
    const at = Math.min(sorted.length - 1, Math.max(0, Math.floor((1 - above) * sorted.length)));
    minProbability.push(sorted.length === 0 ? 1 : (sorted[at] as number));
  }
  return { labels: [...labels], minProbability };
}

export function gradeOf(scale: GradeScale, probability: number): string {
  for (let i = 0; i < scale.minProbability.length; i++) {
    if (probability >= (scale.minProbability[i] as number)) return scale.labels[i] as string;
  }
  return scale.labels[scale.labels.length - 1] as string;
}
