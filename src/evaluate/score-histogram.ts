/**
 * How the probabilities of positive and negative rows are spread: counts per equal-width
 * bin over [0, 1], the data of the report's score distribution chart.
 */
import { LeadscoreError } from "../core/errors.js";
import { checkScored } from "./auc.js";

export interface ScoreHistogram {
  /** bins + 1 edges from 0 to 1; bin k holds [edges[k], edges[k+1]), the last one closed at 1. */
  readonly edges: readonly number[];
  readonly positives: readonly number[];
  readonly negatives: readonly number[];
}

export const SCORE_HISTOGRAM_BINS = 50;

export function scoreHistogram(proba: Float64Array, y: Uint8Array, bins = SCORE_HISTOGRAM_BINS): ScoreHistogram {
  checkScored(proba, y);
  if (!Number.isInteger(bins) || bins < 1) {
    throw new LeadscoreError("usage", `A score histogram needs a whole number of bins of at least 1, got ${bins}.`);
  }
  const positives = new Array<number>(bins).fill(0);
  const negatives = new Array<number>(bins).fill(0);
  for (let i = 0; i < proba.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((proba[i] as number) * bins)));
    if (y[i] === 1) positives[b] = (positives[b] as number) + 1;
    else negatives[b] = (negatives[b] as number) + 1;
  }
  // Rounded so that 0.3 prints as 0.3, not 0.30000000000000004.
  const edges = Array.from({ length: bins + 1 }, (_, k) => Number((k / bins).toFixed(10)));
  return { edges, positives, negatives };
}
