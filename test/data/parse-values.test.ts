import assert from "node:assert/strict";
import { test } from "node:test";
import { parseNumber } from "../../src/data/parse-number.js";
import { parseDateTime } from "../../src/data/parse-datetime.js";

test("parseNumber: plain decimals only", () => {
  assert.equal(parseNumber("+1.5e3"), 1500);
  assert.equal(parseNumber("-0.25"), -0.25);
  assert.equal(parseNumber(".5"), 0.5);
  assert.equal(parseNumber("5."), 5);
  assert.equal(parseNumber("007"), 7);
  for (const bad of ["0x10", "0b1", "0o7", "1,234", "Infinity", "-Infinity", "1e400", "12abc", "forty"]) assert.ok(Number.isNaN(parseNumber(bad)), bad);
});

test("parseDateTime: ISO-like dates read as UTC, zones applied, impossible dates refused", () => {
  assert.equal(parseDateTime("1970-01-01"), 0);
  assert.equal(parseDateTime("2024-02-29"), Date.UTC(2024, 1, 29));
  assert.equal(parseDateTime("2024/3/1"), Date.UTC(2024, 2, 1));
  assert.equal(parseDateTime("2024-03-01 12:30"), Date.UTC(2024, 2, 1, 12, 30));
  assert.equal(parseDateTime("2024-03-01T12:30:05.25Z"), Date.UTC(2024, 2, 1, 12, 30, 5, 250));
  assert.equal(parseDateTime("2024-03-01T12:30:00+02:00"), Date.UTC(2024, 2, 1, 10, 30));
  assert.equal(parseDateTime("2024-03-01T12:30:00-0530"), Date.UTC(2024, 2, 1, 18, 0));
  assert.equal(new Date(parseDateTime("0099-01-01")).getUTCFullYear(), 99); // not 1999
  for (const bad of ["2023-02-29", "2024-13-01", "2024-04-31", "2024-03-01T24:00", "20240301", "2024-03/01", "01/03/2024", "2024-03-01Z", "yesterday"]) {
    assert.ok(Number.isNaN(parseDateTime(bad)), bad);
  }
});
