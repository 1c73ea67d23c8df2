// The two storage back ends for tests, each giving a fresh, isolated `--db` string:
// a SQLite file in a temp folder, or a PostgreSQL URL with its own `?schema=` (from the
// server in LEADSCORE_TEST_PG), dropped again by cleanup().
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export const PG_ENV = "LEADSCORE_TEST_PG";

export interface TestDatabase {
  /** What `--db` / openStore takes. */
  readonly db: string;
  cleanup(): Promise<void>;
}

export interface TestBackend {
  readonly name: "sqlite" | "postgres";
  /** Set when the back end cannot run here (the test should skip with this message). */
  readonly skip: string | undefined;
  create(): Promise<TestDatabase>;
}

export const sqliteBackend: TestBackend = {
  name: "sqlite",
  skip: undefined,
  create() {
    const dir = mkdtempSync(join(tmpdir(), "leadscore-store-"));
    return Promise.resolve({ db: join(dir, "leadscore.db"), cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) });
  },
};

const pgUrl = process.env[PG_ENV];

export const postgresBackend: TestBackend = {
  name: "postgres",
  skip: pgUrl === undefined || pgUrl === "" ? `PostgreSQL tests need ${PG_ENV}=postgres://… (unset here)` : undefined,
  create() {
    const url = pgUrl as string;
    const schema = `ls_test_${randomBytes(6).toString("hex")}`;
    const separator = url.includes("?") ? "&" : "?";
    return Promise.resolve({
      db: `${url}${separator}schema=${schema}`,
      async cleanup() {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await client.end();
        }
      },
    });
  },
};

export const BACKENDS: readonly TestBackend[] = [sqliteBackend, postgresBackend];
