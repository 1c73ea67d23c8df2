/** Adds aggregated event columns to a lead table, as the cells a file would have held. */
import { LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import type { EventFeatureColumn } from "./event-features.js";

/** `table` with `columns` appended (NaN as a missing cell); a name the table already has is refused. */
export function appendColumns(table: RawTable, columns: readonly EventFeatureColumn[]): RawTable {
  const clash = columns.find((c) => table.header.includes(c.name));
  if (clash) {
    throw new LeadscoreError(
      "data",
      `${table.source} already has a column '${clash.name}', a name the event aggregates use; rename or drop it, or leave out --events to use the table's own columns.`,
      { file: table.source, column: clash.name },
    );
  }
  const cells = columns.map((column) => Array.from(column.values, (v) => (Number.isNaN(v) ? null : String(v))));
  return { ...table, header: [...table.header, ...columns.map((c) => c.name)], cells: [...table.cells, ...cells] };
}
