/**
 * The one error shape the service answers (contract): `{ error: { code, message, fields? } }`,
 * never a stack, a key or a record's content. Every status maps from a code here only.
 */
import { LeadscoreError } from "../core/errors.js";

export type ErrorCodeName = "bad_request" | "unauthorized" | "forbidden" | "not_found" | "too_large" | "rate_limited" | "overloaded" | "internal";

export const STATUS_OF: Readonly<Record<ErrorCodeName, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  too_large: 413,
  rate_limited: 429,
  overloaded: 503,
  internal: 500,
};

/** One offending field: a dotted path into the request (`records.3.age`) and what was expected. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export interface ErrorBody {
  readonly error: { readonly code: ErrorCodeName; readonly message: string; readonly fields?: readonly FieldProblem[] };
}

/** Thrown by routes and hooks; the app's error handler turns it into its status and body. */
export class HttpError extends Error {
  readonly code: ErrorCodeName;
  readonly fields: readonly FieldProblem[] | undefined;
  constructor(code: ErrorCodeName, message: string, fields?: readonly FieldProblem[]) {
    super(message);
    this.name = "HttpError";
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return STATUS_OF[this.code];
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields && this.fields.length > 0 ? { fields: this.fields } : {}) } };
  }
}

/** A 400 naming the fields at fault, with a summary sentence built from them. */
export function badRequest(fields: readonly FieldProblem[], summary?: string): HttpError {
  const first = fields[0];
  const message = summary ?? (fields.length === 1 && first ? `Invalid request: ${first.path}: ${first.message}.` : `Invalid request: ${fields.length} fields are wrong (see fields).`);
  return new HttpError("bad_request", message, fields);
}

/**
 * A library error a user can fix (bad model file, bad data) becomes a 400 with its one-sentence
 * message under `field`; anything else is internal.
 */
export function fromLeadscoreError(error: LeadscoreError, field: string): HttpError {
  if (error.code === "internal") return new HttpError("internal", "Internal error.");
  return badRequest([{ path: field, message: error.message }], error.message);
}

/** `["records", 3, "age"]` → `records.3.age`; the empty path is the body itself. */
export function dottedPath(path: readonly PropertyKey[], prefix?: string): string {
  const parts = path.map((p) => String(p));
  if (prefix !== undefined) parts.unshift(prefix);
  return parts.length === 0 ? "(body)" : parts.join(".");
}
