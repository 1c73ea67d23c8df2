/**
 * The behavioural events of a score request (`events: [{ lead_id, timestamp, type, value?,
 * url?, text? }]`, `asOf?`), checked field by field before DuckDB sees them: every offending
 * field is listed (up to MAX_LISTED_FIELDS), never echoing the client's values. Timestamps are
 * read by DuckDB itself, exactly as from an events file: when the events are loaded
 * (EventStore.fromRows, the ones it cannot read listed by `unreadableTimes`), or here when
 * other fields are wrong too, so one answer lists them all.
 */
import { parseDateTime } from "../data/parse-datetime.js";
import { type EventRow, type UnreadableEventTimes, unreadableEventTimes } from "../events/event-store.js";
import { badRequest, type FieldProblem, HttpError } from "./http-error.js";
import { SHOWABLE_NAME } from "./request-validation.js";

/** Events per request at most (about 8 MiB of JSON, the default body limit). */
export const MAX_EVENTS = 100_000;
/** A 400 lists at most this many fields (the message says how many are wrong in all). */
export const MAX_LISTED_FIELDS = 100;

const KNOWN_FIELDS = new Set(["lead_id", "timestamp", "type", "value", "url", "text"]);
const TIME_EXPECTED = "expected an ISO date or date-time such as 2024-06-30T14:05:00Z";
const UNREADABLE_TIME = `not a date or date-time; ${TIME_EXPECTED}`;

/** The events as rows for EventStore.fromRows; throws a 400 listing every offending field. */
export async function checkEvents(events: readonly unknown[]): Promise<EventRow[]> {
  if (events.length > MAX_EVENTS) {
    throw new HttpError("too_large", `Too many events: ${events.length.toLocaleString("en-US")} in one request, at most ${MAX_EVENTS.toLocaleString("en-US")}; send the records in smaller requests, each with its own leads' events.`, [
      { path: "events", message: `at most ${MAX_EVENTS} events per request` },
    ]);
  }
  const rows: EventRow[] = [];
  const fields: FieldProblem[] = [];
  /** Every timestamp given as text: checked by DuckDB below when something else is wrong. */
  const times: { index: number; text: string }[] = [];
  events.forEach((event, i) => {
    const path = `events.${i}`;
    if (typeof event !== "object" || event === null || Array.isArray(event)) {
      fields.push({ path, message: "expected an object { lead_id, timestamp, type, value?, url?, text? }" });
      return;
    }
    const e = event as Record<string, unknown>;
    const before = fields.length;
    const fail = (field: string, message: string) => fields.push({ path: `${path}.${field}`, message });
    for (const key of Object.keys(e)) if (!KNOWN_FIELDS.has(key)) fail(SHOWABLE_NAME.test(key) ? key : "(unknown field)", "unknown field");
    const id = e.lead_id;
    const leadId = typeof id === "string" && /\S/.test(id) ? id : typeof id === "number" && Number.isFinite(id) ? String(id) : null;
    if (leadId === null) fail("lead_id", id === undefined || id === null ? "missing; every event needs its lead's id" : "expected the lead's id, a non-empty string or a number");
    const timestamp = e.timestamp;
    if (typeof timestamp !== "string" || !/\S/.test(timestamp)) fail("timestamp", timestamp === undefined || timestamp === null ? `missing; ${TIME_EXPECTED}` : TIME_EXPECTED);
    else times.push({ index: i, text: timestamp });
    const type = e.type;
    if (typeof type !== "string" || !/\S/.test(type)) fail("type", type === undefined || type === null ? "missing; every event needs a type (e.g. page_view, email_open)" : "expected a non-empty string (e.g. page_view, email_open)");
    const value = e.value;
    if (value !== undefined && value !== null && (typeof value !== "number" || !Number.isFinite(value))) fail("value", "expected a number or null");
    const url = e.url;
    if (url !== undefined && url !== null && typeof url !== "string") fail("url", "expected a string or null");
    if (e.text !== undefined && e.text !== null && typeof e.text !== "string") fail("text", "expected a string or null");
    if (fields.length > before) return;
    rows.push({ leadId: leadId as string, timestamp: timestamp as string, type: type as string, value: (value as number | null | undefined) ?? null, url: (url as string | null | undefined) ?? null });
  });
  if (fields.length > 0) {
    const unreadable = await unreadableEventTimes(times.map((t) => t.text));
    for (const k of unreadable) {
      const index = (times[k] as { index: number }).index;
      fields.push({ path: `events.${index}.timestamp`, message: UNREADABLE_TIME });
    }
    // In request order: by event, then as found.
    const order = (path: string) => Number(path.split(".")[1]);
    throw eventFieldsError(fields.map((f, n) => ({ f, n })).sort((a, b) => order(a.f.path) - order(b.f.path) || a.n - b.n).map((x) => x.f));
  }
  return rows;
}

/** The 400 for timestamps DuckDB could not read (`rows` index the checked rows, which are the request's events). */
export function unreadableTimes(error: UnreadableEventTimes): HttpError {
  return eventFieldsError(error.rows.map((row) => ({ path: `events.${row}.timestamp`, message: UNREADABLE_TIME })));
}

function eventFieldsError(fields: readonly FieldProblem[]): HttpError {
  const listed = fields.slice(0, MAX_LISTED_FIELDS);
  if (fields.length === 1) return badRequest(listed);
  const more = fields.length > listed.length ? ` (the first ${listed.length} are listed)` : "";
  return badRequest(listed, `Invalid events: ${fields.length} fields are wrong${more}.`);
}

/**
 * How the request's as-of time is taken (mirrors `score --as-of`): the records' field of that
 * name when a record has one (a field wins over a date, as a column does in the CLI), else a
 * fixed date; undefined leaves the model's rule (its as-of field, else the latest event + 1 s).
 */
export function checkAsOf(asOf: string | undefined, records: readonly Readonly<Record<string, unknown>>[]): { readonly column: string } | { readonly date: string } | undefined {
  if (asOf === undefined) return undefined;
  if (records.some((record) => Object.hasOwn(record, asOf))) return { column: asOf };
  if (Number.isNaN(parseDateTime(asOf.trim()))) {
    throw badRequest([{ path: "asOf", message: "neither a field of the records nor a date; give an ISO date such as 2024-06-30 or the name of the records' as-of field" }]);
  }
  return { date: asOf };
}
