/**
 * Parquet reader (hyparquet, with every compression codec from hyparquet-compressors).
 * Cells become the strings a CSV export would hold: numbers and booleans in JS string
 * form, bigints in full, dates as ISO 8601, strings trimmed with missing tokens as null.
 * `lines` holds 1-based record numbers. Nested columns (lists, structs, maps) are refused.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { TextDecoder } from "node:util";
import type { RawTable } from "../core/frame.js";
import { dataError, LeadscoreError } from "../core/errors.js";
import { assertReadableFile, fileError } from "./file-access.js";
import { cellValue, missingTest, type MissingTest } from "./missing-tokens.js";
import { resolveChunkRows, type ChunkOptions, type ReadOptions } from "./read-options.js";

/** Reads a Parquet file as tables of at most `chunkRows` rows (default 65536). */
export async function* readParquetChunks(path: string, options: ReadOptions & ChunkOptions = {}): AsyncGenerator<RawTable> {
  const chunkRows = resolveChunkRows(options.chunkRows);
  await assertReadableFile(path);
  const isMissing = missingTest(options.na);
  const file = await asyncBufferFromFile(path).catch((err: unknown) => {
    throw fileError(path, err);
  });
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw dataError(`is not a readable Parquet file (${err instanceof Error ? err.message : String(err)})`, { file: path });
  }
  const schema = parquetSchema(metadata);
  const header = schema.children.map((child) => child.element.name);
  // DATE columns come back as Date objects at midnight UTC: write them as plain dates.
  const dateOnly = schema.children.map((child) => child.element.logical_type?.type === "DATE" || child.element.converted_type === "DATE");
  const nested = schema.children.find((child) => child.children.length > 0);
  if (nested !== undefined) {
    throw dataError("nested Parquet columns (lists, structs, maps) are not supported; flatten them first", { file: path, column: nested.element.name });
  }
  const total = Number(metadata.num_rows);
  for (let start = 0; ; ) {
    const end = Math.min(total, start + chunkRows);
    let rows: unknown[][] = [];
    try {
      await parquetRead({
        file,
        metadata,
        compressors,
        rowStart: start,
        rowEnd: end,
        onComplete: (result: unknown[][]) => {
          rows = result;
        },
      });
    } catch (err) {
      throw err instanceof LeadscoreError ? err : dataError(`could not decode Parquet rows ${start + 1}-${end} (${err instanceof Error ? err.message : String(err)})`, { file: path });
    }
    yield toTable(path, header, dateOnly, rows, start, isMissing);
    if (end >= total) return;
    start = end;
  }
}

/** Reads a whole Parquet file as one table. */
export async function readParquet(path: string, options: ReadOptions = {}): Promise<RawTable> {
  for await (const table of readParquetChunks(path, { ...options, chunkRows: Number.POSITIVE_INFINITY })) return table;
  throw new LeadscoreError("internal", `Parquet reader returned no table for '${path}'.`);
}

function toTable(
  path: string,
  header: readonly string[],
  dateOnly: readonly boolean[],
  rows: readonly (readonly unknown[])[],
  firstRow: number,
  isMissing: MissingTest,
): RawTable {
  const cells = header.map((name, c) => {
    const column = new Array<string | null>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const cell = cellOf((rows[r] as readonly unknown[])[c], isMissing, path, firstRow + r + 1, name);
      column[r] = dateOnly[c] && cell !== null ? cell.slice(0, 10) : cell;
    }
    return column;
  });
  const lines = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) lines[r] = firstRow + r + 1;
  return { source: path, header: [...header], rows: rows.length, cells, lines };
}

const utf8 = new TextDecoder();

function cellOf(value: unknown, isMissing: MissingTest, path: string, record: number, column: string): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
      return cellValue(value, 0, value.length, isMissing);
    case "number":
      return Number.isNaN(value) ? null : String(value);
    case "bigint":
    case "boolean":
      return String(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  // Binary without a UTF-8 annotation: most writers still mean text.
  if (value instanceof Uint8Array) {
    const text = utf8.decode(value);
    return cellValue(text, 0, text.length, isMissing);
  }
  throw dataError("nested values are not supported; flatten the column first", { file: path, line: record, column });
}
