/**
 * Scores a RawTable chunk into the output rows of SPEC §4: id, probability, score, grade,
 * interval, and optionally K reasons with their effects in points.
 */
import type { Column, RawTable } from "../core/frame.js";
import { toFrame } from "../data/to-frame.js";
import { type AdverseReference, type Reason, type ReasonContext, adverseReasons, topReasons } from "../explain/reasons.js";
import type { ReasonTemplates } from "../train/reason-templates.js";
import { asScorecard } from "../scorecard/scorecard-scorer.js";
import type { LoadedModel } from "./loaded-model.js";
import { scorecardReasons } from "./scorecard-reasons.js";
import { explainFrame, scoreFrame } from "./score-frame.js";
import { mergedTopReasons } from "./merged-reasons.js";
import { DEFAULT_SUB_REASONS, type SubScores, engagementMask, subScores } from "./sub-scores.js";

export interface ScoreOptions {
  /** Number of reasons per row (0 for none). */
  readonly explain: number;
  /** Keep only reasons that raised the probability of the positive (adverse) class, at most 4, as points lost. */
  readonly adverseAction: boolean;
  /** Adverse action: points lost against the average applicant (default) or the best one seen in training. */
  readonly reference?: AdverseReference;
  /** Wording overriding the model's own (from `score --reasons`). */
  readonly templates?: ReasonTemplates;
}

export interface ScoredRecord {
  readonly id: string;
  readonly probability: number;
  readonly score: number;
  readonly grade: string;
  readonly low: number;
  readonly high: number;
  /** Whether the row is unlike the training data (absent when the model has no detector). */
  readonly anomaly?: boolean;
  readonly reasons: readonly Reason[];
  /** Fit and engagement sub-scores, for models trained with behavioural events (sub-scores.ts). */
  readonly subScores?: SubScores;
}

export const ADVERSE_ACTION_REASONS = 4;

export function outputHeader(model: LoadedModel, hasIdColumn: boolean, options: ScoreOptions): string[] {
  const header = [hasIdColumn && model.file.idColumn !== null ? model.file.idColumn : "row", "probability", "score", "grade", "confidence_low", "confidence_high"];
  if (model.anomaly) header.push("anomaly");
  for (let k = 1; k <= reasonCount(options); k++) header.push(`reason_${k}`, `reason_${k}_effect`);
  if (model.file.events) {
    const k = subReasonCount(options);
    header.push("fit_score", "engagement_score");
    for (let i = 1; i <= k; i++) header.push(`fit_reason_${i}`);
    for (let i = 1; i <= k; i++) header.push(`engagement_reason_${i}`);
  }
  return header;
}

/** Reasons per sub-score: as many as `--explain` asks, else DEFAULT_SUB_REASONS. */
export function subReasonCount(options: ScoreOptions): number {
  return options.explain > 0 ? options.explain : DEFAULT_SUB_REASONS;
}

export function reasonCount(options: ScoreOptions): number {
  return options.adverseAction ? Math.min(ADVERSE_ACTION_REASONS, options.explain > 0 ? options.explain : ADVERSE_ACTION_REASONS) : options.explain;
}

/** Scores one chunk; `firstRow` is the 1-based number of its first row in the whole file. */
export function scoreTable(model: LoadedModel, table: RawTable, firstRow: number, options: ScoreOptions): ScoredRecord[] {
  const frame = toFrame(table, model.file.schema);
  const scored = scoreFrame(model, frame);
  const idIndex = model.file.idColumn === null ? -1 : table.header.indexOf(model.file.idColumn);
  const k = reasonCount(options);
  const events = model.file.events;
  const explained = k > 0 || events ? explainFrame(model, frame) : undefined;
  const context: ReasonContext | undefined = explained && {
    columns: explained.columns,
    frameColumns: new Map<string, Column>(frame.columns.map((c) => [c.name, c])),
    profiles: new Map(model.file.profiles.map((p) => [p.column, p])),
    templates: options.templates ?? model.file.reasons,
    ...(explained.terms ? { terms: explained.terms } : {}),
  };
  const best = options.adverseAction && options.reference === "best" ? bestEffects(model, explained?.columns ?? []) : undefined;
  const card = asScorecard(model.scorer);
  const mask = events && explained ? engagementMask(explained.columns, new Set(events.columns.map((c) => c.name))) : undefined;
  const records: ScoredRecord[] = [];
  for (let r = 0; r < frame.rows; r++) {
    let reasons: Reason[] = [];
    if (explained && context && k > 0) {
      const width = explained.columns.length;
      const row = { row: r, effects: explained.values.subarray(r * width, (r + 1) * width), base: explained.base, logOdds: scored.logOdds[r] as number };
      // A scorecard's reasons are always points lost against each characteristic's best bin.
      if (card) reasons = scorecardReasons(context, row, k, card.scaling.factor);
      else if (options.adverseAction) reasons = adverseReasons(context, row, k, options.reference ?? "average", best);
      // With event columns, one fact stated by several of them is one reason (merged-reasons.ts).
      else reasons = events ? mergedTopReasons(context, row, k) : topReasons(context, row, k);
    }
    const idCell = idIndex >= 0 ? table.cells[idIndex]?.[r] : undefined;
    records.push({
      id: idCell ?? String(firstRow + r),
      probability: scored.probability[r] as number,
      score: scored.score[r] as number,
      grade: scored.grade[r] as string,
      low: scored.low[r] as number,
      high: scored.high[r] as number,
      ...(scored.anomaly ? { anomaly: scored.anomaly[r] === 1 } : {}),
      reasons,
      ...(mask && explained ? { subScores: subScores(context, r, explained.values.subarray(r * mask.length, (r + 1) * mask.length), explained.base, mask, subReasonCount(options)) } : {}),
    });
  }
  return records;
}

export function recordCells(record: ScoredRecord, reasons: number): (string | number | null)[] {
  const cells: (string | number | null)[] = [record.id, round(record.probability), record.score, record.grade, round(record.low), round(record.high)];
  if (record.anomaly !== undefined) cells.push(record.anomaly ? "true" : "false");
  for (let k = 0; k < reasons; k++) {
    const reason = record.reasons[k];
    cells.push(reason ? reason.text : null, reason ? round(reason.points, 2) : null);
  }
  const sub = record.subScores;
  if (sub) {
    const k = sub.reasonSlots;
    cells.push(sub.fit.score, sub.engagement.score);
    for (let i = 0; i < k; i++) cells.push(sub.fit.reasons[i]?.text ?? null);
    for (let i = 0; i < k; i++) cells.push(sub.engagement.reasons[i]?.text ?? null);
  }
  return cells;
}

function round(v: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Each column's most favourable training contribution, in calibrated log-odds (the "best applicant"). */
function bestEffects(model: LoadedModel, columns: readonly string[]): Float64Array {
  const calibration = model.file.calibration;
  const slope = calibration.method === "platt" ? calibration.a : 1;
  const byColumn = new Map(model.file.explanation.columns.map((c) => [c.column, c]));
  return Float64Array.from(columns, (name) => {
    const profile = byColumn.get(name);
    if (!profile) return 0;
    return slope >= 0 ? slope * profile.minLogOdds : slope * profile.maxLogOdds;
  });
}
