/**
 * Infers each column's kind from its cells. The first rule that fits wins:
 *
 * 1. No value at all → categorical (the quality report says it is empty).
 * 2. numeric: every value is a plain finite decimal (parse-number.ts: sign, fraction and
 *    exponent allowed, thousands separators not). 0/1 columns stay numeric. A numeric column
 *    is an **id** instead when it holds integers, is never missing, every value is unique,
 *    it has at least MIN_ID_ROWS rows, and the values are either a run of consecutive
 *    integers (row numbers 1..n, in any order) or, in file order, step the same way at least
 *    95 % of the time (an auto-increment key, e.g. the leads data's `Lead Number`). Unique
 *    continuous values (amounts) or unique integers in no order stay numeric.
 * 3. boolean: the distinct values, lowercased, are exactly one known pair: yes/no,
 *    true/false, y/n, t/f.
 * 4. datetime: every value is an ISO-like date or date-time (parse-datetime.ts).
 * 5. id: never missing, every value unique, none containing whitespace, at least
 *    MIN_ID_ROWS rows (UUIDs, e-mail addresses, customer codes).
 * 6. text: free text — at least half the values distinct, at least half containing
 *    whitespace, and a mean length of at least 20 characters; also a column of job titles
 *    (inferSchema only, as it needs the name: job-title-column.ts), which would otherwise be
 *    categorical.
 * 7. categorical otherwise.
 */
import type { ColumnKind, ColumnSchema, RawTable } from "../core/frame.js";
import { LeadscoreError } from "../core/errors.js";
import { parseNumber } from "./parse-number.js";
import { parseDateTime } from "./parse-datetime.js";
import { holdsJobTitles } from "./job-title-column.js";

export const COLUMN_KINDS: readonly ColumnKind[] = ["numeric", "categorical", "boolean", "datetime", "text", "id"];

/** Fewer rows than this say too little to call a column an identifier. */
export const MIN_ID_ROWS = 10;
const MONOTONE_SHARE = 0.95;
const TEXT_DISTINCT_SHARE = 0.5;
const TEXT_SPACED_SHARE = 0.5;
const TEXT_MEAN_LENGTH = 20;

const BOOLEAN_PAIRS: readonly (readonly [string, string])[] = [
  ["no", "yes"],
  ["false", "true"],
  ["n", "y"],
  ["f", "t"],
];

export interface InferOptions {
  /** Kinds the user fixed (`--kind col:numeric`); each must name a column of the table. */
  readonly overrides?: Readonly<Record<string, ColumnKind>>;
}

/** One schema entry per column of `raw`, in its order (levels are left to toFrame). */
export function inferSchema(raw: RawTable, options: InferOptions = {}): ColumnSchema[] {
  const overrides = options.overrides ?? {};
  const unknown = Object.keys(overrides).filter((name) => !raw.header.includes(name));
  if (unknown.length > 0) {
    const names = unknown.map((name) => `'${name}'`).join(", ");
    const known = raw.header.slice(0, 12).map((name) => `'${name}'`).join(", ") + (raw.header.length > 12 ? ", …" : "");
    throw new LeadscoreError("usage", `A kind was given for ${unknown.length === 1 ? "column" : "columns"} ${names}, not in ${raw.source} (its columns: ${known}).`, {
      file: raw.source,
      column: unknown[0] as string,
    });
  }
  return raw.header.map((name, c) => {
    if (Object.hasOwn(overrides, name)) return { name, kind: overrides[name] as ColumnKind };
    const cells = raw.cells[c] as readonly (string | null)[];
    const kind = inferKind(cells);
    return { name, kind: kind === "categorical" && holdsJobTitles(name, presentCells(cells)) ? "text" : kind };
  });
}

function presentCells(cells: readonly (string | null)[]): string[] {
  const present: string[] = [];
  for (const cell of cells) if (cell !== null) present.push(cell);
  return present;
}

/** The kind of one column's cells (rules in the file comment). */
export function inferKind(cells: readonly (string | null)[]): ColumnKind {
  const present: string[] = [];
  for (const cell of cells) if (cell !== null) present.push(cell);
  if (present.length === 0) return "categorical";
  const complete = present.length === cells.length;

  const numbers = new Float64Array(present.length);
  let numeric = true;
  for (let i = 0; i < present.length && numeric; i++) {
    const value = parseNumber(present[i] as string);
    numbers[i] = value;
    numeric = !Number.isNaN(value);
  }
  if (numeric) return complete && isIntegerKey(numbers) ? "id" : "numeric";

  const distinct = new Set(present);
  const lowered = new Set(present.map((value) => value.toLowerCase()));
  if (lowered.size === 2 && BOOLEAN_PAIRS.some(([a, b]) => lowered.has(a) && lowered.has(b))) return "boolean";

  if (present.every((value) => !Number.isNaN(parseDateTime(value)))) return "datetime";

  const unique = distinct.size === present.length;
  if (complete && unique && present.length >= MIN_ID_ROWS && present.every((value) => !/\s/.test(value))) return "id";

  let spaced = 0;
  let length = 0;
  for (const value of present) {
    if (/\s/.test(value)) spaced++;
    length += value.length;
  }
  const isText =
    distinct.size >= TEXT_DISTINCT_SHARE * present.length && spaced >= TEXT_SPACED_SHARE * present.length && length >= TEXT_MEAN_LENGTH * present.length;
  return isText ? "text" : "categorical";
}

/** Unique integers that look like row numbers or an auto-increment key (rule 2). */
function isIntegerKey(values: Float64Array): boolean {
  const n = values.length;
  if (n < MIN_ID_ROWS) return false;
  let rising = 0;
  let falling = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(values[i])) return false;
    if (i > 0) {
      const step = (values[i] as number) - (values[i - 1] as number);
      if (step > 0) rising++;
      else if (step < 0) falling++;
    }
  }
  const sorted = Float64Array.from(values).sort();
  for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) return false;
  const consecutive = (sorted[n - 1] as number) - (sorted[0] as number) === n - 1;
  return consecutive || Math.max(rising, falling) >= MONOTONE_SHARE * (n - 1);
}

const KIND_ALIASES: Readonly<Record<string, ColumnKind>> = {
  numeric: "numeric",
  number: "numeric",
  categorical: "categorical",
  category: "categorical",
  boolean: "boolean",
  bool: "boolean",
  datetime: "datetime",
  date: "datetime",
  text: "text",
  id: "id",
};

/**
 * Parses `--kind` text such as `age:numeric,zip:categorical` (a column name may itself hold
 * a colon: the last one separates the kind). Reports every bad entry at once.
 */
export function parseKindOverrides(text: string): Record<string, ColumnKind> {
  const overrides: Record<string, ColumnKind> = {};
  const problems: string[] = [];
  for (const entry of text.split(",")) {
    if (entry.trim() === "") continue;
    const colon = entry.lastIndexOf(":");
    const name = colon < 0 ? "" : entry.slice(0, colon).trim();
    const kind = colon < 0 ? undefined : KIND_ALIASES[entry.slice(colon + 1).trim().toLowerCase()];
    if (name === "" || kind === undefined) problems.push(`'${entry.trim()}'`);
    else overrides[name] = kind;
  }
  if (problems.length > 0) {
    throw new LeadscoreError(
      "usage",
      `Cannot read the column kind${problems.length === 1 ? "" : "s"} ${problems.join(", ")}: write COLUMN:KIND with KIND one of ${COLUMN_KINDS.join(", ")}.`,
      { field: "kind" },
    );
  }
  return overrides;
}
