/**
 * The SQL that turns events into per-lead columns (event-spec.ts says what each measures).
 *
 * Two steps. `preparedEventsSql` derives, once per spec, a table of the events whose type the
 * spec knows: type code, URL-intent bits, and whether the event starts a session
 * (its lead's previous event is more than the session gap earlier). The previous event is
 * always earlier, so this never looks past an event's own time. `featureQuerySql` joins a
 * batch of leads (`row_id, lead_id, as_of`) to those events, keeps only events strictly
 * before each lead's as-of time, and aggregates one row per lead that has any.
 */
import { DAY_MS } from "./event-options.js";
import type { EventColumn, EventSpec, EventSubject } from "./event-spec.js";
import { sqlString } from "./event-store.js";

/** The derived events table for `spec`, and the key telling whether it is already built. */
export function preparedEventsSql(spec: EventSpec): { table: string; key: string; sql: string } {
  const key = JSON.stringify([spec.types, spec.intents, spec.sessionGapMinutes]);
  const table = "prepared_events";
  const code = spec.types.length === 0 ? "NULL::INTEGER" : `CASE type ${spec.types.map((t, i) => `WHEN ${sqlString(t.type)} THEN ${i}`).join(" ")} END`;
  const intents = spec.intents.length === 0 ? "0" : spec.intents.map((intent, i) => `(CASE WHEN regexp_matches(page, ${sqlString(intent.pattern)}) THEN ${1 << i} ELSE 0 END)`).join(" + ");
  const gapMs = spec.sessionGapMinutes * 60_000;
  const sql = `CREATE OR REPLACE TABLE ${table} AS
    SELECT lead_id, t, code, page, intents,
      coalesce(t - lag(t) OVER (PARTITION BY lead_id ORDER BY t) > ${gapMs}, true) AS starts
    FROM (SELECT lead_id, t, ${code} AS code, page, (${intents})::INTEGER AS intents FROM events)
    WHERE code IS NOT NULL`;
  return { table, key, sql };
}

function condition(spec: EventSpec, subject: EventSubject): string {
  switch (subject.kind) {
    case "any":
      return "true";
    case "type":
      return `code = ${spec.types.findIndex((t) => t.type === subject.type)}`;
    case "intent":
      return `(intents & ${1 << spec.intents.findIndex((i) => i.name === subject.intent)}) <> 0`;
  }
}

function windowCondition(column: EventColumn, age = "age"): string {
  return `${age} <= ${(column.windowDays ?? 0) * DAY_MS}`;
}

/** The main aggregate of one column, or null for the columns computed per day or page. */
function aggregate(spec: EventSpec, column: EventColumn): string | null {
  const where = condition(spec, column.subject);
  switch (column.measure) {
    case "count":
      return `count(*) FILTER (WHERE ${where} AND ${windowCondition(column)})::DOUBLE`;
    case "decay":
      // Rounded: DuckDB adds in parallel, and the order of additions must not show in the bytes.
      return `round(coalesce(sum(weight) FILTER (WHERE ${where}), 0), 6)::DOUBLE`;
    case "recency":
      // −1 for none: a result without nulls is read straight from DuckDB's buffers (duckdb-columns.ts)
      return `coalesce(floor(min(age) FILTER (WHERE ${where}) / ${DAY_MS}), -1)::DOUBLE`;
    case "sessions":
      return `count(*) FILTER (WHERE starts AND ${windowCondition(column)})::DOUBLE`;
    case "active-days":
    case "distinct-pages":
      return null;
  }
}

/** The statements that aggregate a batch of leads: build the work tables, select, drop them. */
export interface FeatureQuery {
  readonly setup: readonly string[];
  readonly select: string;
  readonly cleanup: readonly string[];
}

/**
 * One row per lead row of `leads` with at least one event before its as-of time:
 * `row_id`, `used` (events counted), then the spec's columns in order, never null (recency −1
 * when the lead has no such event). Counts of rows absent from the result are 0, and their
 * recency is missing. The joined events and each partial
 * aggregate are materialised as tables: DuckDB runs them one by one, fast, where one query
 * with common table expressions joined the events again for every part.
 */
export function featureQuerySql(spec: EventSpec, prepared: string, leads: string): FeatureQuery {
  const main: string[] = ["count(*)::DOUBLE AS used"];
  const days: string[] = [];
  const pages: string[] = [];
  const select: string[] = ["m.row_id", "m.used"];
  spec.columns.forEach((column, i) => {
    const alias = `c${i}`;
    const expression = aggregate(spec, column);
    if (expression !== null) {
      main.push(`${expression} AS ${alias}`);
      select.push(`m.${alias}`);
    } else if (column.measure === "active-days") {
      days.push(`count(*) FILTER (WHERE ${windowCondition(column, "latest_age")})::DOUBLE AS ${alias}`);
      select.push(`coalesce(d.${alias}, 0)`);
    } else {
      pages.push(`count(*) FILTER (WHERE ${windowCondition(column, "latest_age")})::DOUBLE AS ${alias}`);
      select.push(`coalesce(p.${alias}, 0)`);
    }
  });
  const setup = [
    // weight: the event's share in the time-decayed sums, 0.5^(age / half-life)
    `CREATE OR REPLACE TABLE ev_joined AS SELECT row_id, age, pow(0.5, age / ${spec.halfLifeDays * DAY_MS}) AS weight, code, intents, page, day, starts
       FROM (SELECT l.row_id, l.as_of - e.t AS age, e.code, e.intents, e.page, floor(e.t / ${DAY_MS}) AS day, e.starts
         FROM ${leads} l JOIN ${prepared} e ON e.lead_id = l.lead_id AND e.t < l.as_of)`,
    `CREATE OR REPLACE TABLE ev_main AS SELECT row_id, ${main.join(", ")} FROM ev_joined GROUP BY row_id`,
  ];
  const cleanup = ["DROP TABLE IF EXISTS ev_joined", "DROP TABLE IF EXISTS ev_main"];
  let from = "ev_main m";
  // A day or page is in a window when its latest visit before the as-of time is.
  if (days.length > 0) {
    setup.push(`CREATE OR REPLACE TABLE ev_days AS SELECT row_id, ${days.join(", ")} FROM (SELECT row_id, day, min(age) AS latest_age FROM ev_joined GROUP BY row_id, day) GROUP BY row_id`);
    cleanup.push("DROP TABLE IF EXISTS ev_days");
    from += " LEFT JOIN ev_days d ON d.row_id = m.row_id";
  }
  if (pages.length > 0) {
    setup.push(
      `CREATE OR REPLACE TABLE ev_pages AS SELECT row_id, ${pages.join(", ")} FROM (SELECT row_id, page, min(age) AS latest_age FROM ev_joined WHERE page IS NOT NULL GROUP BY row_id, page) GROUP BY row_id`,
    );
    cleanup.push("DROP TABLE IF EXISTS ev_pages");
    from += " LEFT JOIN ev_pages p ON p.row_id = m.row_id";
  }
  // The joined events are not needed once the parts are built.
  setup.push("DROP TABLE ev_joined");
  return { setup, select: `SELECT ${select.join(", ")} FROM ${from}`, cleanup };
}

/** Event counts per type among the events the leads would use (training learns its types from these). */
export function usedTypesSql(leads: string): string {
  return `SELECT e.type, count(*)::DOUBLE AS n FROM ${leads} l JOIN events e ON e.lead_id = l.lead_id AND e.t < l.as_of GROUP BY e.type ORDER BY n DESC, e.type`;
}
