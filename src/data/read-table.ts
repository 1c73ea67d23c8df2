/**
 * The one entry point for reading data: picks the format from the file name
 * (.jsonl/.ndjson → JSON Lines, .parquet → Parquet, anything else → CSV).
 */
import { extname } from "node:path";
import type { RawTable } from "../core/frame.js";
import { LeadscoreError } from "../core/errors.js";
import { readCsvChunks } from "./csv-reader.js";
import { readJsonlChunks } from "./jsonl-reader.js";
import { readParquetChunks } from "./parquet-reader.js";
import type { ChunkOptions, ReadOptions } from "./read-options.js";

export type { ChunkOptions, ReadOptions } from "./read-options.js";
export { DEFAULT_NA_TOKENS } from "./missing-tokens.js";

export type TableFormat = "csv" | "jsonl" | "parquet";

export function tableFormat(path: string): TableFormat {
  const extension = extname(path).toLowerCase();
  if (extension === ".jsonl" || extension === ".ndjson") return "jsonl";
  if (extension === ".parquet") return "parquet";
  return "csv";
}

/** Reads a table file as chunks of at most `chunkRows` rows (default 65536), each with the full header. */
export function readTableChunks(path: string, options: ReadOptions & ChunkOptions = {}): AsyncGenerator<RawTable> {
  switch (tableFormat(path)) {
    case "jsonl":
      return readJsonlChunks(path, options);
    case "parquet":
      return readParquetChunks(path, options);
    case "csv":
      return readCsvChunks(path, options);
  }
}

/** Reads a whole table file. */
export async function readTable(path: string, options: ReadOptions = {}): Promise<RawTable> {
  const chunks: RawTable[] = [];
  for await (const chunk of readTableChunks(path, { ...options, chunkRows: Number.POSITIVE_INFINITY })) chunks.push(chunk);
  return concatTables(chunks);
}

/** Stacks tables that share a header (e.g. the chunks of one file) into one. */
export function concatTables(tables: readonly RawTable[]): RawTable {
  const first = tables[0];
  if (first === undefined) throw new LeadscoreError("internal", "concatTables needs at least one table.");
  if (tables.length === 1) return first;
  for (const table of tables) {
    if (table.header.length !== first.header.length || table.header.some((name, c) => name !== first.header[c])) {
      throw new LeadscoreError("internal", `Cannot stack '${table.source}' under '${first.source}': their columns differ.`);
    }
  }
  const rows = tables.reduce((sum, table) => sum + table.rows, 0);
  const cells = first.header.map((_, c) => {
    const column = new Array<string | null>(rows);
    let r = 0;
    for (const table of tables) for (const value of table.cells[c] as readonly (string | null)[]) column[r++] = value;
    return column;
  });
  const lines = new Int32Array(rows);
  let offset = 0;
  for (const table of tables) {
    lines.set(table.lines, offset);
    offset += table.rows;
  }
  return { source: first.source, header: first.header, rows, cells, lines };
}
