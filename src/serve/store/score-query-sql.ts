/**
 * The WHERE and ORDER BY of score listings, written once for both SQL dialects so that
 * SQLite and PostgreSQL filter, search and sort identically.
 */
import type { ScoreFilter, ScoreQuery } from "./store.js";

export type SqlDialect = "sqlite" | "postgres";

export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * `WHERE …` over the `s` (scores) alias; `firstParam` is the number of the first
 * PostgreSQL placeholder (`$n`), ignored by SQLite (`?`).
 */
export function scoreWhere(filter: ScoreFilter, dialect: SqlDialect, firstParam = 1): SqlFragment {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const next = (value: unknown): string => {
    params.push(value);
    return dialect === "sqlite" ? "?" : `$${firstParam + params.length - 1}`;
  };
  if (filter.includeShadow !== true) clauses.push(dialect === "sqlite" ? "s.shadow = 0" : "NOT s.shadow");
  if (filter.model !== undefined) clauses.push(`s.model = ${next(filter.model)}`);
  if (filter.grade !== undefined) clauses.push(`s.grade = ${next(filter.grade)}`);
  if (filter.search !== undefined && filter.search !== "") {
    // Case-insensitive substring; instr/strpos avoid LIKE's wildcards in user input.
    const find = dialect === "sqlite" ? "instr" : "strpos";
    clauses.push(`${find}(lower(s.record_id), lower(${next(filter.search)})) > 0`);
  }
  return { sql: clauses.length === 0 ? "" : `WHERE ${clauses.join(" AND ")}`, params };
}

/** Newest first by default; ties broken by insertion order (newest first) so paging is stable. */
export function scoreOrderBy(order: ScoreQuery["order"]): string {
  switch (order ?? "newest") {
    case "score-desc":
      return "ORDER BY s.score DESC, s.seq DESC";
    case "score-asc":
      return "ORDER BY s.score ASC, s.seq DESC";
    default:
      return "ORDER BY s.scored_at DESC, s.seq DESC";
  }
}

/** Keeps the last outcome given for each record id (a batch may repeat an id). */
export function lastOutcomePerRecord<T extends { readonly recordId: string }>(outcomes: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const outcome of outcomes) {
    byId.delete(outcome.recordId);
    byId.set(outcome.recordId, outcome);
  }
  return [...byId.values()];
}
