/**
 * Reasons for a scorecard's score: the characteristics where the applicant lost the most
 * points against that characteristic's best bin — the points-below-maximum method of
 * adverse-action reason codes — each with its effect as the (negative) whole number of
 * points lost, since a scorecard's score is its points.
 */
import { type Reason, type ReasonContext, type RowEffects, adverseReasons } from "../explain/reasons.js";

/** `factor` converts log-odds into points (pdo / ln 2); the scorecard's contributions are (best − points) / factor. */
export function scorecardReasons(context: ReasonContext, row: RowEffects, k: number, factor: number): Reason[] {
  return adverseReasons(context, row, k, "average").map((reason) => ({ ...reason, points: Math.round(reason.logOdds * factor) }));
}
