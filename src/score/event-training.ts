/**
 * Training with behavioural events (`train --events`, or the library's `train()` with
 * `events`): the events are aggregated into lead columns before kind inference, so cross-
 * validation, calibration, explanations, reports and drift treat them like any column; the
 * spec goes into model.json and a section into report.json.
 *
 * It sits beside scoring because that section scores the training rows into fit and
 * engagement sub-scores with the final model (the way training-fairness.ts audits them).
 */
import { LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { inferSchema } from "../data/infer-kinds.js";
import { rankAuc } from "../data/single-column-auc.js";
import { toFrame } from "../data/to-frame.js";
import { appendColumns } from "../events/append-columns.js";
import { describeAsOf, parseAsOf } from "../events/as-of.js";
import { DEFAULT_HALF_LIFE_DAYS } from "../events/event-options.js";
import type { EventSpec } from "../events/event-spec.js";
import { EventStore } from "../events/event-store.js";
import { learnEvents } from "../events/lead-events.js";
import type { EventsReport, SubScoreSummary } from "../report/report-types.js";
import { withEventTemplates } from "../train/event-reason-templates.js";
import type { TrainOptions } from "../train/options.js";
import { DEFAULT_TEMPLATES } from "../train/reason-templates.js";
import type { TrainResult } from "../train/train.js";
import { modelFromFile } from "./loaded-model.js";
import { explainFrame } from "./score-frame.js";
import { engagementMask, splitLogOdds, subScoreOf } from "./sub-scores.js";
import { takeTableRows } from "../data/take-table-rows.js";

export const SUB_SCORE_DEFINITION =
  "fit_score = round(100·σ(base + Σ effects of the lead-table columns)); engagement_score = round(100·σ(base + Σ effects of the event columns)); " +
  "effects are calibrated log-odds contributions and base the model's average, so fit log-odds + engagement log-odds − base = the combined log-odds.";

/** Rows the report's sub-score summary looks at, at most (every k-th row beyond). */
const SUMMARY_ROWS = 50_000;

export interface EventTraining {
  /** The lead table with the event columns appended. */
  readonly table: RawTable;
  /** The options to train on it with: no `events`, the id column named, event columns numeric, the as-of column excluded, event reason wording added. */
  readonly options: TrainOptions;
  /** The training result with `events` in model.json and in report.json. */
  finish(result: TrainResult): TrainResult;
}

export async function prepareEventTraining(table: RawTable, options: TrainOptions): Promise<EventTraining> {
  const events = options.events;
  if (!events) throw new LeadscoreError("internal", "prepareEventTraining needs options.events.");
  const halfLifeDays = events.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
  if (!Number.isFinite(halfLifeDays) || halfLifeDays <= 0) {
    throw new LeadscoreError("usage", `--half-life expects a positive number of days, got ${halfLifeDays}.`, { field: "half-life" });
  }
  const idColumn = options.id ?? inferredId(table, options.target);
  if (!table.header.includes(idColumn)) {
    throw new LeadscoreError("usage", `${table.source} has no column '${idColumn}' (--id) to join the events' lead_id on.`, { file: table.source, column: idColumn });
  }
  const asOf = parseAsOf(events.asOf, table);
  if (asOf.rule === "column" && (asOf.column === options.target || asOf.column === idColumn)) {
    throw new LeadscoreError("usage", `--as-of '${asOf.column}' is the ${asOf.column === idColumn ? "id" : "target"} column; name a date-time column or give a date.`, { field: "as-of" });
  }
  const store = await EventStore.open(events.file);
  let learned: Awaited<ReturnType<typeof learnEvents>>;
  try {
    learned = await learnEvents(store, table, idColumn, asOf, halfLifeDays);
  } finally {
    store.close();
  }
  const { spec, features } = learned;
  const withEvents = appendColumns(table, features.columns);
  const kinds = { ...(options.kinds ?? {}) };
  for (const column of features.columns) kinds[column.name] = "numeric";
  // The snapshot time says when the lead was scored, not who the lead is.
  const exclude = [...(options.exclude ?? [])];
  if (asOf.rule === "column" && !exclude.includes(asOf.column)) exclude.push(asOf.column);
  const { events: _read, ...rest } = options;
  const trainOptions: TrainOptions = { ...rest, id: idColumn, kinds, exclude, reasons: withEventTemplates(options.reasons ?? DEFAULT_TEMPLATES, spec) };
  const summary = {
    file: store.summary.source,
    asOf: describeAsOf(asOf, asOf.rule === "latest-event" ? store.summary.lastMs + 1000 : undefined),
    halfLifeDays,
    windowsDays: spec.windowsDays,
    sessionGapMinutes: spec.sessionGapMinutes,
    eventsInFile: store.summary.events,
    eventsUsed: features.eventsUsed,
    leadsWithEvents: features.leadsWithEvents,
    types: learned.types,
    intents: spec.intents,
    columns: spec.columns.map((c) => c.name),
  };
  return {
    table: withEvents,
    options: trainOptions,
    finish: (result) => {
      const model = { ...result.model, events: spec };
      const report: EventsReport = { ...summary, subScoreDefinition: SUB_SCORE_DEFINITION, ...subScoreSummaries(result, model, withEvents, spec) };
      return { ...result, model, report: { ...result.report, events: report } };
    },
  };
}

function inferredId(table: RawTable, target: string): string {
  const candidates = table.header.map((name, c) => ({ name, c })).filter((x) => x.name !== target);
  const sub: RawTable = { ...table, header: candidates.map((x) => x.name), cells: candidates.map((x) => table.cells[x.c] ?? []) };
  const id = inferSchema(sub).find((c) => c.kind === "id");
  if (!id) {
    throw new LeadscoreError("usage", `--events needs the lead id column: name it with --id (the column of ${table.source} that matches the events' lead_id).`, { field: "id" });
  }
  return id.name;
}

/** The final model's fit and engagement sub-scores on (up to SUMMARY_ROWS of) the evaluated training rows. */
function subScoreSummaries(result: TrainResult, model: TrainResult["model"], table: RawTable, spec: EventSpec): { fit: SubScoreSummary; engagement: SubScoreSummary } {
  const eventColumns = new Set(spec.columns.map((c) => c.name));
  let fitShare = 0;
  let engagementShare = 0;
  for (const row of result.report.importance) {
    if (eventColumns.has(row.feature)) engagementShare += row.meanAbsContribution;
    else fitShare += row.meanAbsContribution;
  }
  const total = fitShare + engagementShare || 1;
  const evaluation = result.evaluation;
  const all = evaluation?.rows ?? new Int32Array(0);
  const step = Math.max(1, Math.ceil(all.length / SUMMARY_ROWS));
  const picked = Int32Array.from({ length: Math.ceil(all.length / step) }, (_, i) => i * step);
  const rows = Int32Array.from(picked, (i) => all[i] as number);
  const labels = Uint8Array.from(picked, (i) => evaluation?.labels[i] ?? 0);
  const subset = takeTableRows(table, rows);
  const loaded = modelFromFile(model);
  const explained = explainFrame(loaded, toFrame(subset, model.schema));
  const mask = engagementMask(explained.columns, eventColumns);
  const width = explained.columns.length;
  const fit = new Float64Array(rows.length);
  const engagement = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const split = splitLogOdds(explained.values.subarray(r * width, (r + 1) * width), explained.base, mask);
    fit[r] = split.fit;
    engagement[r] = split.engagement;
  }
  const summarise = (logOdds: Float64Array, share: number, columns: number): SubScoreSummary => {
    let positive = 0;
    let negative = 0;
    let positives = 0;
    for (let r = 0; r < logOdds.length; r++) {
      const score = subScoreOf(logOdds[r] as number);
      if (labels[r] === 1) {
        positive += score;
        positives++;
      } else negative += score;
    }
    const negatives = logOdds.length - positives;
    return {
      columns,
      shareOfContribution: share / total,
      aucOnTrainingRows: positives > 0 && negatives > 0 ? rankAuc(logOdds, labels) : Number.NaN,
      meanScorePositive: positives > 0 ? positive / positives : Number.NaN,
      meanScoreNegative: negatives > 0 ? negative / negatives : Number.NaN,
    };
  };
  const engagementColumns = mask.reduce((a, b) => a + b, 0);
  return { fit: summarise(fit, fitShare, mask.length - engagementColumns), engagement: summarise(engagement, engagementShare, engagementColumns) };
}
