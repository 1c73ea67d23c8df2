/**
 * `--db` → a migrated Store: nothing → ./leadscore.db, `postgres://…` or
 * `postgresql://…` → PostgreSQL, anything else → a SQLite file path (created when missing).
 *
 * A PostgreSQL URL may carry `?schema=NAME` to keep the tables in their own schema
 * (tests use it to run side by side); the parameter is removed before pg sees the URL.
 */
import { LeadscoreError } from "../../core/errors.js";
import type { Store } from "./store.js";

export const DEFAULT_DB_FILE = "./leadscore.db";

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** Opens and migrates the store; a LeadscoreError when the file or server is out of reach. */
export async function openStore(db?: string): Promise<Store> {
  const target = db === undefined || db === "" ? DEFAULT_DB_FILE : db;
  if (isPostgresUrl(target)) {
    const { PostgresStore } = await import("./postgres-store.js");
    const { url, schema } = splitSchema(target);
    const store = new PostgresStore(schema === undefined ? { url } : { url, schema });
    return migrated(store);
  }
  const { SqliteStore } = await import("./sqlite-store.js");
  return migrated(new SqliteStore(target));
}

async function migrated(store: Store): Promise<Store> {
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await store.close().catch(() => {});
    if (error instanceof LeadscoreError) throw error;
    throw new LeadscoreError("file", `Cannot prepare the database: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Removes a `schema` query parameter from a PostgreSQL URL. */
export function splitSchema(url: string): { readonly url: string; readonly schema?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LeadscoreError("usage", "--db is not a valid PostgreSQL URL: expected postgres://user@host:port/database.", { field: "db" });
  }
  const schema = parsed.searchParams.get("schema");
  if (schema === null) return { url };
  parsed.searchParams.delete("schema");
  return { url: parsed.toString(), schema };
}
