// Shared by the service tests: real models trained with the library on the bundled bank
// marketing data, a started service (buildApp over a fresh store of either back end) with an
// admin and a score key, and a small JSON request helper.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { train } from "../../src/index.js";
import { readTable } from "../../src/data/read-table.js";
import { createKey } from "../../src/serve/api-keys.js";
import { type AppOptions, type BuiltApp, buildApp } from "../../src/serve/app.js";
import { openStore } from "../../src/serve/store/open-store.js";
import { serializeModel } from "../../src/train/model-file.js";
import type { TestBackend, TestDatabase } from "./test-databases.js";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const BANK_CSV = join(ROOT, "examples", "bank-marketing.csv");

export interface BankFixtures {
  /** model.json text of a logistic regression (folds 0). */
  readonly logistic: string;
  /** model.json text of a small gradient boosting model (folds 0). */
  readonly gbdt: string;
  /** The first rows of the data as JSON records (cells as read, target left out), each with an `id`. */
  readonly records: readonly Record<string, unknown>[];
  /** Their outcomes (y = yes). */
  readonly converted: readonly boolean[];
}

let fixtures: Promise<BankFixtures> | undefined;

/** Trained once per test process. */
export function bankFixtures(): Promise<BankFixtures> {
  fixtures ??= (async () => {
    const logistic = await train(BANK_CSV, { target: "y", model: "logistic", folds: 0, seed: 7 });
    const gbdt = await train(BANK_CSV, { target: "y", model: "gbdt", folds: 0, seed: 7, params: { trees: "40", earlyStopping: "off" } });
    const table = await readTable(BANK_CSV, { na: [] });
    const rows = Math.min(400, table.rows);
    const records: Record<string, unknown>[] = [];
    const converted: boolean[] = [];
    for (let r = 0; r < rows; r++) {
      const record: Record<string, unknown> = { id: `lead-${r}` };
      table.header.forEach((name, c) => {
        if (name !== "y") record[name] = table.cells[c]?.[r] ?? null;
      });
      records.push(record);
      converted.push(table.cells[table.header.indexOf("y")]?.[r] === "yes");
    }
    return { logistic: serializeModel(logistic.model), gbdt: serializeModel(gbdt.model), records, converted };
  })();
  return fixtures;
}

export interface Reply {
  readonly status: number;
  readonly body: any; // parsed JSON of whatever the route answered (tests look into it freely)
  readonly text: string;
  readonly headers: Record<string, unknown>;
}

export interface TestService extends BuiltApp {
  readonly adminKey: string;
  readonly adminKeyId: string;
  readonly scoreKey: string;
  readonly db: string;
  /** Lines the service logged. */
  readonly logs: string[];
  call(method: "GET" | "POST" | "PUT", url: string, key?: string, payload?: unknown): Promise<Reply>;
  /** Closes the app; the database stays (for restarts). */
  stop(): Promise<void>;
}

/** A service over an existing database (keys given), or a fresh one with new keys. */
export async function startService(database: TestDatabase, options: Partial<AppOptions> = {}, keys?: { admin: string; adminId: string; score: string }): Promise<TestService> {
  const store = await openStore(database.db);
  const admin = keys === undefined ? await createKey(store, "admin", "test admin") : undefined;
  const score = keys === undefined ? await createKey(store, "score", "test score") : undefined;
  const logs: string[] = [];
  const built = await buildApp({ store, flushMs: 5, log: (line) => logs.push(line), ...options });
  const adminKey = keys?.admin ?? (admin?.key as string);
  const service: TestService = {
    ...built,
    adminKey,
    adminKeyId: keys?.adminId ?? (admin?.id as string),
    scoreKey: keys?.score ?? (score?.key as string),
    db: database.db,
    logs,
    async call(method, url, key, payload) {
      const headers: Record<string, string> = key === undefined ? {} : { authorization: `Bearer ${key}` };
      const response = await built.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as string | object }) });
      let body: unknown = null;
      try {
        body = JSON.parse(response.body);
      } catch {
        body = null;
      }
      return { status: response.statusCode, body, text: response.body, headers: response.headers };
    },
    stop: () => built.close(),
  };
  return service;
}

/** A fresh database of `backend` with a started service; `cleanup` stops it and drops the database. */
export async function freshService(backend: TestBackend, options: Partial<AppOptions> = {}): Promise<{ service: TestService; database: TestDatabase; cleanup(): Promise<void> }> {
  const database = await backend.create();
  const service = await startService(database, options);
  return {
    service,
    database,
    async cleanup() {
      await service.stop();
      await database.cleanup();
    },
  };
}

export function readText(path: string): string {
  return readFileSync(path, "utf8");
}
