import assert from "node:assert/strict";
import { test } from "node:test";
import { capturedAt, gains } from "../../src/audit/capture.js";
import { compareScorers } from "../../src/audit/compare.js";
import { rulesScorer } from "../../src/audit/compared-scorer.js";
import { delongTest } from "../../src/audit/delong.js";
import { parseRules } from "../../src/audit/rules-file.js";
import type { RawTable } from "../../src/core/frame.js";

test("conversions captured share a tied group at the cut in proportion", () => {
  // Scores 9, 5, 5, 5, 1 with outcomes 1, 1, 0, 0, 1. Top 2: the 9 (1 positive) and one of the
  // three tied 5s, which hold 1 positive: 1 + 1·(1/3) = 4/3 expected conversions.
  const y = Uint8Array.from([1, 1, 0, 0, 1]);
  const c = capturedAt([9, 5, 5, 5, 1], y, 2);
  assert.equal(c.rows, 2);
  assert.ok(Math.abs(c.conversions - 4 / 3) < 1e-15);
  assert.ok(Math.abs(c.share - 4 / 9) < 1e-15);
  assert.ok(Math.abs(c.lift - (4 / 3 / 2) / (3 / 5)) < 1e-15);
  assert.equal(capturedAt([9, 5, 5, 5, 1], y, 5).conversions, 3);
  assert.equal(gains([9, 5, 5, 5, 1], y).length, 10);
});

test("compare: two rules files on the same rows, with DeLong's test, top decile and grade changes", () => {
  // 20 rows: x rises with the outcome; z is noise.
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const y = [0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1];
  const z = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4];
  const table: RawTable = {
    source: "t.csv",
    header: ["x", "z", "won"],
    rows: 20,
    cells: [x.map(String), z.map(String), y.map((v) => (v ? "yes" : "no"))],
    lines: Int32Array.from({ length: 20 }, (_, i) => i + 2),
  };
  const byX = rulesScorer(
    parseRules({ name: "by x", rules: [5, 10, 15].map((cut) => ({ when: { column: "x", op: ">", value: cut }, points: 10 })), grades: { A: 30, B: 20, C: 10, D: 0 } }, "x.json"),
    "x.json",
  );
  const byZ = rulesScorer(parseRules({ rules: [{ when: { column: "z", op: ">=", value: 5 }, points: 5 }] }, "z.json"), "z.json");
  const report = compareScorers(byZ, byX, table, { target: "won", capacity: 0.25 });
  assert.equal(report.positive, "yes");
  assert.equal(report.a.name, "z.json");
  assert.equal(report.b.name, "by x");
  const labels = Uint8Array.from(y);
  const pointsX = x.map((v) => 10 * [5, 10, 15].filter((c) => v > c).length);
  const pointsZ = z.map((v) => (v >= 5 ? 5 : 0));
  const expected = delongTest(pointsZ, pointsX, labels);
  assert.equal(report.delong.diff, expected.diff);
  assert.equal(report.delong.pValue, expected.pValue);
  assert.equal(report.a.auc, expected.aucA);
  // Top decile = 2 rows: by x, the two 30-point rows are among five tied at 30 (x 16..20, all positive but x = 16): 2·4/5.
  assert.equal(report.topDecile.rows, 2);
  assert.ok(Math.abs(report.topDecile.b - (2 * 4) / 5) < 1e-12);
  assert.equal(report.capacity, 5);
  assert.equal(report.b.gradesFrom, "rules file");
  assert.equal(report.a.gradesFrom, "quartiles of this data");
  assert.equal(report.a.calibration, null);
  const g = report.gradeChanges;
  assert.equal(g.counts.flat().reduce((s, v) => s + v, 0), 20);
  assert.equal(g.up + g.down, g.rows);
  assert.equal(report.winner, report.delong.pValue < 0.05 ? "b" : "none");
  assert.match(report.verdict, /by x|No reliable difference/);
});
