// typed.parquet and typed-zstd.parquet were written by pyarrow 25 (test/fixtures/data/make-parquet.py).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readParquet, readParquetChunks } from "../../src/data/parquet-reader.js";
import { fixture, plain, rejectsWith, stacked } from "./fixtures.js";

const EXPECTED = {
  header: ["name", "visits", "amount", "big", "active", "signup", "seen"],
  cells: [
    ["Ada", "Bob", null, null, null],
    ["3", null, "0", "-7", "12"],
    ["1.5", "2.25", null, null, "-0.125"],
    // 2^53 + 1: kept exact, as a bigint.
    ["9007199254740993", "1", "2", "3", null],
    ["true", "false", null, "true", "false"],
    ["2024-01-31", "1999-12-01", null, "2024-02-29", "2000-01-01"],
    ["2024-03-01T12:30:05.000Z", null, "1970-01-01T00:00:00.000Z", "2024-03-01T00:00:00.250Z", "2001-09-09T01:46:40.000Z"],
  ],
  lines: [1, 2, 3, 4, 5],
  rows: 5,
};

test("Parquet (snappy, three row groups): cells as strings, dates ISO, bigint exact, NaN/empty/NA missing", async () => {
  assert.deepEqual(plain(await readParquet(fixture("typed.parquet"))), EXPECTED);
});

test("Parquet with zstd compression reads the same", async () => {
  assert.deepEqual(plain(await readParquet(fixture("typed-zstd.parquet"))), EXPECTED);
});

test("Parquet in chunks of 2 rows: same cells and record numbers", async () => {
  const { tables, table } = await stacked(readParquetChunks(fixture("typed.parquet"), { chunkRows: 2 }));
  assert.equal(tables, 3);
  assert.deepEqual(table, EXPECTED);
});

test("a file that is not Parquet is a data error naming it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leadscore-parquet-"));
  try {
    const path = join(dir, "fake.parquet");
    writeFileSync(path, "id,name\n1,Ada\n");
    await rejectsWith(() => readParquet(path), "data", new RegExp(`^.*fake\\.parquet: is not a readable Parquet file \\(.+\\)$`));
  } finally {
    rmSync(dir, { recursive: true });
  }
});
