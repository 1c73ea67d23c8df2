// One suite, run against both stores (SQLite file, PostgreSQL from LEADSCORE_TEST_PG):
// both must store, filter, order and count identically, and survive close/reopen and SIGKILL.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openStore } from "../../src/serve/store/open-store.js";
import type { ApiKeyRow, ExperimentRow, ScoreRow, Store } from "../../src/serve/store/store.js";
import { BACKENDS, type TestBackend, type TestDatabase } from "./test-databases.js";

const T0 = Date.UTC(2024, 0, 1);
const at = (minute: number): string => new Date(T0 + minute * 60_000).toISOString();

function key(id: string, scope: "score" | "admin", minute: number): ApiKeyRow {
  return { id, scope, secretHash: id.repeat(6).slice(0, 64), label: `label ${id}`, createdAt: at(minute), revokedAt: null };
}

function score(recordId: string, minute: number, value: number, grade: string, extra: Partial<ScoreRow> = {}): ScoreRow {
  return {
    recordId, model: "leads", version: 1, experiment: null, arm: null, shadow: false,
    probability: value / 1000, score: value, grade, reasons: `[{"column":"age","effect":${value / 100}}]`,
    record: `{"id":"${recordId}"}`, scoredAt: at(minute), ...extra,
  };
}

const ids = (rows: readonly { recordId: string }[]): string[] => rows.map((r) => r.recordId);

function storeSuite(backend: TestBackend): void {
  if (backend.skip !== undefined) {
    // Counted as a skipped test (not silently passed) with the reason.
    test(`store: ${backend.name}`, { skip: backend.skip }, () => {});
    return;
  }
  describe(`store: ${backend.name}`, () => {
    let database: TestDatabase;
    let store: Store;
    before(async () => {
      database = await backend.create();
      store = await openStore(database.db);
    });
    after(async () => {
      await store?.close();
      await database?.cleanup();
    });

    test("keys: insert, find, list in creation order, revoke once", async () => {
      await store.insertKey(key("00000000000b", "admin", 2));
      await store.insertKey(key("00000000000a", "score", 1));
      assert.deepEqual(await store.findKey("00000000000b"), key("00000000000b", "admin", 2));
      assert.equal(await store.findKey("ffffffffffff"), null);
      assert.deepEqual((await store.listKeys()).map((k) => k.id), ["00000000000a", "00000000000b"]);
      await assert.rejects(store.insertKey(key("00000000000a", "admin", 3)), /UNIQUE|duplicate/i);
      assert.equal(await store.revokeKey("00000000000a", at(5)), true);
      assert.equal(await store.revokeKey("00000000000a", at(6)), false, "already revoked");
      assert.equal(await store.revokeKey("ffffffffffff", at(6)), false, "unknown id");
      assert.equal((await store.findKey("00000000000a"))?.revokedAt, at(5));
    });

    test("models: versions count 1, 2, 3 per name, also when uploads race", async () => {
      const upload = (name: string, sha256: string) => store.insertModel({ name, sha256, body: `{"sha":"${sha256}"}`, uploadedAt: at(1), uploadedBy: "k1" });
      assert.equal((await upload("leads", "s1")).version, 1);
      assert.equal((await upload("leads", "s2")).version, 2);
      assert.equal((await upload("credit", "c1")).version, 1);
      const raced = await Promise.all(["r1", "r2", "r3", "r4", "r5"].map((sha) => upload("raced", sha)));
      assert.deepEqual(raced.map((m) => m.version).sort(), [1, 2, 3, 4, 5]);
      assert.deepEqual(await store.getModel("leads", 2), { name: "leads", version: 2, sha256: "s2", body: '{"sha":"s2"}', uploadedAt: at(1), uploadedBy: "k1" });
      assert.equal(await store.getModel("leads", 3), null);
      const listed = await store.listModels();
      assert.deepEqual(listed.map((m) => `${m.name}@${m.version}`), ["credit@1", "leads@1", "leads@2", "raced@1", "raced@2", "raced@3", "raced@4", "raced@5"]);
      assert.ok(listed.every((m) => m.body === ""), "listModels leaves bodies out");
    });

    test("activations: oldest first, filtered by name", async () => {
      await store.insertActivation({ name: "leads", version: 1, activatedAt: at(1), activatedBy: "k1" });
      await store.insertActivation({ name: "credit", version: 1, activatedAt: at(2), activatedBy: "k2" });
      await store.insertActivation({ name: "leads", version: 2, activatedAt: at(3), activatedBy: "k1" });
      await store.insertActivation({ name: "leads", version: 1, activatedAt: at(4), activatedBy: "k3" });
      assert.deepEqual((await store.listActivations()).map((a) => `${a.name}@${a.version}`), ["leads@1", "credit@1", "leads@2", "leads@1"]);
      assert.deepEqual(await store.listActivations("leads"), [
        { name: "leads", version: 1, activatedAt: at(1), activatedBy: "k1" },
        { name: "leads", version: 2, activatedAt: at(3), activatedBy: "k1" },
        { name: "leads", version: 1, activatedAt: at(4), activatedBy: "k3" },
      ]);
      assert.deepEqual(await store.listActivations("nobody"), []);
    });

    test("scores: order, grade, search, model, shadow, paging, outcome join, counts", async () => {
      await store.insertScores([
        score("lead-A1", 1, 710, "A"),
        score("lead-b2", 2, 520, "C"),
        score("Lead-C3", 3, 650, "B"),
        score("other-4", 4, 650, "B"),
        score("lead-e5", 5, 300, "D", { model: "credit" }),
        score("lead-A1", 6, 720, "A", { experiment: "exp", arm: "champion" }),
        score("lead-b2", 6, 530, "C", { experiment: "exp", arm: "challenger", version: 2, shadow: true }),
      ]);
      await store.insertOutcomes([
        { recordId: "lead-A1", converted: true, at: at(10), receivedAt: at(11) },
        { recordId: "lead-b2", converted: false, at: at(10), receivedAt: at(11) },
        { recordId: "never-scored", converted: true, at: at(10), receivedAt: at(11) },
      ]);

      const newest = await store.listScores({ limit: 50 });
      // Same scoredAt (minute 6): the one inserted later comes first; the shadow row is hidden.
      assert.deepEqual(ids(newest), ["lead-A1", "lead-e5", "other-4", "Lead-C3", "lead-b2", "lead-A1"]);
      assert.deepEqual(newest[0], { ...score("lead-A1", 6, 720, "A", { experiment: "exp", arm: "champion" }), converted: true });
      assert.deepEqual(newest.map((r) => r.converted), [true, null, null, null, false, true]);
      assert.deepEqual(ids(await store.listScores({ limit: 50, order: "score-desc" })), ["lead-A1", "lead-A1", "other-4", "Lead-C3", "lead-b2", "lead-e5"]);
      assert.deepEqual(ids(await store.listScores({ limit: 50, order: "score-asc" })), ["lead-e5", "lead-b2", "other-4", "Lead-C3", "lead-A1", "lead-A1"]);
      assert.deepEqual(ids(await store.listScores({ limit: 50, grade: "B" })), ["other-4", "Lead-C3"]);
      assert.deepEqual(ids(await store.listScores({ limit: 50, search: "LEAD-", order: "score-asc" })), ["lead-e5", "lead-b2", "Lead-C3", "lead-A1", "lead-A1"]);
      assert.deepEqual(ids(await store.listScores({ limit: 50, search: "%" })), [], "search is a plain substring, not a LIKE pattern");
      assert.deepEqual(ids(await store.listScores({ limit: 50, model: "credit" })), ["lead-e5"]);
      assert.deepEqual(ids(await store.listScores({ limit: 2, offset: 1, order: "score-desc" })), ["lead-A1", "other-4"]);
      assert.deepEqual(ids(await store.listScores({ limit: 2, offset: 6 })), []);
      const withShadow = await store.listScores({ limit: 50, includeShadow: true });
      assert.equal(withShadow.length, 7);
      assert.deepEqual(withShadow.find((r) => r.shadow), { ...score("lead-b2", 6, 530, "C", { experiment: "exp", arm: "challenger", version: 2, shadow: true }), converted: false });

      assert.equal(await store.countScores(), 7);
      assert.equal(await store.countScores({}), 6, "shadow scores are left out unless asked");
      assert.equal(await store.countScores({ includeShadow: true }), 7);
      assert.equal(await store.countScores({ grade: "B" }), 2);
      assert.equal(await store.countScores({ search: "a1", model: "leads" }), 2);
      assert.equal(await store.countOutcomes(), 3);

      assert.deepEqual(await store.gradeOutcomes(), [
        { grade: "A", scored: 2, withOutcome: 2, converted: 2 },
        { grade: "B", scored: 2, withOutcome: 0, converted: 0 },
        { grade: "C", scored: 1, withOutcome: 1, converted: 0 },
        { grade: "D", scored: 1, withOutcome: 0, converted: 0 },
      ]);
      assert.deepEqual(await store.gradeOutcomes("credit"), [{ grade: "D", scored: 1, withOutcome: 0, converted: 0 }]);

      const experiment = await store.experimentScores("exp");
      assert.deepEqual(experiment.map((r) => [r.recordId, r.arm, r.shadow, r.converted]), [["lead-A1", "champion", false, true], ["lead-b2", "challenger", true, false]]);
      assert.deepEqual(await store.experimentScores("none"), []);
    });

    test("outcomes: a later outcome for an id replaces the earlier one, also within a batch", async () => {
      await store.insertOutcomes([
        { recordId: "lead-b2", converted: true, at: at(20), receivedAt: at(21) },
        { recordId: "x-1", converted: true, at: at(20), receivedAt: at(21) },
        { recordId: "x-1", converted: false, at: at(22), receivedAt: at(23) },
      ]);
      assert.deepEqual(await store.findOutcomes(["x-1", "lead-b2", "missing"]), [
        { recordId: "lead-b2", converted: true, at: at(20), receivedAt: at(21) },
        { recordId: "x-1", converted: false, at: at(22), receivedAt: at(23) },
      ]);
      assert.equal(await store.countOutcomes(), 4);
      assert.equal((await store.listScores({ limit: 1, grade: "C" }))[0]?.converted, true);
      await store.insertOutcomes([]);
      assert.equal(await store.countOutcomes(), 4);
    });

    test("scores: a batch larger than one INSERT keeps its order and count", async () => {
      const batch = Array.from({ length: 1234 }, (_, i) => score(`bulk-${String(i).padStart(4, "0")}`, 100, i, "E", { model: "bulk" }));
      await store.insertScores(batch);
      assert.equal(await store.countScores({ model: "bulk" }), 1234);
      const newest = await store.listScores({ limit: 3, model: "bulk" });
      assert.deepEqual(ids(newest), ["bulk-1233", "bulk-1232", "bulk-1231"], "same timestamp: last inserted first");
      const top = await store.listScores({ limit: 2, model: "bulk", order: "score-desc", offset: 10 });
      assert.deepEqual(top.map((r) => r.score), [1223, 1222]);
    });

    test("experiments: put, get, update keeps createdAt, list by name", async () => {
      const first: ExperimentRow = {
        name: "spring",
        arms: [
          { name: "champion", model: "leads", version: null, weight: 0.9, shadow: false },
          { name: "challenger", model: "leads", version: 2, weight: 0.1, shadow: false },
        ],
        createdAt: at(1),
        updatedAt: at(1),
      };
      await store.putExperiment(first);
      await store.putExperiment({ name: "autumn", arms: [{ name: "only", model: "credit", version: 1, weight: 1, shadow: false }], createdAt: at(2), updatedAt: at(2) });
      assert.deepEqual(await store.getExperiment("spring"), first);
      const arms = [...first.arms, { name: "shadow", model: "credit", version: null, weight: 0, shadow: true }];
      await store.putExperiment({ name: "spring", arms, createdAt: at(9), updatedAt: at(9) });
      assert.deepEqual(await store.getExperiment("spring"), { name: "spring", arms, createdAt: at(1), updatedAt: at(9) });
      assert.deepEqual((await store.listExperiments()).map((e) => e.name), ["autumn", "spring"]);
      assert.equal(await store.getExperiment("winter"), null);
    });

    test("everything persists across close and reopen; counts are numbers", async () => {
      await store.close();
      store = await openStore(database.db);
      const again = await openStore(database.db); // migrating twice is harmless
      await again.close();
      assert.equal((await store.findKey("00000000000b"))?.scope, "admin");
      assert.equal((await store.listModels()).length, 8);
      assert.equal((await store.listActivations()).length, 4);
      assert.equal((await store.getExperiment("spring"))?.arms.length, 3);
      const scores = await store.countScores();
      const outcomes = await store.countOutcomes();
      assert.equal(typeof scores, "number");
      assert.equal(typeof outcomes, "number");
      assert.equal(scores, 7 + 1234);
      assert.equal(outcomes, 4);
      const grades = await store.gradeOutcomes("leads");
      assert.ok(grades.every((g) => typeof g.scored === "number" && typeof g.withOutcome === "number" && typeof g.converted === "number"));
    });

    test("acknowledged outcomes survive SIGKILL of the writing process", async () => {
      const acknowledged = await killWriterMidStream(database.db);
      assert.ok(acknowledged.length >= 5 * 50, `the writer acknowledged ${acknowledged.length} outcomes before the kill`);
      const reopened = await openStore(database.db);
      try {
        const found = await reopened.findOutcomes(acknowledged);
        assert.equal(found.length, acknowledged.length, "every acknowledged outcome is stored");
        assert.ok(found.every((o) => o.converted === o.recordId.endsWith("0")));
      } finally {
        await reopened.close();
      }
    });
  });
}

/** Runs test/serve/outcome-writer.ts, kills it with SIGKILL after a few acknowledged batches, returns the acknowledged ids. */
function killWriterMidStream(db: string): Promise<string[]> {
  const script = join(import.meta.dirname, "outcome-writer.ts");
  const child = spawn(process.execPath, ["--import", "tsx", script, db], { stdio: ["ignore", "pipe", "pipe"] });
  const acknowledged: string[] = [];
  let pending = "";
  let stderr = "";
  let batches = 0;
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const ack = /^ack (\S+) (\d+)$/.exec(line);
        if (ack === null) continue;
        for (let j = 0; j < Number(ack[2]); j++) acknowledged.push(`${ack[1]}-${j}`);
        batches++;
        // Kill while the writer is in the middle of its stream, not between runs.
        if (batches === 20) child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve(acknowledged);
      else reject(new Error(`the outcome writer stopped on its own (code ${code}): ${stderr}`));
    });
  });
}

for (const backend of BACKENDS) storeSuite(backend);
