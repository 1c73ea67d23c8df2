import assert from "node:assert/strict";
import { test } from "node:test";
import type { ColumnSchema, RawTable } from "../../src/core/frame.js";
import { MISSING_CODE, UNSEEN_CODE } from "../../src/core/frame.js";
import { frameSchema, toFrame } from "../../src/data/to-frame.js";
import { throwsWith } from "./fixtures.js";

const RAW: RawTable = {
  source: "new.csv",
  header: ["extra", "note", "seen", "flag", "plan", "age"],
  rows: 4,
  cells: [
    ["a", "b", "c", "d"],
    ["hello there", null, "x", "y"],
    ["2024-03-01", null, "2024-03-02T06:00:00+06:00", "1970-01-02"],
    ["Yes", "no", null, "YES"],
    ["pro", "basic", null, "enterprise"],
    ["41", "-0.5", null, "1e2"],
  ],
  lines: Int32Array.from([2, 3, 5, 42]),
};

test("toFrame types each column in schema order, ignoring extra columns", () => {
  const schema: ColumnSchema[] = [
    { name: "age", kind: "numeric" },
    { name: "plan", kind: "categorical", levels: ["basic", "pro"] },
    { name: "flag", kind: "boolean", levels: ["no", "yes"] },
    { name: "seen", kind: "datetime" },
    { name: "note", kind: "text" },
  ];
  const frame = toFrame(RAW, schema);
  assert.equal(frame.rows, 4);
  assert.equal(frame.source, "new.csv");
  assert.deepEqual([...frame.lines], [2, 3, 5, 42]);
  assert.deepEqual(
    frame.columns.map((c) => c.name),
    ["age", "plan", "flag", "seen", "note"],
  );
  const [age, plan, flag, seen, note] = frame.columns;
  assert.ok(age?.kind === "numeric" && plan?.kind === "categorical" && flag?.kind === "boolean" && seen?.kind === "datetime" && note?.kind === "text");
  assert.deepEqual([...age.values], [41, -0.5, NaN, 100]);
  assert.deepEqual([...plan.codes], [1, 0, MISSING_CODE, UNSEEN_CODE]);
  assert.deepEqual(plan.levels, ["basic", "pro"]);
  assert.deepEqual([...flag.codes], [1, 0, MISSING_CODE, 1]);
  assert.deepEqual([...seen.values], [Date.UTC(2024, 2, 1), NaN, Date.UTC(2024, 2, 2), 86_400_000]);
  assert.deepEqual(note.values, ["hello there", null, "x", "y"]);
});

test("without levels, categories are the distinct values sorted by code unit; boolean values lowercased", () => {
  const raw: RawTable = { source: "t.csv", header: ["c", "b"], rows: 5, cells: [["b", "B", "a", null, "b"], ["Y", "n", "y", "N", null]], lines: Int32Array.from([2, 3, 4, 5, 6]) };
  const frame = toFrame(raw, [
    { name: "c", kind: "categorical" },
    { name: "b", kind: "boolean" },
  ]);
  const [c, b] = frame.columns;
  assert.ok(c?.kind === "categorical" && b?.kind === "boolean");
  assert.deepEqual(c.levels, ["B", "a", "b"]);
  assert.deepEqual([...c.codes], [2, 0, 1, MISSING_CODE, 2]);
  assert.deepEqual(b.levels, ["n", "y"]);
  assert.deepEqual([...b.codes], [1, 0, 1, 0, MISSING_CODE]);
  assert.deepEqual(frameSchema(frame), [
    { name: "c", kind: "categorical", levels: ["B", "a", "b"] },
    { name: "b", kind: "boolean", levels: ["n", "y"] },
  ]);
});

test("a value that does not parse is an error with file:line, column and value", () => {
  const raw: RawTable = { ...RAW, cells: RAW.cells.map((c, i) => (i === 5 ? ["41", "-0.5", null, "forty"] : c)) };
  const err = throwsWith(
    () => toFrame(raw, [{ name: "age", kind: "numeric" }]),
    "data",
    "new.csv:42, column 'age': 'forty' is not a number; expected a number, as this column was numeric when the model was trained",
  );
  assert.deepEqual(err.where, { file: "new.csv", line: 42, column: "age" });
  throwsWith(
    () => toFrame(raw, [{ name: "age", kind: "numeric" }], { schemaSource: "data" }),
    "data",
    "new.csv:42, column 'age': 'forty' is not a number; expected a number, as this column is numeric",
  );
  throwsWith(
    () => toFrame(RAW, [{ name: "plan", kind: "datetime" }], { schemaSource: "data" }),
    "data",
    "new.csv:2, column 'plan': 'pro' is not a date; expected a date such as 2024-03-01 or 2024-03-01T14:30:00Z, as this column is datetime",
  );
});

test("schema columns absent from the data: an error naming them all, or missing values when allowed", () => {
  const schema: ColumnSchema[] = [
    { name: "age", kind: "numeric" },
    { name: "income", kind: "numeric" },
  ];
  const err = throwsWith(() => toFrame(RAW, schema), "data", "new.csv: column 'income' is missing; the model needs it");
  assert.deepEqual(err.where, { file: "new.csv", column: "income" });
  throwsWith(
    () => toFrame(RAW, [...schema, { name: "region", kind: "categorical", levels: ["n"] }]),
    "data",
    "new.csv: columns 'income', 'region' are missing; the model needs them",
  );
  const frame = toFrame(RAW, [...schema, { name: "region", kind: "categorical", levels: ["n"] }, { name: "id", kind: "id" }], { requireColumns: false });
  const [, income, region, id] = frame.columns;
  assert.ok(income?.kind === "numeric" && region?.kind === "categorical" && id?.kind === "id");
  assert.deepEqual([...income.values], [NaN, NaN, NaN, NaN]);
  assert.deepEqual([...region.codes], [MISSING_CODE, MISSING_CODE, MISSING_CODE, MISSING_CODE]);
  assert.deepEqual(id.values, [null, null, null, null]);
});
