// The batched score writer over a real SQLite store: batches of at most `batchRows` (or what
// piled up while a write ran), a timer flush, everything written by close(), and a bounded
// backlog that drops the oldest rows (counted) when the store stalls.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ScoreWriter } from "../../src/serve/score-writer.js";
import { openStore } from "../../src/serve/store/open-store.js";
import type { ScoreRow, Store } from "../../src/serve/store/store.js";
import { sqliteBackend, type TestDatabase } from "./test-databases.js";

function rows(prefix: string, n: number): ScoreRow[] {
  return Array.from({ length: n }, (_, i) => ({
    recordId: `${prefix}-${i}`, model: "m", version: 1, experiment: null, arm: null, shadow: false,
    probability: 0.5, score: 50, grade: "B", reasons: "[]", record: "{}", scoredAt: "2024-01-01T00:00:00.000Z",
  }));
}

/** The store, with every insertScores batch size recorded and an optional gate that holds writes. */
function watched(store: Store): { store: Store; batches: number[]; hold(): () => void } {
  const batches: number[] = [];
  let gate: Promise<void> | null = null;
  const wrapped = Object.create(store) as Store;
  wrapped.insertScores = async (scores) => {
    if (gate !== null) await gate;
    batches.push(scores.length);
    return store.insertScores(scores);
  };
  return {
    store: wrapped,
    batches,
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

let database: TestDatabase;
let store: Store;
before(async () => {
  database = await sqliteBackend.create();
  store = await openStore(database.db);
});
after(async () => {
  await store?.close();
  await database?.cleanup();
});

test("a full batch is written at once, the rest on the timer, all of it in the store", async () => {
  const w = watched(store);
  const writer = new ScoreWriter(w.store, { batchRows: 100, flushMs: 30 });
  writer.add(rows("a", 250));
  await writer.flush();
  assert.equal(w.batches.reduce((a, b) => a + b, 0), 250);
  assert.ok(w.batches.every((n) => n >= 100 || n === 250 % 100 || n === 250), w.batches.join(","));
  writer.add(rows("b", 3));
  await new Promise((r) => setTimeout(r, 120));
  assert.equal(writer.stats().pending, 0, "the timer wrote the partial batch");
  assert.equal(await store.countScores(), 253);
  await writer.close();
  assert.deepEqual(writer.stats(), { pending: 0, written: 253, failed: 0, dropped: 0 });
});

test("while the store stalls the backlog is bounded: the oldest rows are dropped and counted; close() writes the rest", async () => {
  const before = await store.countScores();
  const w = watched(store);
  const writer = new ScoreWriter(w.store, { batchRows: 10, flushMs: 5, maxPending: 50 });
  const release = w.hold();
  writer.add(rows("c", 10)); // taken by the first (held) write
  await new Promise((r) => setTimeout(r, 10));
  writer.add(rows("d", 80));
  assert.equal(writer.stats().dropped, 30);
  assert.equal(writer.stats().pending, 50);
  release();
  await writer.close();
  assert.equal(await store.countScores(), before + 60);
  const kept = await store.listScores({ limit: 100, search: "d-" });
  assert.deepEqual(kept.map((r) => Number(r.recordId.slice(2))).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 30), "the newest 50 kept");
});

test("a failed write is counted and reported, and the writer carries on", async () => {
  const failing = Object.create(store) as Store;
  let calls = 0;
  failing.insertScores = async (scores) => {
    calls++;
    if (calls === 1) throw new Error("database went away");
    return store.insertScores(scores);
  };
  const reported: number[] = [];
  const writer = new ScoreWriter(failing, { batchRows: 5, onError: (_error, n) => reported.push(n) });
  writer.add(rows("e", 5));
  await writer.flush();
  writer.add(rows("f", 5));
  await writer.close();
  assert.deepEqual(reported, [5]);
  assert.deepEqual(writer.stats(), { pending: 0, written: 5, failed: 5, dropped: 0 });
});
