// scorecard.sql run in SQLite gives exactly the points `score` gives, on a fixture built to
// trip it up: column names with dots, spaces and quotes, missing values everywhere, a special
// value, a rare level pooled into "(other)", a level never seen in training, a categorical
// with no rare levels (unseen → missing bin), a boolean in mixed case, cuts between decimals.
import assert from "node:assert/strict";
import { test } from "node:test";
import Database from "better-sqlite3";
import type { RawTable } from "../../src/core/frame.js";
import { Rng } from "../../src/core/rng.js";
import { toFrame } from "../../src/data/to-frame.js";
import { modelFromFile } from "../../src/score/loaded-model.js";
import { scoreFrame } from "../../src/score/score-frame.js";
import type { ScorecardJSON } from "../../src/scorecard/scorecard-scorer.js";
import { quoteIdentifier, scorecardSql } from "../../src/scorecard/scorecard-sql.js";
import type { ModelFile } from "../../src/train/model-file.js";
import { trainFromTable } from "../../src/train/train.js";

const HEADER = ["id", "amount.usd", "months since", 'region "code"', "channel", "has card", "rate", "bad"];
const REGIONS = ["north", "south", "east", "west", "O'Hara"];

function trainingTable(): RawTable {
  const rng = new Rng(21);
  const n = 800;
  const cells: (string | null)[][] = HEADER.map(() => []);
  for (let i = 0; i < n; i++) {
    const amount = rng.next() < 0.1 ? null : String(Math.round(rng.next() * 5000) / 10);
    const months = rng.next() < 0.15 ? "-1" : String(rng.int(60));
    // "tiny" appears 5 times: fewer than 10 rows, so the preprocessor pools it into "(other)".
    const region = i < 5 ? "tiny" : rng.next() < 0.06 ? null : (REGIONS[rng.int(REGIONS.length)] as string);
    const channel = ["web", "branch", "phone"][rng.int(3)] as string;
    const card = rng.next() < 0.5 ? (rng.next() < 0.5 ? "Yes" : "yes") : "no";
    const rate = (rng.next() * 0.2).toFixed(3);
    let z = -1;
    if (amount === null) z += 0.7;
    else z += (Number(amount) - 250) / 150;
    z += months === "-1" ? 0.5 : -Number(months) / 40;
    z += region === null ? 0.4 : ((REGIONS.indexOf(region) + 1) % 3) * 0.4;
    z += channel === "web" ? 0.5 : 0;
    z += card === "no" ? 0.6 : 0;
    z += Number(rate) * 5;
    const row = [String(i + 1), amount, months, region, channel, card, rate, rng.next() < 1 / (1 + Math.exp(-z)) ? "1" : "0"];
    row.forEach((v, c) => cells[c]?.push(v));
  }
  return { source: "fixture", header: HEADER, rows: n, cells, lines: Int32Array.from({ length: n }, (_, i) => i + 2) };
}

function scoringTable(): RawTable {
  const rows: (string | null)[][] = [
    ["a", null, null, null, null, null, null],
    ["b", "0", "-1", "tiny", "web", "YES", "0.1"],
    ["c", "499.9", "59", "Atlantis", "fax", "No", "0.0005"],
    ["d", "-20", "1000", "O'Hara", "branch", "yes", "0.2"],
    ["e", "250.5", "0", "north", "phone", "no", "0.1005"],
    ["f", "1e3", "12", "", "web", "y", "0.05"],
  ];
  const header = HEADER.slice(0, -1);
  const cells = header.map((_, c) => rows.map((r) => (r[c] === "" ? null : (r[c] ?? null))));
  return { source: "new", header, rows: rows.length, cells, lines: Int32Array.from(rows, (_, i) => i + 2) };
}

function trainModel(): ModelFile {
  const table = trainingTable();
  const characteristics = HEADER.slice(1, -1);
  return trainFromTable(table, {
    target: "bad",
    model: "scorecard",
    folds: 0,
    scorecard: { special: { "months since": [-1] }, forceIn: characteristics },
  }).model;
}

/** Loads `table` into an SQLite table `input` (numeric columns as REAL, or everything as TEXT) and runs the SQL. */
function sqlPoints(model: ModelFile, table: RawTable, asText: boolean): number[] {
  const kinds = new Map(model.schema.map((c) => [c.name, c.kind]));
  const db = new Database(":memory:");
  const numeric = (name: string) => !asText && kinds.get(name) === "numeric";
  db.exec(`CREATE TABLE input (${table.header.map((h) => `${quoteIdentifier(h)} ${numeric(h) ? "REAL" : "TEXT"}`).join(", ")})`);
  const insert = db.prepare(`INSERT INTO input VALUES (${table.header.map(() => "?").join(", ")})`);
  for (let r = 0; r < table.rows; r++) {
    insert.run(table.header.map((h, c) => {
      const v = table.cells[c]?.[r] ?? null;
      return v !== null && numeric(h) ? Number(v) : v;
    }));
  }
  const sql = scorecardSql({ schema: model.schema, preprocessor: model.preprocessor, scorecard: model.scorer as ScorecardJSON });
  const rows = db.prepare(sql).all() as { points: number; id: string }[];
  db.close();
  return rows.map((r) => r.points);
}

test("scorecard.sql in SQLite equals `score` for every row, including missing, special, rare and unseen values", () => {
  const model = trainModel();
  const loaded = modelFromFile(model);
  const sc = model.scorer as ScorecardJSON;
  assert.equal(sc.characteristics.filter((c) => c.selected).length, 6);
  const region = sc.characteristics.find((c) => c.column === 'region "code"')?.layout;
  assert.ok(region?.type === "categorical" && region.hasOther, "a rare level was pooled into (other)");
  const channel = sc.characteristics.find((c) => c.column === "channel")?.layout;
  assert.ok(channel?.type === "categorical" && !channel.hasOther, "channel has no rare levels");
  for (const table of [trainingTable(), scoringTable()]) {
    const expected = Array.from(scoreFrame(loaded, toFrame(table, model.schema)).score);
    assert.deepEqual(sqlPoints(model, table, false), expected, `${table.source}, numeric columns as REAL`);
    assert.deepEqual(sqlPoints(model, table, true), expected, `${table.source}, every column as TEXT`);
  }
  // The unseen region scores like (other); the unseen channel like a missing one.
  const scored = scoreFrame(loaded, toFrame(scoringTable(), model.schema)).score;
  assert.ok(Number.isInteger(scored[0]) && Number.isInteger(scored[5]));
});

test("the SQL quotes names and levels, and states how points read", () => {
  const model = trainModel();
  const sql = scorecardSql({ schema: model.schema, preprocessor: model.preprocessor, scorecard: model.scorer as ScorecardJSON, header: ["made for a test"] });
  assert.match(sql, /^-- made for a test\n/);
  assert.match(sql, /"region ""code""" IS NULL/);
  assert.match(sql, /'O''Hara'/);
  assert.match(sql, /CAST\("amount\.usd" AS DOUBLE PRECISION\) < /);
  assert.match(sql, /LOWER\(CAST\("has card" AS TEXT\)\) IN \('yes'\)|LOWER\(CAST\("has card" AS TEXT\)\) IN \('no'\)/);
  assert.match(sql, /= -1 THEN/);
  assert.match(sql, /SELECT \*, \(\n[\s\S]*\n\) AS points\nFROM input;\n$/);
  assert.match(sql, /Points rise with the good:bad odds/);
});
