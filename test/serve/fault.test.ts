// Faults of the real service process (`node bin/leadscore.js serve`, built into dist/) over
// each store: SIGKILL in the middle of a stream of outcome writes loses no acknowledged
// outcome, and SIGTERM during a stream of score requests finishes them and writes every
// answered score before the process exits.
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openStore } from "../../src/serve/store/open-store.js";
import { type BankFixtures, bankFixtures, ROOT } from "./service-fixtures.js";
import { BACKENDS, type TestBackend, type TestDatabase } from "./test-databases.js";

const BIN = join(ROOT, "bin", "leadscore.js");

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

function cli(args: readonly string[]): string {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

function startServer(db: string, modelsDir: string): Promise<Server> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--db", db, "--models", modelsDir], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr?.on("data", (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no 'listening on' line within 30 s: ${err}`)), 30_000);
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string, exited, stderr: () => err });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code} before listening: ${err}`)));
  });
}

async function post(url: string, key: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

function faultSuite(backend: TestBackend): void {
  if (backend.skip !== undefined) {
    test(`fault: ${backend.name}`, { skip: backend.skip }, () => {});
    return;
  }
  describe(`fault: ${backend.name}`, () => {
    let bank: BankFixtures;
    let database: TestDatabase;
    let dir: string;
    let key: string;
    before(async () => {
      bank = await bankFixtures();
      database = await backend.create();
      dir = mkdtempSync(join(tmpdir(), "leadscore-fault-"));
      mkdirSync(join(dir, "models", "bank"), { recursive: true });
      writeFileSync(join(dir, "models", "bank", "model.json"), bank.logistic);
      key = JSON.parse(cli(["keys", "create", "--scope", "score", "--db", database.db, "--json"])).key as string;
    });
    after(async () => {
      await database?.cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("SIGKILL during a stream of outcome writes: every acknowledged outcome is there after a restart", async () => {
      const server = await startServer(database.db, join(dir, "models"));
      const acked: string[] = [];
      let failed = 0;
      let killed = false;
      const writer = async (client: number) => {
        for (let batch = 0; !killed; batch++) {
          const outcomes = Array.from({ length: 20 }, (_, j) => ({ id: `k${client}-${batch}-${j}`, converted: j % 3 === 0 }));
          try {
            const reply = await post(`${server.url}/v1/outcomes`, key, { outcomes });
            if (reply.status === 200 && reply.body.stored === 20) acked.push(...outcomes.map((o) => o.id));
            else failed++;
          } catch {
            failed++; // the connection died with the process: not acknowledged
          }
        }
      };
      const writers = Array.from({ length: 4 }, (_, c) => writer(c));
      while (acked.length < 2000) await new Promise((r) => setTimeout(r, 20));
      server.child.kill("SIGKILL");
      killed = true;
      await Promise.all(writers);
      assert.equal(await server.exited, null, "killed by the signal");

      const restarted = await startServer(database.db, join(dir, "models"));
      try {
        const health = await fetch(`${restarted.url}/healthz`);
        assert.deepEqual(await health.json(), { status: "ok", models: 1 });
        const store = await openStore(database.db);
        try {
          const found = await store.findOutcomes(acked);
          assert.equal(found.length, acked.length, `${acked.length - found.length} acknowledged outcomes lost (${failed} batches unacknowledged)`);
          const flags = new Map(found.map((o) => [o.recordId, o.converted]));
          for (const id of acked) assert.equal(flags.get(id), Number(id.split("-")[2]) % 3 === 0, id);
        } finally {
          await store.close();
        }
      } finally {
        restarted.child.kill("SIGKILL");
        await restarted.exited;
      }
    });

    test("SIGTERM during a stream of score requests: answered requests finish, every answered score is stored, exit 0", async () => {
      const server = await startServer(database.db, join(dir, "models"));
      let answered = 0;
      let stopping = false;
      const client = async (c: number) => {
        for (let n = 0; !stopping || n < 3; n++) {
          try {
            const reply = await post(`${server.url}/v1/score`, key, { records: bank.records.slice((c * 7 + n) % 300, ((c * 7 + n) % 300) + 5) });
            if (reply.status === 200) answered += reply.body.results.length;
            else if (reply.status !== 503) assert.fail(`unexpected ${reply.status}`);
          } catch {
            return; // refused once the server stopped listening
          }
        }
      };
      const clients = Array.from({ length: 4 }, (_, c) => client(c));
      while (answered < 500) await new Promise((r) => setTimeout(r, 10));
      server.child.kill("SIGTERM");
      stopping = true;
      await Promise.all(clients);
      assert.equal(await server.exited, 0, server.stderr());
      assert.match(server.stderr(), /SIGTERM, finishing requests in flight/);
      const store = await openStore(database.db);
      try {
        assert.equal(await store.countScores(), answered, "every answered score was written before exit");
      } finally {
        await store.close();
      }
    });
  });
}

for (const backend of BACKENDS) faultSuite(backend);
