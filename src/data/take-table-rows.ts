import type { RawTable } from "../core/frame.js";

/** The rows `rows` of a table (in that order), each keeping its line number for messages. */
export function takeTableRows(table: RawTable, rows: Int32Array): RawTable {
  return {
    source: table.source,
    header: table.header,
    rows: rows.length,
    cells: table.cells.map((column) => Array.from(rows, (r) => column[r] ?? null)),
    lines: Int32Array.from(rows, (r) => table.lines[r] as number),
  };
}
