import assert from "node:assert/strict";
import { test } from "node:test";
import type { Frame } from "../../src/core/frame.js";
import { readTable } from "../../src/data/read-table.js";
import { inferSchema } from "../../src/data/infer-kinds.js";
import { toFrame } from "../../src/data/to-frame.js";
import { checkQuality } from "../../src/data/quality.js";
import { duplicateRowCount } from "../../src/data/duplicate-rows.js";
import { judgeSeparations } from "../../src/data/target-leakage.js";
import type { ColumnSeparation } from "../../src/data/column-separation.js";
import { fixture, sharedDataset } from "./fixtures.js";

/** Reads a file, takes `target` out as labels (1 where it equals `positive`) and types the rest. */
async function prepare(path: string, target: string, positive: string, options: { delimiter?: string } = {}): Promise<{ frame: Frame; labels: Uint8Array }> {
  const raw = await readTable(path, options);
  const t = raw.header.indexOf(target);
  const labels = Uint8Array.from(raw.cells[t] as readonly (string | null)[], (v) => (v === positive ? 1 : 0));
  const schema = inferSchema(raw).filter((c) => c.name !== target);
  return { frame: toFrame(raw, schema, { schemaSource: "data" }), labels };
}

test("quality.csv: constant, mostly missing, id, id-like numbers and a column that is the outcome", async () => {
  const { frame, labels } = await prepare(fixture("quality.csv"), "won", "yes");
  const issues = checkQuality(frame, { name: "won", labels }, { folds: 2 });
  assert.deepEqual(
    issues.map((i) => [i.column, i.problem, i.severity]),
    [
      ["outcome_code", "target-leakage", "error"],
      ["constant", "constant", "warning"],
      ["sparse", "mostly-missing", "warning"],
      ["ticket", "id-like", "warning"],
      ["customer", "id-like", "info"],
    ],
  );
  const detail = (column: string, problem: string): string | undefined => issues.find((i) => i.column === column && i.problem === problem)?.detail;
  assert.equal(detail("outcome_code", "target-leakage"), "alone it separates the classes of 'won' with AUC 1.00, almost perfectly: check that it is known before the outcome, or exclude it.");
  assert.equal(detail("constant", "constant"), "has the same value 'x' in every row; it cannot separate the classes.");
  assert.equal(detail("sparse", "mostly-missing"), "is missing in 97.5% of rows (39 of 40); it can hardly help the model.");
  assert.equal(
    detail("ticket", "id-like"),
    "has a different value in every row (40), like an identifier or a row number; a model cannot generalise from it: exclude it or name it with --id.",
  );
  assert.equal(detail("customer", "id-like"), "is an identifier (40 distinct values in 40 rows) and is not used as a feature.");
});

test("too few positives or negatives for the folds", () => {
  const frame: Frame = { source: "t.csv", rows: 0, columns: [], lines: new Int32Array(0) };
  const labels = (positives: number, rows: number): Uint8Array => Uint8Array.from({ length: rows }, (_, r) => (r < positives ? 1 : 0));
  const check = (positives: number, rows: number, folds: number): [string | null, string, string][] =>
    checkQuality({ ...frame, rows }, { name: "y", labels: labels(positives, rows) }, { folds })
      .filter((i) => i.problem === "few-positives")
      .map((i) => [i.severity, i.problem, i.detail]);
  assert.deepEqual(check(3, 1000, 5), [["error", "few-positives", "only 3 of 1,000 rows are positive for 'y'; 5-fold cross-validation needs at least 5, one per fold."]]);
  assert.deepEqual(check(0, 100, 5), [["error", "few-positives", "no row is positive for 'y'; 5-fold cross-validation needs at least 5, one per fold."]]);
  assert.deepEqual(check(30, 1000, 5), [["warning", "few-positives", "only 30 of 1,000 rows are positive for 'y', fewer than 10 per fold with 5 folds; the metrics will vary a lot."]]);
  assert.deepEqual(check(995, 1000, 2), [["warning", "few-positives", "only 5 of 1,000 rows are negative for 'y', fewer than 10 per fold with 2 folds; the metrics will vary a lot."]]);
  assert.deepEqual(check(1000, 1000, 0), [["error", "few-positives", "no row is negative for 'y'; a model needs rows of both classes."]]);
  assert.deepEqual(check(50, 100, 5), []);
});

test("duplicated rows: exact copies counted, NaN equal to NaN, a different label is no copy", () => {
  const frame: Frame = {
    source: "d.csv",
    rows: 6,
    lines: Int32Array.from([2, 3, 4, 5, 6, 7]),
    columns: [
      { kind: "numeric", name: "x", values: Float64Array.from([1, NaN, 1, NaN, 1, 2]) },
      { kind: "categorical", name: "c", codes: Int32Array.from([0, 1, 0, 1, 0, 0]), levels: ["a", "b"] },
      { kind: "text", name: "t", values: ["p", null, "p", null, "p", "p"] },
    ],
  };
  assert.equal(duplicateRowCount(frame), 3);
  assert.equal(duplicateRowCount(frame, Uint8Array.from([0, 0, 0, 0, 1, 0])), 2);
  const issues = checkQuality(frame, { name: "y", labels: Uint8Array.from([0, 1, 0, 1, 1, 0]) }, { folds: 0 }).filter((i) => i.problem === "duplicated-rows");
  assert.deepEqual(issues, [
    {
      column: null,
      problem: "duplicated-rows",
      severity: "warning",
      detail: "2 rows are exact copies of an earlier row (33.3% of 6); copies that land in different folds make cross-validation look better than it is.",
    },
  ]);
});

test("high-cardinality categorical columns", () => {
  const rows = 300;
  const frame: Frame = {
    source: "h.csv",
    rows,
    lines: Int32Array.from({ length: rows }, (_, r) => r + 2),
    columns: [
      { kind: "categorical", name: "zip", codes: Int32Array.from({ length: rows }, (_, r) => r % 200), levels: Array.from({ length: 200 }, (_, i) => `z${i}`) },
      { kind: "categorical", name: "town", codes: Int32Array.from({ length: rows }, (_, r) => r % 120), levels: Array.from({ length: 120 }, (_, i) => `t${i}`) },
    ],
  };
  // Labels unrelated to the levels (a fixed pseudo-random pattern), so nothing else is flagged.
  const labels = Uint8Array.from({ length: rows }, (_, r) => (Math.imul(r + 7, 2654435761) >>> 0) % 3 === 0 ? 1 : 0);
  const issues = checkQuality(frame, { name: "y", labels }, { folds: 5 });
  assert.deepEqual(
    issues.map((i) => [i.column, i.problem, i.severity, i.detail]),
    [
      ["zip", "high-cardinality", "warning", "has 200 distinct values in 300 rows; rare values carry little signal, so group them or exclude the column (most values occur only once or twice)."],
      ["town", "high-cardinality", "info", "has 120 distinct values in 300 rows; rare values carry little signal, so group them or exclude the column."],
    ],
  );
});

test("the leakage rule: error at 0.95, warning when strong and ahead of the rest, nothing when many are strong", () => {
  const s = (column: string, best: number, via: "value" | "missingness" = "value"): ColumnSeparation => ({ column, value: best, missingness: NaN, best, via });
  const judged = (list: ColumnSeparation[]): [string | null, string][] => judgeSeparations(list, "y").map((i) => [i.column, i.severity]);
  assert.deepEqual(judged([s("a", 0.97, "missingness"), s("b", 0.81), s("c", 0.7)]), [
    ["a", "error"],
    ["b", "warning"],
  ]);
  assert.deepEqual(judged([s("b", 0.79), s("c", 0.77)]), []); // not far enough ahead
  assert.deepEqual(judged([s("a", 0.8), s("b", 0.8), s("c", 0.79)]), [
    ["a", "warning"],
    ["b", "warning"],
    ["c", "warning"],
  ]); // no column below 0.78 to compare with: all flagged
  assert.equal(
    judgeSeparations([s("a", 0.97, "missingness")], "y")[0]?.detail,
    "whether it is missing alone separates the classes of 'y' with AUC 0.97, almost perfectly: check that it is known before the outcome, or exclude it.",
  );
});

test("bank-full: duration is flagged as target leakage, age is not", async () => {
  const { frame, labels } = await prepare(sharedDataset("bank-marketing/bank-full.csv"), "y", "yes");
  const issues = checkQuality(frame, { name: "y", labels }, { folds: 5 });
  const leaks = issues.filter((i) => i.problem === "target-leakage");
  assert.deepEqual(
    leaks.map((i) => [i.column, i.severity]),
    [["duration", "warning"]],
  );
  assert.equal(
    leaks[0]?.detail,
    "alone it separates the classes of 'y' with AUC 0.81 (the best column not flagged, 'month', reaches 0.65): check that it is known before the outcome, or exclude it.",
  );
  assert.ok(!issues.some((i) => i.column === "age"));
});

test("leads: Tags and Lead Quality are flagged as target leakage, and only they", async () => {
  const { frame, labels } = await prepare(sharedDataset("leads-x-education/Leads.csv"), "Converted", "1");
  const leaks = checkQuality(frame, { name: "Converted", labels }, { folds: 5 }).filter((i) => i.problem === "target-leakage");
  assert.deepEqual(
    leaks.map((i) => [i.column, i.severity]),
    [
      ["Tags", "warning"],
      ["Lead Quality", "warning"],
    ],
  );
});

test("german credit and taiwan: no honest column is flagged", async () => {
  for (const [path, target] of [
    ["german-credit/german_credit_headered.csv", "class"],
    ["taiwan-credit-default/UCI_Credit_Card.csv", "default.payment.next.month"],
  ] as const) {
    const positive = target === "class" ? "2" : "1";
    const { frame, labels } = await prepare(sharedDataset(path), target, positive);
    const leaks = checkQuality(frame, { name: target, labels }, { folds: 5 }).filter((i) => i.problem === "target-leakage");
    assert.deepEqual(leaks, [], path);
  }
});
