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
}

export const ADVERSE_ACTION_REASONS = 4;

export function outputHeader(model: LoadedModel, hasIdColumn: boolean, options: ScoreOptions): string[] {
  const header = [hasIdColumn && model.file.idColumn !== null ? model.file.idColumn : "row", "probability", "score", "grade", "confidence_low", "confidence_high"];
  if (model.anomaly) header.push("anomaly");
  for (let k = 1; k <= reasonCount(options); k++) header.push(`reason_${k}`, `reason_${k}_effect`);
  return header;
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
  const explained = k > 0 ? explainFrame(model, frame) : undefined;
  const context: ReasonContext | undefined = explained && {
    columns: explained.columns,
    frameColumns: new Map<string, Column>(frame.columns.map((c) => [c.name, c])),
    profiles: new Map(model.file.profiles.map((p) => [p.column, p])),
    templates: options.templates ?? model.file.reasons,
  };
  const best = options.adverseAction && options.reference === "best" ? bestEffects(model, explained?.columns ?? []) : undefined;
  const card = asScorecard(model.scorer);
  const records: ScoredRecord[] = [];
  for (let r = 0; r < frame.rows; r++) {
    let reasons: Reason[] = [];
    if (explained && context) {
      const width = explained.columns.length;
      const row = { row: r, effects: explained.values.subarray(r * width, (r + 1) * width), base: explained.base, logOdds: scored.logOdds[r] as number };
      // A scorecard's reasons are always points lost against each characteristic's best bin.
      if (card) reasons = scorecardReasons(context, row, k, card.scaling.factor);
      else reasons = options.adverseAction ? adverseReasons(context, row, k, options.reference ?? "average", best) : topReasons(context, row, k);
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
