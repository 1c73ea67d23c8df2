/**
 * The aggregation spec: which event types get columns, the URL intents, windows, half-life,
 * session gap, the as-of rule, and every column it yields, in order. Learned at training and
 * stored in model.json (`events`), so scoring computes exactly the same columns.
 */
import { EVENT_COLUMN_PREFIX, SESSION_GAP_MINUTES, WINDOWS_DAYS } from "./event-options.js";
import { URL_INTENTS, type UrlIntent } from "./url-intents.js";

/** Which events a column looks at: one type, the pages of one URL intent, or every known event. */
export type EventSubject = { readonly kind: "type"; readonly type: string } | { readonly kind: "intent"; readonly intent: string } | { readonly kind: "any" };

/**
 * - `count`: events in the last `windowDays` days (age ≤ window);
 * - `decay`: Σ 0.5^(age / half-life) over all events before the as-of time (rounded to 1e-6);
 * - `recency`: whole days since the latest event (missing when there is none);
 * - `active-days`: distinct UTC calendar days with an event in the window;
 * - `sessions`: events in the window that start a session (the lead's previous event is more
 *   than the session gap earlier, or there is none);
 * - `distinct-pages`: distinct normalised pages visited in the window.
 */
export type EventMeasure = "count" | "decay" | "recency" | "active-days" | "sessions" | "distinct-pages";

export interface EventColumn {
  readonly name: string;
  readonly measure: EventMeasure;
  readonly subject: EventSubject;
  readonly windowDays?: number;
}

/** How each lead's snapshot time is found. */
export type AsOfRule =
  | { readonly rule: "column"; readonly column: string }
  | { readonly rule: "date"; readonly time: string }
  /** The latest event time in the events file + 1 s; `time` is what it was at training. */
  | { readonly rule: "latest-event"; readonly time?: string };

export interface EventType {
  /** The type as it appears in the events (trimmed, lower case). */
  readonly type: string;
  /** Its part of the column names, e.g. `email_open`. */
  readonly key: string;
}

export interface EventSpec {
  readonly version: 1;
  readonly types: readonly EventType[];
  readonly intents: readonly UrlIntent[];
  readonly windowsDays: readonly number[];
  readonly halfLifeDays: number;
  readonly sessionGapMinutes: number;
  readonly asOf: AsOfRule;
  readonly columns: readonly EventColumn[];
}

/** The spec for these event types (most frequent first), with the default windows, intents and session gap. */
export function buildEventSpec(types: readonly string[], halfLifeDays: number, asOf: AsOfRule): EventSpec {
  const windows = [...WINDOWS_DAYS];
  const columns: EventColumn[] = [];
  const taken = new Set<string>();
  const add = (column: EventColumn): void => {
    columns.push(column);
    taken.add(column.name);
  };
  const perSubject = (key: string, subject: EventSubject): EventColumn[] => [
    ...windows.map((w): EventColumn => ({ name: `${EVENT_COLUMN_PREFIX}${key}_${w}d`, measure: "count", subject, windowDays: w })),
    { name: `${EVENT_COLUMN_PREFIX}${key}_decay`, measure: "decay", subject },
    { name: `${EVENT_COLUMN_PREFIX}${key}_days_since`, measure: "recency", subject },
  ];
  // Fixed columns first, so a type can never take their names.
  const fixed: EventColumn[] = [
    ...URL_INTENTS.flatMap((intent) => perSubject(`${intent.name}_visits`, { kind: "intent", intent: intent.name })),
    ...windows.map((w): EventColumn => ({ name: `${EVENT_COLUMN_PREFIX}any_${w}d`, measure: "count", subject: { kind: "any" }, windowDays: w })),
    { name: `${EVENT_COLUMN_PREFIX}any_days_since`, measure: "recency", subject: { kind: "any" } },
    ...windows.map((w): EventColumn => ({ name: `${EVENT_COLUMN_PREFIX}active_days_${w}d`, measure: "active-days", subject: { kind: "any" }, windowDays: w })),
    ...windows.map((w): EventColumn => ({ name: `${EVENT_COLUMN_PREFIX}sessions_${w}d`, measure: "sessions", subject: { kind: "any" }, windowDays: w })),
    ...windows.map((w): EventColumn => ({ name: `${EVENT_COLUMN_PREFIX}distinct_pages_${w}d`, measure: "distinct-pages", subject: { kind: "any" }, windowDays: w })),
  ];
  for (const column of fixed) taken.add(column.name);
  const eventTypes: EventType[] = [];
  for (const type of types) {
    let key = typeKey(type);
    // Two types may read the same once cleaned ("Email Open", "email-open"), or clash with a fixed name.
    for (let n = 2; perSubject(key, { kind: "any" }).some((c) => taken.has(c.name)); n++) key = `${typeKey(type)}_${n}`;
    eventTypes.push({ type, key });
    for (const column of perSubject(key, { kind: "type", type })) add(column);
  }
  for (const column of fixed) columns.push(column);
  return {
    version: 1,
    types: eventTypes,
    intents: URL_INTENTS.map((i) => ({ ...i })),
    windowsDays: windows,
    halfLifeDays,
    sessionGapMinutes: SESSION_GAP_MINUTES,
    asOf,
    columns,
  };
}

/** An event type as part of a column name: lower-case letters, digits and underscores. */
export function typeKey(type: string): string {
  const key = type
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return key === "" ? "type" : key;
}

export function eventColumnNames(spec: EventSpec): string[] {
  return spec.columns.map((c) => c.name);
}
