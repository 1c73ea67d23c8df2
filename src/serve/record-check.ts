/**
 * Checks one JSON record against a model's input schema before it is scored, so a bad
 * record in a batch is answered with its own error (every offending field listed) while
 * the others are scored. The checks are the ones scoring would make (toFrame), done per
 * record: a column the model needs must be present (null is a missing value), numbers and
 * dates must parse, and no value may be an object or array.
 *
 * A passing record comes out normalised: only the model's columns, strings trimmed and
 * missing-value tokens ("NA", "null", …, plus the model's own) turned into null.
 */
import type { ColumnKind } from "../core/frame.js";
import { missingTest, type MissingTest } from "../data/missing-tokens.js";
import { parseDateTime } from "../data/parse-datetime.js";
import { parseNumber } from "../data/parse-number.js";
import { eventColumnNames } from "../events/event-spec.js";
import type { ModelFile } from "../train/model-file.js";
import type { FieldProblem } from "./http-error.js";

export type Cell = string | number | boolean | null;

export interface RecordPlan {
  readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[];
  readonly idColumn: string | null;
  readonly isMissing: MissingTest;
  /** Columns the model makes from behavioural events (empty for a model without them). */
  readonly eventColumns: ReadonlySet<string>;
}

export type RecordCheck =
  | { readonly ok: true; readonly cells: Record<string, Cell> }
  | { readonly ok: false; readonly fields: readonly FieldProblem[] };

export function recordPlan(file: ModelFile): RecordPlan {
  const na = file.training.options.na;
  const extra = Array.isArray(na) ? na.filter((token): token is string => typeof token === "string") : [];
  const eventColumns = new Set(file.events === undefined ? [] : eventColumnNames(file.events));
  return { columns: file.schema.map((c) => ({ name: c.name, kind: c.kind })), idColumn: file.idColumn, isMissing: missingTest(extra), eventColumns };
}

/** The record's id: the model's id column, else `id`, else null (the caller makes one up). */
export function recordId(plan: RecordPlan, record: Readonly<Record<string, unknown>>): string | null {
  const own = plan.idColumn === null ? undefined : record[plan.idColumn];
  const value = own !== undefined && own !== null ? own : record.id;
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** `path` is how the record is named in errors, e.g. `records.3`. */
export function checkRecord(plan: RecordPlan, record: Readonly<Record<string, unknown>>, path: string): RecordCheck {
  const cells: Record<string, Cell> = {};
  let fields: FieldProblem[] | undefined;
  const fail = (column: string, message: string) => {
    fields ??= [];
    fields.push({ path: `${path}.${column}`, message });
  };
  let missingEventColumns = 0;
  for (const { name, kind } of plan.columns) {
    if (!Object.hasOwn(record, name)) {
      if (plan.eventColumns.has(name)) missingEventColumns++;
      else fail(name, "missing; the model needs this field (send null for an unknown value)");
      continue;
    }
    const value = record[name];
    if (value === null || value === undefined) {
      cells[name] = null;
      continue;
    }
    if (typeof value === "object") {
      fail(name, `expected ${expectedOf(kind)}, got ${Array.isArray(value) ? "an array" : "an object"}`);
      continue;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) fail(name, `expected ${expectedOf(kind)}, got a non-finite number`);
      else if (kind === "datetime") fail(name, "expected a date such as 2024-03-01 or 2024-03-01T14:30:00Z, got a number");
      else cells[name] = value;
      continue;
    }
    if (typeof value === "boolean") {
      if (kind === "numeric" || kind === "datetime") fail(name, `expected ${expectedOf(kind)}, got a boolean`);
      else cells[name] = value;
      continue;
    }
    if (typeof value !== "string") {
      fail(name, `expected ${expectedOf(kind)}`);
      continue;
    }
    const text = value.trim();
    if (plan.isMissing(text)) {
      cells[name] = null;
      continue;
    }
    if (kind === "numeric" && Number.isNaN(parseNumber(text))) fail(name, "expected a number (as at training), got a string that is not one");
    else if (kind === "datetime" && Number.isNaN(parseDateTime(text))) fail(name, "expected a date such as 2024-03-01 or 2024-03-01T14:30:00Z (as at training)");
    else cells[name] = text;
  }
  if (missingEventColumns > 0) {
    // One problem for the ~50 event columns, naming the usual fix.
    fields ??= [];
    fields.push({
      path: `${path}`,
      message: `lacks the ${missingEventColumns} behavioural event columns this model uses: send the lead's events in 'events' (they are aggregated for you), or the events_* columns themselves`,
    });
  }
  return fields === undefined ? { ok: true, cells } : { ok: false, fields };
}

function expectedOf(kind: ColumnKind): string {
  switch (kind) {
    case "numeric":
      return "a number";
    case "datetime":
      return "a date string";
    case "boolean":
      return "a boolean or a string";
    default:
      return "a string or a number";
  }
}
