/**
 * Fit and engagement sub-scores (models trained with behavioural events).
 *
 * A row's calibrated log-odds is base + Σ effects (explainFrame). The effects of the event
 * columns are its engagement; those of every other input column (the lead table) its fit:
 *
 *   fit log-odds        = base + Σ fit effects
 *   engagement log-odds = base + Σ engagement effects
 *   fit_score           = round(100 · σ(fit log-odds)), engagement_score likewise
 *
 * so each sub-score is the score the lead would get if the other half were average (zero
 * effect), and fit log-odds + engagement log-odds − base = the combined log-odds exactly.
 * Each half's reasons are its own columns' effects, in points against its own sub-score (one
 * fact stated by several event columns is one reason: merged-reasons.ts).
 */
import { sigmoid } from "../core/scorer.js";
import type { Reason, ReasonContext } from "../explain/reasons.js";
import { mergedTopReasons } from "./merged-reasons.js";

export interface SubScore {
  /** 0-100. */
  readonly score: number;
  /** Calibrated log-odds: base + the half's effects. */
  readonly logOdds: number;
  readonly reasons: readonly Reason[];
}

export interface SubScores {
  readonly fit: SubScore;
  readonly engagement: SubScore;
  /** Reason cells each half fills in scored output (a half may have fewer reasons). */
  readonly reasonSlots: number;
}

/** Reasons per sub-score when `--explain` does not say. */
export const DEFAULT_SUB_REASONS = 3;

/** 1 for each explained column that is an event column (engagement), 0 for the others (fit). */
export function engagementMask(columns: readonly string[], eventColumns: ReadonlySet<string>): Uint8Array {
  return Uint8Array.from(columns, (c) => (eventColumns.has(c) ? 1 : 0));
}

/** The two halves' log-odds of one row. */
export function splitLogOdds(effects: Float64Array, base: number, mask: Uint8Array): { fit: number; engagement: number } {
  let fit = base;
  let engagement = base;
  for (let i = 0; i < effects.length; i++) {
    if (mask[i] === 1) engagement += effects[i] as number;
    else fit += effects[i] as number;
  }
  return { fit, engagement };
}

export function subScoreOf(logOdds: number): number {
  return Math.round(100 * sigmoid(logOdds));
}

/** Both sub-scores of one row, with up to `k` reasons each (k = 0: none). */
export function subScores(context: ReasonContext | undefined, row: number, effects: Float64Array, base: number, mask: Uint8Array, k: number): SubScores {
  const split = splitLogOdds(effects, base, mask);
  const half = (keep: 0 | 1, logOdds: number): SubScore => {
    let reasons: Reason[] = [];
    if (context && k > 0) {
      const own = Float64Array.from(effects, (e, i) => (mask[i] === keep ? e : 0));
      reasons = mergedTopReasons(context, { row, effects: own, base, logOdds }, k);
    }
    return { score: subScoreOf(logOdds), logOdds, reasons };
  };
  return { fit: half(0, split.fit), engagement: half(1, split.engagement), reasonSlots: k };
}
