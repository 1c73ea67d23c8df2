import assert from "node:assert/strict";
import { test } from "node:test";
import { readJsonl, readJsonlChunks } from "../../src/data/jsonl-reader.js";
import { fixture, plain, rejectsWith, stacked } from "./fixtures.js";

test("JSON Lines: keys in order of first appearance, values as strings, null and absent keys missing", async () => {
  assert.deepEqual(plain(await readJsonl(fixture("mixed.jsonl"))), {
    header: ["id", "name", "score", "ok", "city"],
    cells: [
      ["1", "2", "3"],
      ["Ada", null, null],
      ["2.5", null, "-0.001"],
      ["true", "false", null],
      [null, "Lyon", null],
    ],
    // Line 2 is blank.
    lines: [1, 3, 4],
    rows: 3,
  });
});

test("JSON Lines in chunks: same cells; a key first seen after the first chunk is an error", async () => {
  const whole = plain(await readJsonl(fixture("mixed.jsonl")));
  const { tables, table } = await stacked(readJsonlChunks(fixture("mixed.jsonl"), { chunkRows: 2 }));
  assert.equal(tables, 2);
  assert.deepEqual(table, whole);
  const path = fixture("late-key.jsonl");
  assert.deepEqual((await readJsonl(path)).cells, [
    ["1", "2", "3"],
    [null, null, "x"],
  ]);
  await rejectsWith(
    () => stacked(readJsonlChunks(path, { chunkRows: 2 })),
    "data",
    `${path}:3, field 'b': the key is not in the first 2 records, which fixed the columns; read the file whole or put every key in its first records`,
  );
});

test("JSON Lines errors name file and line: invalid JSON, nested values, non-objects", async () => {
  let path = fixture("bad.jsonl");
  await rejectsWith(() => readJsonl(path), "data", new RegExp(`^${escape(path)}:3: invalid JSON \\(.+\\); each line must hold one JSON object$`));
  path = fixture("nested.jsonl");
  const nested = await rejectsWith(() => readJsonl(path), "data", `${path}:2, field 'address': nested objects are not supported; flatten them into separate keys`);
  assert.deepEqual(nested.where, { file: path, line: 2, field: "address" });
  path = fixture("not-object.jsonl");
  await rejectsWith(() => readJsonl(path), "data", `${path}:2: expected a JSON object but found an array; each line must hold one JSON object`);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
