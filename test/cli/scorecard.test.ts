// `leadscore scorecard` end to end on german-credit: every output file, scorecard.sql in
// SQLite giving exactly the points `leadscore score` gives, and bins.json edited by hand.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { readTable } from "../../src/data/read-table.js";
import type { CharacteristicJSON, ScorecardJSON } from "../../src/scorecard/scorecard-scorer.js";
import { quoteIdentifier } from "../../src/scorecard/scorecard-sql.js";
import { dataset } from "../acceptance/datasets.js";
import { isCleanUserError, runCli, tempDir } from "./run-cli.js";

const GERMAN = dataset("german-credit/german_credit_headered.csv");

function scorecard(out: string, extra: string[] = []) {
  return runCli(["scorecard", GERMAN, "--target", "class", "--positive", "2", "--out", out, "--quiet", ...extra]);
}

function scorerOf(dir: string): ScorecardJSON {
  return JSON.parse(readFileSync(join(dir, "model.json"), "utf8")).scorer as ScorecardJSON;
}

const first = tempDir();
const built = scorecard(first);

test("scorecard writes the model, reports, scorecard.csv, bins.json and scorecard.sql", () => {
  assert.equal(built.status, 0, built.stderr);
  const report = JSON.parse(readFileSync(join(first, "report.json"), "utf8"));
  assert.equal(report.leaderboard[0].model, "scorecard");
  assert.ok(report.cv.metrics.auc.mean > 0.75);
  assert.match(report.scorecard.reading, /Points rise with the good:bad odds/);
  assert.equal(report.scorecard.scaling.pdo, 20);
  assert.ok(report.scorecard.characteristics.length === 20);
  assert.ok(report.scorecard.bands.length >= 3);
  const csv = readFileSync(join(first, "scorecard.csv"), "utf8").split("\n");
  assert.equal(csv[0], "characteristic,bin,count,share,events,event_rate,woe,iv,points");
  const html = readFileSync(join(first, "report.html"), "utf8");
  assert.match(html, /<section class="report-section" id="scorecard">/);
  assert.match(html, /Score → probability of default/);
  const bins = JSON.parse(readFileSync(join(first, "bins.json"), "utf8"));
  assert.equal(bins.format, "leadscore-bins");
  assert.equal(bins.characteristics.length, 20);
  assert.match(readFileSync(join(first, "scorecard.sql"), "utf8"), /^-- leadscore .* scorecard/);
});

test("scorecard.sql run in SQLite over german-credit gives exactly the points of `leadscore score`, row by row", async () => {
  assert.equal(built.status, 0, built.stderr);
  const scored = runCli(["score", join(first, "model.json"), GERMAN]);
  assert.equal(scored.status, 0, scored.stderr);
  const lines = scored.stdout.trimEnd().split("\n");
  const at = (lines[0] as string).split(",").indexOf("score");
  const points = lines.slice(1).map((line) => Number(line.split(",")[at]));
  // The CSV loaded into a table `input`: numbers as REAL, text as TEXT, missing as NULL.
  const model = JSON.parse(readFileSync(join(first, "model.json"), "utf8"));
  const kinds = new Map<string, string>(model.schema.map((c: { name: string; kind: string }) => [c.name, c.kind]));
  const table = await readTable(GERMAN);
  const db = new Database(":memory:");
  db.exec(`CREATE TABLE input (${table.header.map((h) => `${quoteIdentifier(h)} ${kinds.get(h) === "numeric" ? "REAL" : "TEXT"}`).join(", ")})`);
  const insert = db.prepare(`INSERT INTO input VALUES (${table.header.map(() => "?").join(", ")})`);
  db.transaction(() => {
    for (let r = 0; r < table.rows; r++) {
      insert.run(table.header.map((h, c) => {
        const v = table.cells[c]?.[r] ?? null;
        return v !== null && kinds.get(h) === "numeric" ? Number(v) : v;
      }));
    }
  })();
  const rows = db.prepare(readFileSync(join(first, "scorecard.sql"), "utf8")).all() as { points: number }[];
  db.close();
  assert.equal(rows.length, 1000);
  assert.equal(points.length, 1000);
  assert.deepEqual(rows.map((r) => r.points), points);
  // Points rise with the good:bad odds: the top quarter by points defaults far less than the bottom quarter.
  const labels = table.cells[table.header.indexOf("class")] as (string | null)[];
  const order = points.map((_, i) => i).sort((a, b) => (points[a] as number) - (points[b] as number));
  const badRate = (rows: number[]) => rows.filter((i) => labels[i] === "2").length / rows.length;
  assert.ok(badRate(order.slice(0, 250)) > 2 * badRate(order.slice(750)));
});

test("editing one bin boundary in bins.json changes only that characteristic's bins and the refitted weights", () => {
  assert.equal(built.status, 0, built.stderr);
  const before = scorerOf(first);
  const doc = JSON.parse(readFileSync(join(first, "bins.json"), "utf8"));
  // Move one boundary of duration_months.
  const entry = doc.characteristics.find((c: { column: string }) => c.column === "duration_months");
  const old = [...entry.cuts];
  const index = old.indexOf(12);
  assert.ok(index >= 0, `a cut at 12 months: ${old.join(", ")}`);
  entry.cuts[index] = 15;
  const edited = tempDir();
  writeFileSync(join(edited, "bins.json"), JSON.stringify(doc));
  const run = scorecard(edited, ["--bins", join(edited, "bins.json"), "--folds", "0"]);
  assert.equal(run.status, 0, run.stderr);
  const after = scorerOf(edited);
  const byName = (sc: ScorecardJSON) => new Map(sc.characteristics.map((c) => [c.column, c] as [string, CharacteristicJSON]));
  const a = byName(before);
  const b = byName(after);
  for (const [column, c] of a) {
    const d = b.get(column) as CharacteristicJSON;
    assert.equal(d.selected, c.selected, `${column} selection`);
    if (column === "duration_months") continue;
    assert.deepEqual(d.layout, c.layout, `${column} layout`);
    assert.deepEqual(d.bins, c.bins, `${column} bins`);
    assert.equal(d.iv, c.iv, `${column} IV`);
  }
  const duration = b.get("duration_months") as CharacteristicJSON;
  assert.ok(duration.layout.type === "numeric");
  if (duration.layout.type === "numeric") assert.deepEqual(duration.layout.cuts, old.map((v, i) => (i === index ? 15 : v)));
  assert.equal(duration.origin, "user");
  assert.notDeepEqual(duration.bins, a.get("duration_months")?.bins);
  // The weights are refitted.
  assert.notEqual(after.intercept, before.intercept);
  assert.ok(after.characteristics.some((c, i) => c.coefficient !== before.characteristics[i]?.coefficient));
});

test("scorecard user errors: a special value on a categorical column, an unknown level in bins.json", () => {
  const dir = tempDir();
  const special = scorecard(dir, ["--special", "purpose:-1", "--folds", "0"]);
  assert.ok(isCleanUserError(special), special.stderr);
  assert.match(special.stderr, /--special applies to numeric columns; 'purpose' is categorical/);
  const bins = join(dir, "bins.json");
  writeFileSync(bins, JSON.stringify({ format: "leadscore-bins", version: 1, characteristics: [{ column: "purpose", type: "categorical", groups: [["A40", "A4O"]] }] }));
  const typo = scorecard(dir, ["--bins", bins, "--folds", "0"]);
  assert.ok(isCleanUserError(typo), typo.stderr);
  assert.match(typo.stderr, /'A4O', not found/);
  writeFileSync(bins, JSON.stringify({ format: "leadscore-bins", version: 1, characteristics: [{ column: "age_years", type: "numeric", cuts: [30, 25] }] }));
  const order = scorecard(dir, ["--bins", bins, "--folds", "0"]);
  assert.ok(isCleanUserError(order), order.stderr);
  assert.match(order.stderr, /"cuts" must increase, but 25 follows 30/);
  const model = scorecard(dir, ["--model", "gbdt"]);
  assert.ok(isCleanUserError(model), model.stderr);
});

test("a scorecard's reasons are the points lost against each characteristic's best bin; explain adds up", () => {
  assert.equal(built.status, 0, built.stderr);
  const sc = scorerOf(first);
  const scored = runCli(["score", join(first, "model.json"), GERMAN, "--explain", "3", "--json"]);
  assert.equal(scored.status, 0, scored.stderr);
  const doc = JSON.parse(scored.stdout);
  const bestTotal = sc.characteristics.filter((c) => c.selected).reduce((s, c) => s + Math.max(...c.points), 0);
  for (const row of doc.results.slice(0, 50)) {
    assert.ok(row.score <= bestTotal);
    let previous = Number.NEGATIVE_INFINITY;
    for (const reason of row.reasons) {
      assert.ok(Number.isInteger(reason.points) && reason.points < 0, JSON.stringify(reason));
      assert.ok(reason.points >= previous, "the most points lost first");
      previous = reason.points;
      assert.match(reason.text, /counts against the applicant/);
    }
  }
  const explained = runCli(["explain", join(first, "model.json"), GERMAN, "--json", "--row", "2"]);
  assert.equal(explained.status, 0, explained.stderr);
  const row = JSON.parse(explained.stdout).rows[0];
  const sum = row.contributions.reduce((s: number, c: { effect: number }) => s + c.effect, row.base);
  assert.ok(Math.abs(sum - row.raw) < 1e-9, `${sum} vs ${row.raw}`);
  // raw is the log-odds of bad the points imply.
  const points = doc.results[1].score;
  assert.ok(Math.abs(row.raw - (sc.scaling.offset - points) / sc.scaling.factor) < 1e-12);
});
