/**
 * JSON Lines reader: one flat JSON object per line. The header is the keys in order of
 * first appearance; numbers and booleans become their string form (as a CSV would hold
 * them), strings are trimmed and missing tokens become null like in CSV, and null or an
 * absent key is missing. Numbers beyond 2^53 lose precision in JSON.parse: quote them.
 */
import { createReadStream } from "node:fs";
import { TextDecoder } from "node:util";
import type { RawTable } from "../core/frame.js";
import { dataError, LeadscoreError } from "../core/errors.js";
import { assertReadableFile, fileError } from "./file-access.js";
import { cellValue, missingTest, type MissingTest } from "./missing-tokens.js";
import { resolveChunkRows, type ChunkOptions, type ReadOptions } from "./read-options.js";
import { TableBuilder } from "./table-builder.js";

const READ_BYTES = 1 << 20;

/**
 * Reads a JSON Lines file as tables of at most `chunkRows` records. The header is fixed by
 * the first chunk: a key first seen in a later chunk is an error (read the file whole instead).
 */
export async function* readJsonlChunks(path: string, options: ReadOptions & ChunkOptions = {}): AsyncGenerator<RawTable> {
  const chunkRows = resolveChunkRows(options.chunkRows);
  await assertReadableFile(path);
  const isMissing = missingTest(options.na);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const stream = createReadStream(path, { highWaterMark: READ_BYTES });
  const builder = new TableBuilder(path, []);
  const columnOf = new Map<string, number>();
  const record: (string | null)[] = [];
  let headerFixed = false;
  let emitted = false;
  let pending = "";
  let line = 0;

  const addLine = (text: string): void => {
    line++;
    const trimmed = text.trim();
    if (trimmed === "") return;
    const object = parseObject(trimmed, path, line);
    record.fill(null);
    for (const key of Object.keys(object)) {
      let c = columnOf.get(key);
      if (c === undefined) {
        if (headerFixed) {
          throw dataError(`the key is not in the first ${chunkRows} records, which fixed the columns; read the file whole or put every key in its first records`, {
            file: path,
            line,
            field: key,
          });
        }
        c = builder.addColumn(key);
        columnOf.set(key, c);
      }
      while (record.length <= c) record.push(null);
      record[c] = cellOf(object[key], isMissing, path, line, key);
    }
    builder.addRow(record, line);
  };

  try {
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      pending += decodeOrThrow(decoder, bytes, path, line);
      let start = 0;
      for (let end = pending.indexOf("\n"); end !== -1; end = pending.indexOf("\n", start)) {
        addLine(pending.slice(start, end));
        start = end + 1;
        if (builder.rows >= chunkRows) {
          headerFixed = true;
          emitted = true;
          // Keep the rest before yielding: the consumer may take its time.
          pending = pending.slice(start);
          start = 0;
          yield builder.take();
        }
      }
      pending = pending.slice(start);
    }
    pending += decodeOrThrow(decoder, undefined, path, line);
    if (pending !== "") addLine(pending);
    if (builder.rows > 0 || !emitted) yield builder.take();
  } catch (err) {
    throw err instanceof LeadscoreError ? err : fileError(path, err);
  } finally {
    stream.destroy();
  }
}

/** Reads a whole JSON Lines file as one table. */
export async function readJsonl(path: string, options: ReadOptions = {}): Promise<RawTable> {
  for await (const table of readJsonlChunks(path, { ...options, chunkRows: Number.POSITIVE_INFINITY })) return table;
  throw new LeadscoreError("internal", `JSON Lines reader returned no table for '${path}'.`);
}

function decodeOrThrow(decoder: TextDecoder, bytes: Buffer | undefined, path: string, line: number): string {
  try {
    return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
  } catch {
    throw dataError(`the file is not valid UTF-8 text (the problem is after line ${line}); save it as UTF-8`, { file: path, line });
  }
}

function parseObject(text: string, path: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw dataError(`invalid JSON (${reason}); each line must hold one JSON object`, { file: path, line });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const found = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    throw dataError(`expected a JSON object but found ${found}; each line must hold one JSON object`, { file: path, line });
  }
  return value as Record<string, unknown>;
}

function cellOf(value: unknown, isMissing: MissingTest, path: string, line: number, key: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return cellValue(value, 0, value.length, isMissing);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw dataError(`nested ${Array.isArray(value) ? "arrays" : "objects"} are not supported; flatten them into separate keys`, { file: path, line, field: key });
}
