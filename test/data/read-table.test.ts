import assert from "node:assert/strict";
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { RawTable } from "../../src/core/frame.js";
import { concatTables, readTable, readTableChunks, tableFormat } from "../../src/data/read-table.js";
import { fixture, plain, rejectsWith, stacked } from "./fixtures.js";

test("the format follows the extension", () => {
  assert.equal(tableFormat("a/b.JSONL"), "jsonl");
  assert.equal(tableFormat("x.ndjson"), "jsonl");
  assert.equal(tableFormat("x.parquet"), "parquet");
  assert.equal(tableFormat("x.csv"), "csv");
  assert.equal(tableFormat("x.tsv"), "csv");
  assert.equal(tableFormat("no-extension"), "csv");
});

test("readTable and readTableChunks read each format", async () => {
  assert.deepEqual((await readTable(fixture("semicolon.csv"))).header, ["id", "city", "amount", "note"]);
  assert.deepEqual((await readTable(fixture("mixed.jsonl"))).header, ["id", "name", "score", "ok", "city"]);
  assert.equal((await readTable(fixture("typed.parquet"))).rows, 5);
  const { table } = await stacked(readTableChunks(fixture("missing.csv"), { chunkRows: 5, na: ["missing"] }));
  assert.deepEqual(table, plain(await readTable(fixture("missing.csv"), { na: ["missing"] })));
  assert.equal(table.cells[0]?.[11], null);
});

test("unreadable paths are file errors with a plain reason", async () => {
  for (const name of ["nope.csv", "nope.jsonl", "nope.parquet"]) {
    const path = fixture(name);
    const err = await rejectsWith(() => readTable(path), "file", `Cannot read '${path}': no such file.`);
    assert.deepEqual(err.where, { file: path });
  }
  const dir = mkdtempSync(join(tmpdir(), "leadscore-read-"));
  try {
    await rejectsWith(() => readTable(dir), "file", `Cannot read '${dir}': it is a directory, not a file.`);
    const locked = join(dir, "locked.csv");
    copyFileSync(fixture("pipe.csv"), locked);
    chmodSync(locked, 0o000);
    // root reads anything: only check the message where permissions apply.
    if (process.getuid?.() !== 0) await rejectsWith(() => readTable(locked), "file", `Cannot read '${locked}': permission denied.`);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("concatTables stacks cells and lines; different headers are refused", () => {
  const a: RawTable = { source: "a.csv", header: ["x", "y"], rows: 2, cells: [["1", "2"], ["p", null]], lines: Int32Array.from([2, 3]) };
  const b: RawTable = { source: "a.csv", header: ["x", "y"], rows: 1, cells: [["3"], ["q"]], lines: Int32Array.from([5]) };
  assert.deepEqual(plain(concatTables([a, b])), { header: ["x", "y"], cells: [["1", "2", "3"], ["p", null, "q"]], lines: [2, 3, 5], rows: 3 });
  assert.throws(() => concatTables([a, { ...b, header: ["x", "z"] }]), /columns differ/);
});
