/**
 * Refuses to train when there are too few rows of an outcome to learn from, and warns
 * when the estimates will be noisy. With m positives, the standard error of a CV AUC is
 * roughly 0.5/sqrt(m) at worst, so 20 gives ±0.11 and 200 gives ±0.035.
 */
import { LeadscoreError } from "../core/errors.js";
import type { QualityIssue } from "../data/quality.js";

export const MIN_OUTCOME_ROWS = 20;
export const NOISY_OUTCOME_ROWS = 200;

export function checkEnoughOutcomes(source: string, target: string, labels: Uint8Array, quality: QualityIssue[]): void {
  let positives = 0;
  for (const v of labels) positives += v;
  const negatives = labels.length - positives;
  const fewest = Math.min(positives, negatives);
  const which = positives <= negatives ? "positive" : "negative";
  if (fewest < MIN_OUTCOME_ROWS) {
    throw new LeadscoreError(
      "data",
      `${source}: only ${fewest} rows of '${target}' are ${which}; at least ${MIN_OUTCOME_ROWS} are needed to learn and validate a model (${NOISY_OUTCOME_ROWS} or more for stable figures).`,
      { file: source, column: target },
    );
  }
  if (fewest < NOISY_OUTCOME_ROWS && !quality.some((q) => q.problem === "few-positives")) {
    const se = 0.5 / Math.sqrt(fewest);
    quality.push({
      column: target,
      problem: "few-positives",
      severity: "warning",
      detail: `only ${fewest} rows are ${which}: cross-validated figures will be noisy (AUC about ±${se.toFixed(2)}); ${NOISY_OUTCOME_ROWS} or more give stable figures.`,
    });
  }
}
