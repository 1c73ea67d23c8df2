// Two services over one store (two processes' worth: separate apps, separate connections)
// follow each other: an activation or an experiment defined through one answers on the other
// after the next sync — what running replicas on one PostgreSQL needs.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type BankFixtures, bankFixtures, startService, type TestService } from "./service-fixtures.js";
import { BACKENDS, type TestBackend, type TestDatabase } from "./test-databases.js";

const SYNC_MS = 40;

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 20));
  }
  assert.fail(`never happened: ${what}`);
}

function replicaSuite(backend: TestBackend): void {
  if (backend.skip !== undefined) {
    test(`replicas: ${backend.name}`, { skip: backend.skip }, () => {});
    return;
  }
  describe(`replicas: ${backend.name}`, () => {
    let bank: BankFixtures;
    let database: TestDatabase;
    let a: TestService;
    let b: TestService;
    before(async () => {
      bank = await bankFixtures();
      database = await backend.create();
      a = await startService(database, { syncMs: SYNC_MS });
      b = await startService(database, { syncMs: SYNC_MS }, { admin: a.adminKey, adminId: a.adminKeyId, score: a.scoreKey });
    });
    after(async () => {
      await a?.stop();
      await b?.stop();
      await database?.cleanup();
    });

    test("a version activated on one replica answers on the other", async () => {
      assert.equal((await a.call("POST", "/v1/models", a.adminKey, { name: "bank", model: bank.logistic })).status, 200);
      assert.equal((await a.call("POST", "/v1/models", a.adminKey, { name: "bank", model: bank.gbdt })).status, 200);
      const record = { records: [bank.records[0]] };
      await eventually(async () => (await b.call("POST", "/v1/score", b.scoreKey, record)).body?.model?.version === 1, "replica b serves version 1");
      const activated = await a.call("POST", "/v1/models/bank/activate", a.adminKey, { version: 2 });
      assert.equal(activated.status, 200, activated.text);
      await eventually(async () => (await b.call("POST", "/v1/score", b.scoreKey, record)).body?.model?.version === 2, "replica b serves version 2");
    });

    test("an experiment defined on one replica routes requests on the other", async () => {
      const arms = [
        { name: "champion", model: "bank", version: 1, weight: 1 },
        { name: "challenger", model: "bank", version: 2, weight: 1 },
      ];
      const put = await a.call("PUT", "/v1/experiments/split", a.adminKey, { arms });
      assert.equal(put.status, 200, put.text);
      const request = { experiment: "split", records: bank.records.slice(0, 40) };
      await eventually(async () => (await b.call("POST", "/v1/score", b.scoreKey, request)).status === 200, "replica b knows the experiment");
      const answered = await b.call("POST", "/v1/score", b.scoreKey, request);
      const armsSeen = new Set(answered.body.results.map((r: { arm: string }) => r.arm));
      assert.deepEqual([...armsSeen].sort(), ["challenger", "champion"]);
    });
  });
}

for (const backend of BACKENDS) replicaSuite(backend);
