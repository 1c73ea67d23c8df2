import assert from "node:assert/strict";
import { test } from "node:test";
import type { RawTable } from "../../src/core/frame.js";
import { inferKind, inferSchema, parseKindOverrides } from "../../src/data/infer-kinds.js";
import { readCsv } from "../../src/data/csv-reader.js";
import { fixture, throwsWith } from "./fixtures.js";

test("kinds of the fixture's columns", async () => {
  const raw = await readCsv(fixture("kinds.csv"));
  const kinds = Object.fromEntries(inferSchema(raw).map((c) => [c.name, c.kind]));
  assert.deepEqual(kinds, {
    row: "id", // 1..12: row numbers
    lead_no: "id", // unique, always falling: an auto-increment key
    amount: "numeric", // unique but not whole numbers
    ints: "numeric", // unique whole numbers in no order
    zero_one: "numeric",
    flag: "boolean", // yes/no in mixed case, one missing
    signup: "datetime", // dates and date-times, '-' and '/' forms, zones
    key: "id", // UUIDs
    note: "text",
    city: "categorical",
    thousands: "categorical", // "1,000" is not read as a number
    empty: "categorical",
    gappy_ids: "numeric", // would be row numbers but one is missing
  });
});

test("inferKind edge cases", () => {
  assert.equal(inferKind(["1", "2", "3"]), "numeric"); // too few rows for an id
  assert.equal(inferKind(["+1.5", "-2e3", ".5", "7."]), "numeric");
  assert.equal(inferKind(["0x10", "3"]), "categorical");
  assert.equal(inferKind(["Infinity", "3"]), "categorical");
  assert.equal(inferKind(["T", "f", null, "t"]), "boolean");
  assert.equal(inferKind(["yes", "no", "maybe"]), "categorical");
  assert.equal(inferKind(["yes", "yes"]), "categorical");
  assert.equal(inferKind(["yes", "true"]), "categorical"); // two values, but not one pair
  assert.equal(inferKind(["2024-02-30"]), "categorical"); // not a real date
  assert.equal(inferKind([null, null]), "categorical");
  const keys = Array.from({ length: 12 }, (_, i) => `cust-${(i * 7) % 12}`);
  assert.equal(inferKind(keys), "id");
  assert.equal(inferKind([...keys.slice(0, 11), null]), "categorical"); // a key is never missing
  const spaced = Array.from({ length: 12 }, (_, i) => `Jane ${i}`);
  assert.equal(inferKind(spaced), "categorical"); // unique with spaces, but short: not free text
});

test("overrides win; an unknown override column is a usage error naming it", async () => {
  const raw = await readCsv(fixture("kinds.csv"));
  const schema = inferSchema(raw, { overrides: { zero_one: "categorical", row: "numeric" } });
  assert.equal(schema.find((c) => c.name === "zero_one")?.kind, "categorical");
  assert.equal(schema.find((c) => c.name === "row")?.kind, "numeric");
  assert.deepEqual(
    schema.map((c) => c.name),
    raw.header,
  );
  const small: RawTable = { source: "leads.csv", header: ["age", "plan"], rows: 1, cells: [["3"], ["x"]], lines: Int32Array.from([2]) };
  const err = throwsWith(
    () => inferSchema(small, { overrides: { agee: "numeric" } }),
    "usage",
    "A kind was given for column 'agee', not in leads.csv (its columns: 'age', 'plan').",
  );
  assert.equal(err.where.column, "agee");
});

test("parseKindOverrides reads COLUMN:KIND lists and reports every bad entry", () => {
  assert.deepEqual(parseKindOverrides("age:numeric, zip : Categorical,odd:name:text,when:date,ok:bool"), {
    age: "numeric",
    zip: "categorical",
    "odd:name": "text",
    when: "datetime",
    ok: "boolean",
  });
  throwsWith(
    () => parseKindOverrides("age=numeric,x:blob,y:id"),
    "usage",
    "Cannot read the column kinds 'age=numeric', 'x:blob': write COLUMN:KIND with KIND one of numeric, categorical, boolean, datetime, text, id.",
  );
});
