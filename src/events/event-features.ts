/**
 * Per-lead event columns for a batch of lead rows: the lead ids and as-of times go into
 * DuckDB, the aggregate comes back chunk by chunk straight into typed columns (vectors read
 * by index, never as row objects).
 */
import type { DuckDBDataChunk } from "@duckdb/node-api";
import type { EventSpec } from "./event-spec.js";
import type { EventStore } from "./event-store.js";
import { vectorNumbers } from "./duckdb-columns.js";
import { featureQuerySql, preparedEventsSql, usedTypesSql } from "./feature-sql.js";

/** The lead rows to aggregate for: one id (null: no events) and one as-of time per row. */
export interface LeadBatch {
  readonly ids: readonly (string | null)[];
  /** Milliseconds since 1970 UTC; only events strictly before it count. */
  readonly asOfMs: Float64Array;
}

export interface EventFeatureColumn {
  readonly name: string;
  /** One value per lead row; NaN is missing (recency of a lead without such events). */
  readonly values: Float64Array;
}

export interface EventFeatures {
  readonly columns: readonly EventFeatureColumn[];
  /** Events counted (known types, before each lead's as-of time). */
  readonly eventsUsed: number;
  readonly leadsWithEvents: number;
}

const LEADS_TABLE = "lead_batch";

/** Event counts per type (trimmed, lower case) among events before each lead's as-of time, most frequent first. */
export async function usedEventTypes(store: EventStore, leads: LeadBatch): Promise<{ type: string; events: number }[]> {
  await uploadLeads(store, leads);
  const rows = await store.rows(usedTypesSql(LEADS_TABLE));
  return rows.map(([type, n]) => ({ type: type as string, events: n as number }));
}

export async function computeEventFeatures(store: EventStore, spec: EventSpec, leads: LeadBatch): Promise<EventFeatures> {
  const prepared = preparedEventsSql(spec);
  await store.once(prepared.key, prepared.sql);
  // Everything the spec needs is in the prepared table now.
  await store.release();
  await uploadLeads(store, leads);
  const n = leads.ids.length;
  const values = spec.columns.map((c) => (c.measure === "recency" ? new Float64Array(n).fill(Number.NaN) : new Float64Array(n)));
  const totals = { eventsUsed: 0, leadsWithEvents: 0 };
  const query = featureQuerySql(spec, prepared.table, LEADS_TABLE);
  try {
    for (const statement of query.setup) await store.run(statement);
    const result = await store.stream(query.select);
    for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) readChunk(chunk, spec, values, totals);
  } finally {
    for (const statement of query.cleanup) await store.run(statement);
  }
  return { columns: spec.columns.map((c, i) => ({ name: c.name, values: values[i] as Float64Array })), ...totals };
}

/** Copies one result chunk (row_id, used, then one DOUBLE per column, never null) into the columns. */
function readChunk(chunk: DuckDBDataChunk, spec: EventSpec, values: readonly Float64Array[], totals: { eventsUsed: number; leadsWithEvents: number }): void {
  const size = chunk.rowCount;
  const rows = vectorNumbers(chunk.getColumnVector(0), size);
  const used = vectorNumbers(chunk.getColumnVector(1), size);
  for (let i = 0; i < size; i++) totals.eventsUsed += used[i] as number;
  totals.leadsWithEvents += size;
  for (let c = 0; c < values.length; c++) {
    const source = vectorNumbers(chunk.getColumnVector(c + 2), size);
    const target = values[c] as Float64Array;
    if (spec.columns[c]?.measure === "recency") {
      // −1: the lead has events, but none of this column's kind; its recency stays missing
      for (let i = 0; i < size; i++) if ((source[i] as number) >= 0) target[rows[i] as number] = source[i] as number;
    } else {
      for (let i = 0; i < size; i++) target[rows[i] as number] = source[i] as number;
    }
  }
}

async function uploadLeads(store: EventStore, leads: LeadBatch): Promise<void> {
  await store.run(`CREATE OR REPLACE TABLE ${LEADS_TABLE} (row_id INTEGER, lead_id VARCHAR, as_of DOUBLE)`);
  await store.append(LEADS_TABLE, (appender) => {
    for (let r = 0; r < leads.ids.length; r++) {
      const id = leads.ids[r];
      const asOf = leads.asOfMs[r] as number;
      if (id === null || id === undefined || Number.isNaN(asOf)) continue;
      appender.appendInteger(r);
      appender.appendVarchar(id.trim());
      appender.appendDouble(asOf);
      appender.endRow();
    }
  });
}
