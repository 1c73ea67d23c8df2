/**
 * Reads a large table file straight into typed columns, chunk by chunk, without ever holding
 * every cell as a string (a RawTable of 10M rows × 20 columns would need tens of GB). Kinds
 * are inferred from the first `sampleRows` rows (or fixed by the caller); every later cell is
 * then parsed by the same rules as `toFrame`, so a value that contradicts its column's kind is
 * an error naming the file, line and column, as it would be for a small file.
 *
 * Categorical levels end sorted by `<`, as `toFrame` sorts them. Along the way the reader
 * counts missing cells and can hash chosen columns row by row, so the caller needs no second
 * pass. The first chunk is kept as a preview.
 */
import { createHash } from "node:crypto";
import type { CategoricalColumn, Column, ColumnSchema, Frame, RawTable } from "../core/frame.js";
import { MISSING_CODE } from "../core/frame.js";
import { LeadscoreError } from "../core/errors.js";
import { inferSchema } from "./infer-kinds.js";
import { readTableChunks } from "./read-table.js";
import type { ReadOptions } from "./read-options.js";
import { toFrame } from "./to-frame.js";

export interface FrameReadOptions extends ReadOptions {
  /** Rows the kinds are inferred from (default 200,000). */
  readonly sampleRows?: number;
  /** Rows per chunk read (default 65,536). */
  readonly chunkRows?: number;
  /** Kinds fixed by the caller (`--kind`), by column name. */
  readonly kinds?: Readonly<Record<string, ColumnSchema["kind"]>>;
  /**
   * A column whose missing cells mark rows to leave out (the target): inference, missing
   * counts and the hash then cover only rows where it has a value; the frame keeps every row.
   */
  readonly requiredColumn?: string;
  /** Given the schema, the columns to hash (SHA-256 of their names, then row by row); none when absent. */
  readonly hashColumns?: (schema: readonly ColumnSchema[]) => readonly string[];
}

export interface FrameRead {
  readonly source: string;
  readonly header: readonly string[];
  /** One entry per column, in file order. */
  readonly schema: readonly ColumnSchema[];
  /** Every row, one column per schema entry. */
  readonly frame: Frame;
  /** Missing cells per column (rows without the required column's value not counted). */
  readonly missing: ReadonlyMap<string, number>;
  /** Rows counted in `missing` and hashed. */
  readonly countedRows: number;
  /** The columns hashed and their SHA-256 (hex), when asked for. */
  readonly hash: { readonly columns: readonly string[]; readonly sha256: string } | null;
  /** The first chunk as read. */
  readonly preview: RawTable;
}

const DEFAULT_SAMPLE_ROWS = 200_000;

/** Growable typed storage for one column. */
type Builder =
  | { readonly kind: "float"; parts: Float64Array[] }
  | { readonly kind: "codes"; parts: Int32Array[]; readonly levels: Map<string, number>; readonly normalise: boolean }
  | { readonly kind: "strings"; parts: (string | null)[][] };

export async function readFrame(path: string, options: FrameReadOptions = {}): Promise<FrameRead> {
  const sampleRows = options.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  const chunks = readTableChunks(path, { ...(options.na !== undefined ? { na: options.na } : {}), ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}), chunkRows: options.chunkRows ?? 65_536 });
  // the sample: the first chunks, up to sampleRows rows
  const held: RawTable[] = [];
  let heldRows = 0;
  let next = await chunks.next();
  while (!next.done && heldRows < sampleRows) {
    held.push(next.value);
    heldRows += next.value.rows;
    next = await chunks.next();
  }
  const first = held[0];
  if (first === undefined) throw new LeadscoreError("data", `${path}: the file has no rows.`, { file: path });
  const required = options.requiredColumn === undefined ? -1 : first.header.indexOf(options.requiredColumn);
  const schema = inferSchema(sampleOf(held, required, sampleRows), options.kinds ? { overrides: options.kinds } : {});
  const hashColumns = options.hashColumns?.(schema) ?? null;
  const state = new FrameState(first, schema, required, hashColumns);
  for (const chunk of held) state.add(chunk);
  held.length = 0;
  while (!next.done) {
    state.add(next.value);
    next = await chunks.next();
  }
  return state.finish(first);
}

/** The held chunks' first `limit` rows that have a value in column `required` (all when -1). */
function sampleOf(held: readonly RawTable[], required: number, limit: number): RawTable {
  const first = held[0] as RawTable;
  const cells: (string | null)[][] = first.header.map(() => []);
  const lines: number[] = [];
  for (const chunk of held) {
    for (let r = 0; r < chunk.rows && lines.length < limit; r++) {
      if (required >= 0 && chunk.cells[required]?.[r] === null) continue;
      for (let c = 0; c < cells.length; c++) (cells[c] as (string | null)[]).push(chunk.cells[c]?.[r] ?? null);
      lines.push(chunk.lines[r] as number);
    }
  }
  return { source: first.source, header: first.header, rows: lines.length, cells, lines: Int32Array.from(lines) };
}

class FrameState {
  private readonly source: string;
  private readonly schema: readonly ColumnSchema[];
  private readonly builders: Builder[];
  private readonly missing: Int32Array;
  private readonly required: number;
  private readonly hash: ReturnType<typeof createHash> | null;
  private readonly hashIndices: number[];
  private readonly hashColumns: readonly string[] | null;
  private readonly lineParts: Int32Array[] = [];
  private rows = 0;
  private counted = 0;

  constructor(first: RawTable, schema: readonly ColumnSchema[], required: number, hashColumns: readonly string[] | null) {
    this.source = first.source;
    this.schema = schema;
    this.required = required;
    this.missing = new Int32Array(schema.length);
    this.builders = schema.map((column): Builder => {
      switch (column.kind) {
        case "numeric":
        case "datetime":
          return { kind: "float", parts: [] };
        case "categorical":
        case "boolean":
          return { kind: "codes", parts: [], levels: new Map(), normalise: column.kind === "boolean" };
        default:
          return { kind: "strings", parts: [] };
      }
    });
    this.hashColumns = hashColumns;
    if (hashColumns === null) {
      this.hash = null;
      this.hashIndices = [];
    } else {
      // the same digest as hashing a whole RawTable: names, then each row's cells
      this.hashIndices = hashColumns.map((name) => first.header.indexOf(name)).filter((i) => i >= 0);
      this.hash = createHash("sha256");
      this.hash.update(this.hashIndices.map((i) => first.header[i]).join("\u001f"));
    }
  }

  add(chunk: RawTable): void {
    // numbers and dates parsed (and checked) by toFrame itself; codes kept across chunks here
    const typed = toFrame(chunk, this.schema.filter((c) => c.kind === "numeric" || c.kind === "datetime"), { schemaSource: "data" });
    let t = 0;
    this.schema.forEach((_, c) => {
      const builder = this.builders[c] as Builder;
      const cells = chunk.cells[c] as readonly (string | null)[];
      if (builder.kind === "float") builder.parts.push((typed.columns[t++] as { values: Float64Array }).values);
      else if (builder.kind === "codes") builder.parts.push(provisionalCodes(cells, builder.levels, builder.normalise));
      else builder.parts.push(cells.slice());
    });
    const required = this.required >= 0 ? (chunk.cells[this.required] as readonly (string | null)[]) : null;
    for (let r = 0; r < chunk.rows; r++) {
      if (required !== null && required[r] === null) continue;
      this.counted++;
      for (let c = 0; c < this.schema.length; c++) if (chunk.cells[c]?.[r] === null) this.missing[c] = (this.missing[c] as number) + 1;
      if (this.hash !== null) this.hash.update(`\u001e${this.hashIndices.map((i) => chunk.cells[i]?.[r] ?? "\u0000").join("\u001f")}`);
    }
    this.lineParts.push(chunk.lines);
    this.rows += chunk.rows;
  }

  finish(first: RawTable): FrameRead {
    const columns: Column[] = this.schema.map((column, c) => {
      const builder = this.builders[c] as Builder;
      switch (builder.kind) {
        case "float":
          return { kind: column.kind as "numeric" | "datetime", name: column.name, values: joinFloat(builder.parts, this.rows) };
        case "codes":
          return sortedLevels(column, builder.parts, builder.levels, this.rows);
        case "strings":
          return { kind: column.kind as "text" | "id", name: column.name, values: builder.parts.flat() };
      }
    });
    const lines = new Int32Array(this.rows);
    let at = 0;
    for (const part of this.lineParts) {
      lines.set(part, at);
      at += part.length;
    }
    const missing = new Map(this.schema.map((column, c) => [column.name, this.missing[c] as number]));
    return {
      source: this.source,
      header: first.header,
      schema: this.schema,
      frame: { source: this.source, rows: this.rows, columns, lines },
      missing,
      countedRows: this.counted,
      hash: this.hash === null || this.hashColumns === null ? null : { columns: this.hashColumns, sha256: this.hash.digest("hex") },
      preview: first,
    };
  }
}

/** Codes by order of first appearance (sorted at the end); missing cells MISSING_CODE. */
function provisionalCodes(cells: readonly (string | null)[], levels: Map<string, number>, normalise: boolean): Int32Array {
  const codes = new Int32Array(cells.length);
  for (let r = 0; r < cells.length; r++) {
    const cell = cells[r];
    if (cell === null || cell === undefined) {
      codes[r] = MISSING_CODE;
      continue;
    }
    const level = normalise ? cell.toLowerCase() : cell;
    let code = levels.get(level);
    if (code === undefined) {
      code = levels.size;
      levels.set(level, code);
    }
    codes[r] = code;
  }
  return codes;
}

function joinFloat(parts: Float64Array[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Float64Array;
    out.set(part, at);
    at += part.length;
  }
  parts.length = 0;
  return out;
}

/** The column with its levels sorted by `<` (toFrame's order) and codes renumbered to match. */
function sortedLevels(column: ColumnSchema, parts: Int32Array[], provisional: Map<string, number>, rows: number): CategoricalColumn {
  const levels = [...provisional.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const renumber = new Int32Array(levels.length);
  levels.forEach((level, code) => {
    renumber[provisional.get(level) as number] = code;
  });
  const codes = new Int32Array(rows);
  let at = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const code = part[i] as number;
      codes[at + i] = code < 0 ? code : (renumber[code] as number);
    }
    at += part.length;
  }
  parts.length = 0;
  return { kind: column.kind as "categorical" | "boolean", name: column.name, codes, levels };
}
