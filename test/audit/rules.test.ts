import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRules } from "../../src/audit/rules-file.js";
import { gradeRules, scoreRules } from "../../src/audit/rules-scorer.js";
import type { RawTable } from "../../src/core/frame.js";

const table: RawTable = {
  source: "leads.csv",
  header: ["pages", "source", "title", "opted_in", "company"],
  rows: 4,
  cells: [
    ["7", "2", null, "12"],
    ["Webinar", "ads", "referral", null],
    ["VP Sales", "Sales Director", "intern", "director of IT"],
    ["yes", "no", "Y", null],
    [null, "Acme", "Globex", "Initech"],
  ],
  lines: Int32Array.from([2, 3, 4, 5]),
};

test("every op scores as documented: sums of points, text without case, missing only for `missing`", () => {
  const rules = parseRules(
    {
      rules: [
        { when: { column: "pages", op: ">=", value: 7 }, points: 10 },
        { when: { column: "pages", op: "<", value: 3 }, points: -2 },
        { when: { column: "source", op: "=", value: "webinar" }, points: 5 },
        { when: { column: "source", op: "!=", value: "ads" }, points: 1 },
        { when: { column: "source", op: "in", value: ["referral", "partner"] }, points: 4 },
        { when: { column: "title", op: "contains", value: "DIRECTOR" }, points: 3 },
        { when: { column: "opted_in", op: "=", value: true }, points: 2 },
        { when: { column: "company", op: "missing" }, points: -1 },
        { when: [{ column: "pages", op: ">", value: 5 }, { column: "company", op: "missing", value: false }], points: 100 },
      ],
    },
    "rules.json",
  );
  // Row 1: pages 7 (+10), Webinar (+5, != ads +1), VP Sales, yes (+2), company missing (−1) = 17.
  // Row 2: pages 2 (−2), ads, Sales Director (+3), no, Acme = 1.
  // Row 3: pages missing, referral (+1, in +4), intern, Y (+2), Globex = 7.
  // Row 4: pages 12 (+10, and > 5 with a company +100), source missing (no != either), director (+3), opted_in missing, Initech = 113.
  assert.deepEqual(Array.from(scoreRules(rules, table)), [17, 1, 7, 113]);
});

test("grades: the least points for each grade, best first; the last grade takes the rest", () => {
  const rules = parseRules({ rules: [{ when: { column: "pages", op: ">", value: 0 }, points: 1 }], grades: { C: 0, A: 10, B: 5 } }, "r.json");
  assert.deepEqual(rules.grades?.map((g) => g.label), ["A", "B", "C"]);
  assert.deepEqual(gradeRules(rules, Float64Array.from([12, 10, 7, -3])), ["A", "A", "B", "C"]);
});

test("a bad rules file is refused with every problem listed, and bad data names file, line and column", () => {
  assert.throws(
    () =>
      parseRules(
        { rules: [{ when: { column: "a", op: "like", value: 1 }, points: 1 }, { when: { column: "b", op: ">", value: "five" }, points: "x" }], extra: 1 },
        "old.json",
      ),
    (error: Error) => {
      assert.match(error.message, /^old\.json is not a valid rules file: /);
      assert.match(error.message, /rules\[0\]\.when\.op "like" is not one of = != > >= < <= in contains missing/);
      assert.match(error.message, /rules\[1\]\.points must be a number/);
      assert.match(error.message, /rules\[1\]\.when\.value must be a number for op ">"/);
      assert.match(error.message, /unknown field "extra"/);
      return true;
    },
  );
  const rules = parseRules({ rules: [{ when: { column: "source", op: ">", value: 1 }, points: 1 }] }, "r.json");
  assert.throws(() => scoreRules(rules, table), /leads\.csv:2, column 'source': 'Webinar' is not a number/);
  const unknown = parseRules({ rules: [{ when: { column: "budget", op: "missing" }, points: 1 }] }, "r.json");
  assert.throws(() => scoreRules(unknown, table, "r.json"), /leads\.csv has no column 'budget', which r\.json uses/);
});
