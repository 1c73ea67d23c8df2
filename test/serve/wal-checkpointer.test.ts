// The serving SQLite file checkpoints its WAL from a worker thread: the serving connection's
// own automatic checkpoint is pushed out, and pages reach the database file only through the
// worker's checkpoints.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { SqliteStore } from "../../src/serve/store/sqlite-store.js";
import type { ScoreRow } from "../../src/serve/store/store.js";
import { SAFETY_NET_PAGES } from "../../src/serve/store/wal-checkpointer.js";

function scores(count: number): ScoreRow[] {
  return Array.from({ length: count }, (_, i) => ({
    recordId: `lead-${i}`, model: "m", version: 1, experiment: null, arm: null, shadow: false,
    probability: (i % 100) / 100, score: i % 100, grade: "B", reasons: "[]", record: JSON.stringify({ i, note: "x".repeat(200) }), scoredAt: "2026-11-25T00:00:00.000Z",
  }));
}

test("WAL pages reach the database file through the worker's checkpoint, not inside a write", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leadscore-wal-"));
  const file = join(dir, "serve.db");
  const store = new SqliteStore(file);
  try {
    await store.migrate();
    const checkpointer = store.checkpointInBackground(60_000); // only when asked, in this test
    const dbBytes = () => statSync(file).size;
    const walBytes = () => statSync(`${file}-wal`).size;
    await checkpointer.checkpointNow();
    const before = dbBytes();
    await store.insertScores(scores(15_000)); // ~1,300 pages: past the default checkpoint at 1,000
    assert.equal(dbBytes(), before, "the write itself did not checkpoint (the safety net is far away)");
    assert.ok(walBytes() > 4_100_000, `the WAL holds the new pages (${walBytes()} bytes)`);
    assert.ok(walBytes() < SAFETY_NET_PAGES * 4096);
    const ran = checkpointer.count;
    await checkpointer.checkpointNow();
    assert.equal(checkpointer.count, ran + 1);
    assert.ok(dbBytes() > before + 500_000, `the worker copied the pages into the database file (${before} → ${dbBytes()} bytes)`);
    assert.equal(await store.countScores(), 15_000);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
