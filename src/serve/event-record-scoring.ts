/**
 * Scores records with a model trained with behavioural events, given the request's events:
 * the events go into an in-memory DuckDB of their own (EventStore.fromRows, appended, never
 * spliced into SQL), the model's stored spec aggregates them per record through the CLI's own
 * path (ScoringEvents.apply: as-of rule, leadBatch, computeEventFeatures, appendColumns), and
 * the table is scored by scoreTable, so each answer equals `score --events` on the same leads
 * and events. Records without events get the aggregates of "no events", as in the CLI.
 *
 * Each record is checked first (record-check.ts, without the event columns, which come from
 * the events); it must hold the model's id column (the join key) and, when the as-of time is
 * a field, a readable date there. A bad record gets `{ id, error }` in its slot.
 */
import type { RawTable } from "../core/frame.js";
import { LeadscoreError } from "../core/errors.js";
import { parseDateTime } from "../data/parse-datetime.js";
import { type EventRow, EventStore, UnreadableEventTimes } from "../events/event-store.js";
import { ScoringEvents } from "../score/event-scoring.js";
import { type ScoredRecord, scoreTable } from "../score/score-table.js";
import { type FieldProblem, fromLeadscoreError, HttpError } from "./http-error.js";
import { type Cell, checkRecord, type RecordPlan } from "./record-check.js";
import { answer, type RecordItem, type RecordResult } from "./record-scoring.js";
import { unreadableTimes } from "./request-events.js";
import type { ServedModel } from "./served-model.js";

/** The request's events, checked (request-events.ts), and its as-of choice. */
export interface RequestEvents {
  readonly rows: readonly EventRow[];
  /** `asOf` as sent: a records' field or a date (checkAsOf); absent: the model's rule. */
  readonly asOf?: string;
}

const SOURCE = "the request's events";

/** A 400 naming `events` when `served` was trained without events. */
export function requireEventSpec(served: ServedModel, field = "events"): void {
  if (served.model.file.events === undefined) {
    throw new HttpError("bad_request", `Model '${served.name}' version ${served.version} was trained without behavioural events, so it cannot use events; leave out events, or use a model trained with train --events.`, [
      { path: field, message: "this model was trained without events" },
    ]);
  }
}

/** Results in the order of `items`. */
export async function scoreItemsWithEvents(served: ServedModel, items: readonly RecordItem[], explain: number, events: RequestEvents, anomaly = false): Promise<RecordResult[]> {
  const file = served.model.file;
  const spec = file.events;
  const idColumn = file.idColumn;
  if (spec === undefined || idColumn === null) {
    requireEventSpec(served);
    throw new HttpError("bad_request", `Model '${served.name}' has events but no id column to join them on.`, [{ path: "events", message: "the model has no id column" }]);
  }
  const eventColumns = new Set(spec.columns.map((c) => c.name));
  const plan: RecordPlan = { ...served.plan, columns: served.plan.columns.filter((c) => !eventColumns.has(c.name)) };
  const asOfColumn = asOfField(events.asOf, spec.asOf, items);
  const results: RecordResult[] = new Array(items.length);
  const good: { index: number; id: string; asOf: string | null; cells: Record<string, Cell> }[] = [];
  items.forEach((item, i) => {
    const path = `records.${item.index}`;
    const check = checkRecord(plan, item.record, path);
    const fields: FieldProblem[] = check.ok ? [] : [...check.fields];
    const id = joinKey(item.record[idColumn]);
    if (id === null) fields.push({ path: `${path}.${idColumn}`, message: "missing; the events are joined to the record on this field (the lead's id)" });
    let asOf: string | null = null;
    if (asOfColumn !== null) {
      const value = item.record[asOfColumn];
      if (typeof value === "string" && !Number.isNaN(parseDateTime(value.trim()))) asOf = value;
      else fields.push({ path: `${path}.${asOfColumn}`, message: "expected the lead's as-of time, a date such as 2024-06-30 or 2024-06-30T14:05:00Z; only events before it count" });
    }
    for (const name of Object.keys(item.record)) {
      if (eventColumns.has(name)) fields.push({ path: `${path}.${name}`, message: "computed from the events; leave it out when sending events" });
    }
    if (fields.length > 0 || !check.ok) {
      const count = fields.length;
      results[i] = { id: item.id, error: { message: `Record ${item.index} cannot be scored: ${count === 1 ? "1 field is" : `${count} fields are`} wrong.`, fields } };
      return;
    }
    good.push({ index: i, id: id as string, asOf, cells: check.cells });
  });
  if (good.length === 0) return results;

  const header = [...new Set([idColumn, ...(asOfColumn !== null ? [asOfColumn] : []), ...plan.columns.map((c) => c.name)])];
  const cells = header.map((name) =>
    good.map((g) => {
      if (name === idColumn) return g.id;
      if (name === asOfColumn) return g.asOf;
      return textOf(g.cells[name]);
    }),
  );
  const table: RawTable = { source: "the request's records", header, rows: good.length, cells, lines: Int32Array.from(good, (_, r) => r + 1) };
  const withEvents = await aggregate(served, table, events);
  const model = anomaly ? served.model : served.lean;
  const options = { explain, adverseAction: false };
  let scored: ScoredRecord[] | null = null;
  try {
    scored = scoreTable(model, withEvents, 1, options);
  } catch (error) {
    if (!(error instanceof LeadscoreError)) throw error;
  }
  good.forEach((g, r) => {
    const item = items[g.index] as RecordItem;
    try {
      // Should the whole table be refused, each row alone: only the culprit fails.
      const record = scored === null ? (scoreTable(model, tableRow(withEvents, r), 1, options)[0] as ScoredRecord) : (scored[r] as ScoredRecord);
      results[g.index] = answer(item.id, record);
    } catch (error) {
      if (!(error instanceof LeadscoreError) || error.code === "internal") throw error;
      const path = `records.${item.index}${error.where.column !== undefined ? `.${error.where.column}` : ""}`;
      results[g.index] = { id: item.id, error: { message: `Record ${item.index} cannot be scored.`, fields: [{ path, message: "the model cannot read this value" }] } };
    }
  });
  return results;
}

/** The records' table with the model's event columns appended, through the CLI's code. */
async function aggregate(served: ServedModel, table: RawTable, events: RequestEvents): Promise<RawTable> {
  let store: EventStore;
  try {
    store = await EventStore.fromRows(events.rows, SOURCE);
  } catch (error) {
    if (error instanceof UnreadableEventTimes) throw unreadableTimes(error);
    if (error instanceof LeadscoreError) throw fromLeadscoreError(error, "events");
    throw error;
  }
  const scoring = ScoringEvents.over(served.model.file, store, events.asOf);
  try {
    return await scoring.apply(table);
  } catch (error) {
    if (error instanceof LeadscoreError) throw fromLeadscoreError(error, "events");
    throw error;
  } finally {
    scoring.close();
  }
}

/** The records' field holding each lead's as-of time, or null (a fixed date, or the latest event + 1 s). */
function asOfField(asOf: string | undefined, trained: NonNullable<ServedModel["model"]["file"]["events"]>["asOf"], items: readonly RecordItem[]): string | null {
  if (asOf !== undefined) return items.some((item) => Object.hasOwn(item.record, asOf)) ? asOf : null;
  return trained.rule === "column" ? trained.column : null;
}

/** The join key as the CLI reads it from a file's cell: text, trimmed later by the aggregation. */
function joinKey(value: unknown): string | null {
  if (typeof value === "string") return /\S/.test(value) ? value : null;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** A checked cell as the text a file would have held (what scoreRecords does too). */
function textOf(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "string") return cell.trim() === "" ? null : cell;
  return String(cell);
}

function tableRow(table: RawTable, r: number): RawTable {
  return { ...table, rows: 1, cells: table.cells.map((column) => [column[r] ?? null]), lines: Int32Array.of(table.lines[r] as number) };
}
