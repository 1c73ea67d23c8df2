/**
 * Scores a group of JSON records with one served model: each record is checked on its own
 * (record-check.ts), the good ones are scored together by the library (`scoreRecords`, through
 * the ScoreBatcher for small requests), and a bad one gets `{ id, error }` in its slot. Should
 * scoring still refuse the group, each record is retried alone so only the culprit fails.
 */
import { LeadscoreError } from "../core/errors.js";
import { scoreRecords } from "../score/score-records.js";
import type { ScoredRecord } from "../score/score-table.js";
import type { FieldProblem } from "./http-error.js";
import { type Cell, checkRecord } from "./record-check.js";
import type { ScoreBatcher } from "./score-batcher.js";
import type { ServedModel } from "./served-model.js";

export interface AnsweredReason {
  readonly column: string;
  readonly text: string;
  /** Signed effect in score points. */
  readonly effect: number;
}

export interface ScoredResult {
  readonly id: string;
  readonly probability: number;
  readonly score: number;
  readonly grade: string;
  readonly confidence: { readonly low: number; readonly high: number };
  readonly anomaly?: boolean;
  readonly reasons: readonly AnsweredReason[];
  /** Models trained with behavioural events: the fit and engagement sub-scores (0-100, sub-scores.ts) and their reasons, in points against each sub-score. */
  readonly fitScore?: number;
  readonly engagementScore?: number;
  readonly fitReasons?: readonly AnsweredReason[];
  readonly engagementReasons?: readonly AnsweredReason[];
}

export interface FailedResult {
  readonly id: string;
  readonly error: { readonly message: string; readonly fields: readonly FieldProblem[] };
}

export type RecordResult = ScoredResult | FailedResult;

/** One record to score: where it sits in the request, its id and its body. */
export interface RecordItem {
  readonly index: number;
  readonly id: string;
  readonly record: Readonly<Record<string, unknown>>;
}

export function isFailed(result: RecordResult): result is FailedResult {
  return "error" in result;
}

/**
 * Results in the order of `items`; the good records go through `batcher` when given (else one
 * direct call). `anomaly` adds the anomaly flag (the model's detector runs only then).
 */
export async function scoreItems(served: ServedModel, items: readonly RecordItem[], explain: number, batcher?: ScoreBatcher, anomaly = false): Promise<RecordResult[]> {
  const model = anomaly ? served.model : served.lean;
  const results: RecordResult[] = new Array(items.length);
  const good: number[] = [];
  const cells: Record<string, Cell>[] = [];
  items.forEach((item, i) => {
    const check = checkRecord(served.plan, item.record, `records.${item.index}`);
    if (check.ok) {
      good.push(i);
      cells.push(check.cells);
    } else {
      const count = check.fields.length;
      results[i] = { id: item.id, error: { message: `Record ${item.index} cannot be scored: ${count === 1 ? "1 field is" : `${count} fields are`} wrong.`, fields: check.fields } };
    }
  });
  if (good.length === 0) return results;
  const options = { explain, adverseAction: false };
  let scored: ScoredRecord[] | null = null;
  try {
    scored = batcher === undefined ? scoreRecords(model, cells, options) : await batcher.score(model, cells, explain);
  } catch (error) {
    if (!(error instanceof LeadscoreError)) throw error;
  }
  good.forEach((i, g) => {
    const item = items[i] as RecordItem;
    try {
      const record = scored === null ? (scoreRecords(model, [cells[g] as Record<string, Cell>], options)[0] as ScoredRecord) : (scored[g] as ScoredRecord);
      results[i] = answer(item.id, record);
    } catch (error) {
      if (!(error instanceof LeadscoreError) || error.code === "internal") throw error;
      const path = `records.${item.index}${error.where.column !== undefined ? `.${error.where.column}` : ""}`;
      results[i] = { id: item.id, error: { message: `Record ${item.index} cannot be scored.`, fields: [{ path, message: "the model cannot read this value" }] } };
    }
  });
  return results;
}

/** The answer for one scored record (rounded as the service answers). */
export function answer(id: string, record: ScoredRecord): ScoredResult {
  const sub = record.subScores;
  return {
    id,
    probability: round(record.probability, 6),
    score: record.score,
    grade: record.grade,
    confidence: { low: round(record.low, 6), high: round(record.high, 6) },
    ...(record.anomaly !== undefined ? { anomaly: record.anomaly } : {}),
    reasons: record.reasons.map(answeredReason),
    ...(sub
      ? { fitScore: sub.fit.score, engagementScore: sub.engagement.score, fitReasons: sub.fit.reasons.map(answeredReason), engagementReasons: sub.engagement.reasons.map(answeredReason) }
      : {}),
  };
}

function answeredReason(reason: ScoredRecord["reasons"][number]): AnsweredReason {
  return { column: reason.column, text: reason.text, effect: round(reason.points, 2) };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
