/**
 * One error class for every problem a user can fix. The CLI maps `code` to an exit status
 * and prints only `message`; the service (later) maps it to an HTTP status.
 */
export type ErrorCode =
  | "usage" // bad flag or option
  | "file" // missing or unreadable file
  | "data" // invalid data content
  | "model" // corrupted, foreign or incompatible model file
  | "internal";

/** Where a problem is: every field optional, filled in as far as it is known. */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly field?: string;
}

export class LeadscoreError extends Error {
  readonly code: ErrorCode;
  readonly where: ErrorLocation;
  constructor(code: ErrorCode, message: string, where: ErrorLocation = {}) {
    super(message);
    this.name = "LeadscoreError";
    this.code = code;
    this.where = where;
  }
}

/** Builds the "file:line, column 'x'" prefix used at the start of data error messages. */
export function describeLocation(where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.line !== undefined ? `${where.file}:${where.line}` : where.file);
  else if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.column !== undefined) parts.push(`column '${where.column}'`);
  if (where.field !== undefined) parts.push(`field '${where.field}'`);
  return parts.join(", ");
}

/** A data error whose message starts with its location. */
export function dataError(message: string, where: ErrorLocation): LeadscoreError {
  const at = describeLocation(where);
  return new LeadscoreError("data", at ? `${at}: ${message}` : message, where);
}
