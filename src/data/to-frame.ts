/**
 * Applies a schema to raw cells: the one place strings become typed columns, at training
 * (schema inferred) and at scoring (schema from the model) alike.
 */
import type { CategoricalColumn, Column, ColumnSchema, Frame, RawTable } from "../core/frame.js";
import { MISSING_CODE, UNSEEN_CODE } from "../core/frame.js";
import { dataError, LeadscoreError } from "../core/errors.js";
import { parseNumber } from "./parse-number.js";
import { parseDateTime } from "./parse-datetime.js";

export interface ToFrameOptions {
  /**
   * A schema column absent from the table is an error (default true). When false it is
   * read as missing in every row, for callers that can score without it.
   */
  readonly requireColumns?: boolean;
  /**
   * Where the schema came from, for error messages: "model" (default: scoring, the usual
   * case where a cell can fail to parse) says the model expected it; "data" (training,
   * kinds inferred or overridden) says the column's kind.
   */
  readonly schemaSource?: "model" | "data";
}

/**
 * A Frame with one column per schema entry, in schema order; table columns the schema
 * does not name are ignored. Categorical and boolean columns code into `levels` when given
 * (unseen values → UNSEEN_CODE), else into their distinct values sorted by `<`. Boolean
 * values are compared lowercased, so `Yes` and `yes` are one level.
 */
export function toFrame(raw: RawTable, schema: readonly ColumnSchema[], options: ToFrameOptions = {}): Frame {
  const index = new Map(raw.header.map((name, c) => [name, c]));
  const fromModel = options.schemaSource !== "data";
  const absent = schema.filter((column) => !index.has(column.name)).map((column) => column.name);
  if (absent.length > 0 && options.requireColumns !== false) {
    const names = absent.map((name) => `'${name}'`).join(", ");
    const one = absent.length === 1;
    const subject = one ? `column ${names} is missing` : `columns ${names} are missing`;
    const reason = fromModel ? `the model needs ${one ? "it" : "them"}` : `${one ? "it is" : "they are"} required`;
    throw new LeadscoreError("data", `${raw.source}: ${subject}; ${reason}`, { file: raw.source, column: absent[0] as string });
  }
  const empty: readonly (string | null)[] = new Array<string | null>(raw.rows).fill(null);
  const columns = schema.map((column) => {
    const c = index.get(column.name);
    const cells = c === undefined ? empty : (raw.cells[c] as readonly (string | null)[]);
    return toColumn(raw, column, cells, fromModel);
  });
  return { source: raw.source, rows: raw.rows, columns, lines: raw.lines };
}

function toColumn(raw: RawTable, column: ColumnSchema, cells: readonly (string | null)[], fromModel: boolean): Column {
  const { name, kind } = column;
  switch (kind) {
    case "numeric":
    case "datetime": {
      const parse = kind === "numeric" ? parseNumber : parseDateTime;
      const values = new Float64Array(cells.length);
      for (let r = 0; r < cells.length; r++) {
        const cell = cells[r];
        if (cell === null || cell === undefined) {
          values[r] = NaN;
          continue;
        }
        const value = parse(cell);
        if (Number.isNaN(value)) throw valueError(raw, r, name, cell, kind, fromModel);
        values[r] = value;
      }
      return { kind, name, values };
    }
    case "categorical":
    case "boolean":
      return toCategorical(cells, column, kind);
    case "text":
    case "id":
      return { kind, name, values: cells };
  }
}

function toCategorical(cells: readonly (string | null)[], column: ColumnSchema, kind: "categorical" | "boolean"): CategoricalColumn {
  const normalise = kind === "boolean" ? (value: string) => value.toLowerCase() : (value: string) => value;
  let levels = column.levels;
  if (levels === undefined) {
    const distinct = new Set<string>();
    for (const cell of cells) if (cell !== null) distinct.add(normalise(cell));
    // Plain `<` ordering: the same on every machine, unlike localeCompare.
    levels = [...distinct].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const codeOf = new Map(levels.map((level, code) => [level, code]));
  const codes = new Int32Array(cells.length);
  for (let r = 0; r < cells.length; r++) {
    const cell = cells[r];
    codes[r] = cell === null || cell === undefined ? MISSING_CODE : (codeOf.get(normalise(cell)) ?? UNSEEN_CODE);
  }
  return { kind, name: column.name, codes, levels };
}

function valueError(raw: RawTable, row: number, column: string, value: string, kind: "numeric" | "datetime", fromModel: boolean): LeadscoreError {
  const where = { file: raw.source, line: raw.lines[row] as number, column };
  const was = fromModel ? `this column was ${kind} when the model was trained` : `this column is ${kind}`;
  if (kind === "numeric") return dataError(`'${value}' is not a number; expected a number, as ${was}`, where);
  return dataError(`'${value}' is not a date; expected a date such as 2024-03-01 or 2024-03-01T14:30:00Z, as ${was}`, where);
}

/** The schema of a frame, with the levels of its categorical and boolean columns (what a model stores). */
export function frameSchema(frame: Frame): ColumnSchema[] {
  return frame.columns.map((column) =>
    column.kind === "categorical" || column.kind === "boolean" ? { name: column.name, kind: column.kind, levels: column.levels } : { name: column.name, kind: column.kind },
  );
}
