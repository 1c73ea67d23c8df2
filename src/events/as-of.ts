/**
 * Each lead's snapshot ("as-of") time: only events strictly before it are aggregated, so a
 * model never learns from what happened after the moment it is meant to score.
 */
import { LeadscoreError, dataError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { parseDateTime } from "../data/parse-datetime.js";
import type { AsOfRule } from "./event-spec.js";

/** The default: one second after the latest event, so every event counts. */
export const LATEST_EVENT_MARGIN_MS = 1000;

/**
 * Reads `--as-of`: a column of the lead table (it wins when the text is both), a fixed ISO
 * date or date-time, or (absent) the latest event time + 1 s.
 */
export function parseAsOf(value: string | undefined, table: Pick<RawTable, "source" | "header">): AsOfRule {
  if (value === undefined) return { rule: "latest-event" };
  if (table.header.includes(value)) return { rule: "column", column: value };
  const ms = parseDateTime(value.trim());
  if (Number.isNaN(ms)) {
    throw new LeadscoreError(
      "usage",
      `--as-of '${value}' is neither a column of ${table.source} nor a date (give a date-time column's name or an ISO date such as 2024-06-30).`,
      { field: "as-of" },
    );
  }
  return { rule: "date", time: new Date(ms).toISOString() };
}

/** The as-of time of every row of `table`; `latestEventMs` is the events file's latest time (NaN when empty). */
export function asOfTimes(rule: AsOfRule, table: RawTable, latestEventMs: number): Float64Array {
  switch (rule.rule) {
    case "date":
      return new Float64Array(table.rows).fill(Date.parse(rule.time));
    case "latest-event":
      return new Float64Array(table.rows).fill(Number.isNaN(latestEventMs) ? 0 : latestEventMs + LATEST_EVENT_MARGIN_MS);
    case "column": {
      const c = table.header.indexOf(rule.column);
      if (c < 0) {
        throw new LeadscoreError("data", `${table.source} has no column '${rule.column}', the as-of time of each lead's events.`, { file: table.source, column: rule.column });
      }
      const cells = table.cells[c] as readonly (string | null)[];
      const out = new Float64Array(table.rows);
      for (let r = 0; r < table.rows; r++) {
        const cell = cells[r];
        const ms = cell === null || cell === undefined ? Number.NaN : parseDateTime(cell.trim());
        if (Number.isNaN(ms)) {
          const what = cell === null || cell === undefined ? "no as-of time" : `'${cell}' is not a date or date-time`;
          throw dataError(`${what}; every lead needs the time its events are counted up to (an ISO date such as 2024-06-30).`, {
            file: table.source,
            line: table.lines[r] as number,
            column: rule.column,
          });
        }
        out[r] = ms;
      }
      return out;
    }
  }
}

/** The as-of rule in words, for reports and notes. */
export function describeAsOf(rule: AsOfRule, resolvedMs?: number): string {
  switch (rule.rule) {
    case "column":
      return `each lead's '${rule.column}'`;
    case "date":
      return rule.time;
    case "latest-event":
      return resolvedMs === undefined || Number.isNaN(resolvedMs) ? "the latest event time + 1 s" : `${new Date(resolvedMs).toISOString()} (the latest event time + 1 s)`;
  }
}
