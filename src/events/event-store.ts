/**
 * An events file loaded into an in-memory DuckDB table, checked, ready for aggregation.
 *
 * DuckDB reads the file itself (read_csv / read_json / read_parquet): the events never pass
 * through JavaScript. The table `events` holds one row per event, in file order:
 * `lead_id` (text, trimmed), `t` (milliseconds since 1970 UTC, DOUBLE), `type` (trimmed,
 * lower case) and `page` (the normalised URL, url-intents.ts). Times without a zone are UTC.
 */
import { existsSync, statSync } from "node:fs";
import { type DuckDBConnection, DuckDBInstance, type DuckDBResult } from "@duckdb/node-api";
import { LeadscoreError, dataError } from "../core/errors.js";
import { tableFormat } from "../data/read-table.js";
import { pageExpression } from "./url-intents.js";

const REQUIRED = ["lead_id", "timestamp", "type"] as const;
const OPTIONAL = ["value", "url", "text"] as const;
const EXPECTED = "lead_id, timestamp, type[, value, url, text]";
const TIME_EXAMPLE = "an ISO date or date-time such as 2024-06-30T14:05:00Z";

export interface EventFileSummary {
  /** The file as the user named it. */
  readonly source: string;
  readonly events: number;
  /** Earliest and latest event times (ms since 1970 UTC); NaN when there are no events. */
  readonly firstMs: number;
  readonly lastMs: number;
}

/** One event handed over by a program (the HTTP service) instead of read from a file. */
export interface EventRow {
  readonly leadId: string;
  /** An ISO date or date-time, read by DuckDB exactly as a CSV file's text. */
  readonly timestamp: string;
  readonly type: string;
  readonly value?: number | null;
  readonly url?: string | null;
}

/** Thrown by `EventStore.fromRows` when DuckDB cannot read some timestamps: every such row, by index. */
export class UnreadableEventTimes extends LeadscoreError {
  constructor(
    source: string,
    readonly rows: readonly number[],
  ) {
    super("data", `${source}: ${rows.length} event time${rows.length === 1 ? " is" : "s are"} not a date or date-time; expected ${TIME_EXAMPLE}.`, { file: source });
    this.name = "UnreadableEventTimes";
  }
}

/**
 * The indices of the texts DuckDB cannot read as event times (the check `fromRows` and an
 * events file get), for listing every bad one in a request that fails other checks too.
 */
export async function unreadableEventTimes(texts: readonly string[]): Promise<number[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run('CREATE TABLE times ("timestamp" VARCHAR)');
    const appender = await connection.createAppender("times");
    try {
      for (const text of texts) {
        appender.appendVarchar(text);
        appender.endRow();
      }
    } finally {
      appender.closeSync();
    }
    const bad = (await connection.runAndReadAll(`SELECT rowid::DOUBLE FROM times WHERE ${timeExpression('"timestamp"', "VARCHAR", "times")} IS NULL ORDER BY rowid`)).getRows();
    return bad.map((r) => r[0] as number);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The staging table `fromRows` fills: an events file's columns, as text where a CSV file's are. */
const ROWS_TABLE = "given_events";

export class EventStore {
  private readonly prepared = new Set<string>();
  private released = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly summary: EventFileSummary,
  ) {}

  /** Loads and checks `file`; a LeadscoreError names the file, line and column of the first problem. */
  static async open(file: string): Promise<EventStore> {
    if (!existsSync(file)) throw new LeadscoreError("file", `Cannot read events file '${file}': no such file.`, { file });
    if (statSync(file).isDirectory()) throw new LeadscoreError("file", `Cannot read events file '${file}': it is a folder.`, { file });
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      await connection.run("SET preserve_insertion_order = true");
      const summary = await loadEvents(connection, file);
      return new EventStore(instance, connection, summary);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
  }

  /**
   * Loads events given as rows (appended, never spliced into SQL text) through the same
   * checks and normalisation as a CSV file; `source` names them in messages. Lead ids and
   * types must be non-blank (the caller checks); timestamps DuckDB cannot read are all
   * reported at once (UnreadableEventTimes).
   */
  static async fromRows(rows: readonly EventRow[], source: string): Promise<EventStore> {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      await connection.run("SET preserve_insertion_order = true");
      await connection.run(`CREATE TABLE ${ROWS_TABLE} (lead_id VARCHAR, "timestamp" VARCHAR, type VARCHAR, value DOUBLE, url VARCHAR)`);
      const appender = await connection.createAppender(ROWS_TABLE);
      try {
        for (const row of rows) {
          appender.appendVarchar(row.leadId);
          appender.appendVarchar(row.timestamp);
          appender.appendVarchar(row.type);
          if (row.value === undefined || row.value === null) appender.appendNull();
          else appender.appendDouble(row.value);
          if (row.url === undefined || row.url === null) appender.appendNull();
          else appender.appendVarchar(row.url);
          appender.endRow();
        }
      } finally {
        appender.closeSync();
      }
      const bad = (await connection.runAndReadAll(`SELECT rowid::DOUBLE FROM ${ROWS_TABLE} WHERE ${timeExpression('"timestamp"', "VARCHAR", source)} IS NULL ORDER BY rowid`)).getRows();
      if (bad.length > 0) throw new UnreadableEventTimes(source, bad.map((r) => r[0] as number));
      const summary = await loadEvents(connection, source, { sql: ROWS_TABLE, firstLine: 1 });
      await connection.run(`DROP TABLE ${ROWS_TABLE}`);
      return new EventStore(instance, connection, summary);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
  }

  /** Runs a statement that returns nothing useful. */
  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** Runs `sql` once per store for each `key` (e.g. a derived table for one spec). */
  async once(key: string, sql: string): Promise<void> {
    if (this.prepared.has(key)) return;
    if (this.released) throw new LeadscoreError("internal", "The events table was released; open the events file again for another spec.");
    await this.connection.run(sql);
    this.prepared.add(key);
  }

  /** Drops the `events` table once a derived table holds what is needed (halves the memory at scale). */
  async release(): Promise<void> {
    if (this.released) return;
    await this.connection.run("DROP TABLE events");
    this.released = true;
  }

  /** Streams a query's result, to be read chunk by chunk. */
  stream(sql: string): Promise<DuckDBResult> {
    return this.connection.stream(sql);
  }

  /** Small query results as plain rows (counts come back as bigint). */
  async rows(sql: string): Promise<unknown[][]> {
    return (await this.connection.runAndReadAll(sql)).getRows() as unknown[][];
  }

  /** Writes rows into `table` through DuckDB's appender. */
  async append(table: string, write: (appender: Awaited<ReturnType<DuckDBConnection["createAppender"]>>) => void): Promise<void> {
    const appender = await this.connection.createAppender(table);
    try {
      write(appender);
    } finally {
      appender.closeSync();
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function readerOf(file: string): { sql: string; firstLine: number } {
  switch (tableFormat(file)) {
    case "csv":
      // Every column as text: the checks below say which value is wrong, and ids keep leading zeros.
      return { sql: `read_csv(${sqlString(file)}, header = true, all_varchar = true)`, firstLine: 2 };
    case "jsonl":
      return { sql: `read_json(${sqlString(file)}, format = 'newline_delimited')`, firstLine: 1 };
    case "parquet":
      return { sql: `read_parquet(${sqlString(file)})`, firstLine: 1 };
  }
}

async function loadEvents(connection: DuckDBConnection, file: string, reader = readerOf(file)): Promise<EventFileSummary> {
  const fail = (error: unknown): never => {
    if (error instanceof LeadscoreError) throw error;
    const reason = String((error as Error).message ?? error).split("\n")[0];
    throw new LeadscoreError("data", `${file}: cannot read the events (${reason}).`, { file });
  };
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader.sql}`).catch(fail);
  const columns = new Map<string, { name: string; type: string }>();
  for (const [name, type] of described.getRows() as [string, string][]) columns.set(name.trim().toLowerCase(), { name, type });
  const found = [...columns.values()].map((c) => c.name);
  for (const required of REQUIRED) {
    if (!columns.has(required)) {
      throw new LeadscoreError("data", `${file}: the events have no column '${required}'; expected columns ${EXPECTED} (found: ${found.join(", ")}).`, { file, column: required });
    }
  }
  const col = (name: (typeof REQUIRED)[number] | (typeof OPTIONAL)[number]) => columns.get(name);
  const timestamp = col("timestamp") as { name: string; type: string };
  const time = timeExpression(quoteName(timestamp.name), timestamp.type, file);
  const value = col("value");
  const valueBad = value ? valueCheck(quoteName(value.name), value.type, file) : "false";
  const url = col("url");
  const id = quoteName((col("lead_id") as { name: string }).name);
  const type = quoteName((col("type") as { name: string }).name);
  const ts = quoteName(timestamp.name);
  await connection
    .run(
      `CREATE TABLE events AS
       SELECT lead_id, epoch_ms(time)::DOUBLE AS t, type, page,
         (CASE WHEN lead_id IS NULL THEN 1 WHEN ${ts} IS NULL THEN 2 WHEN time IS NULL THEN 3 WHEN type IS NULL THEN 4 WHEN value_bad THEN 5 ELSE 0 END)::UTINYINT AS problem
       FROM (
         SELECT nullif(trim(CAST(${id} AS VARCHAR)), '') AS lead_id,
           ${time} AS time,
           ${ts},
           nullif(lower(trim(CAST(${type} AS VARCHAR))), '') AS type,
           ${url ? pageExpression(`CAST(${quoteName(url.name)} AS VARCHAR)`) : "NULL::VARCHAR"} AS page,
           ${valueBad} AS value_bad
         FROM ${reader.sql}
       )`,
    )
    .catch(fail);
  const problems = (await connection.runAndReadAll(
    "SELECT problem, min(rowid)::DOUBLE AS first, count(*)::DOUBLE AS n FROM events WHERE problem > 0 GROUP BY problem ORDER BY first LIMIT 1",
  )).getRows() as [number, number, number][];
  const first = problems[0];
  if (first !== undefined) {
    const [problem, row, count] = first;
    // The offending cells, read again from the file (rows keep file order: preserve_insertion_order).
    const cells = [timestamp.name, ...(value ? [value.name] : [])].map((name) => `CAST(${quoteName(name)} AS VARCHAR)`).join(", ");
    const detail = (await connection.runAndReadAll(`SELECT ${cells} FROM ${reader.sql} LIMIT 1 OFFSET ${row}`)).getRows()[0] as [string | null, string | null];
    const others = count > 1 ? ` (${count.toLocaleString("en-US")} events have this problem)` : "";
    const where = { file, line: row + reader.firstLine };
    switch (problem) {
      case 1:
        throw dataError(`the event has no lead id; every event needs one${others}.`, { ...where, column: (col("lead_id") as { name: string }).name });
      case 2:
        throw dataError(`the event has no time; expected ${TIME_EXAMPLE}${others}.`, { ...where, column: timestamp.name });
      case 3:
        throw dataError(`'${detail[0]}' is not a date or date-time; expected ${TIME_EXAMPLE}${others}.`, { ...where, column: timestamp.name });
      case 4:
        throw dataError(`the event has no type (e.g. page_view, email_open)${others}.`, { ...where, column: (col("type") as { name: string }).name });
      default:
        throw dataError(`'${detail[1]}' is not a number${others}.`, { ...where, column: (value as { name: string }).name });
    }
  }
  const [stats] = (await connection.runAndReadAll("SELECT count(*)::DOUBLE, min(t), max(t) FROM events")).getRows() as [number, number | null, number | null][];
  const [events, firstMs, lastMs] = stats as [number, number | null, number | null];
  return { source: file, events, firstMs: firstMs ?? Number.NaN, lastMs: lastMs ?? Number.NaN };
}

/** TIMESTAMPTZ from the timestamp column, NULL where a text value is not a date-time. */
function timeExpression(column: string, type: string, file: string): string {
  const upper = type.toUpperCase();
  // trim only where the plain cast fails: trimming every value costs a second per 10 million
  if (upper === "VARCHAR") return `coalesce(try_cast(${column} AS TIMESTAMPTZ), try_cast(trim(${column}) AS TIMESTAMPTZ))`;
  if (upper.startsWith("TIMESTAMP") || upper === "DATE") return `CAST(${column} AS TIMESTAMPTZ)`;
  throw new LeadscoreError("data", `${file}: column 'timestamp' holds ${type} values; expected ${TIME_EXAMPLE}.`, { file, column: "timestamp" });
}

/** True where a present value is not a number. */
function valueCheck(column: string, type: string, file: string): string {
  const upper = type.toUpperCase();
  if (upper === "VARCHAR") return `(nullif(trim(${column}), '') IS NOT NULL AND try_cast(trim(${column}) AS DOUBLE) IS NULL)`;
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/.test(upper)) return "false";
  throw new LeadscoreError("data", `${file}: column 'value' holds ${type} values; expected numbers.`, { file, column: "value" });
}
