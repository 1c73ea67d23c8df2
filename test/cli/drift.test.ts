import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_DRIFTED, writeLeadsCsv } from "../../bench/generator/synthetic-leads.js";
import { assertChartDrawn, chartIds, chartMarkup } from "../report/chart-markup.js";
import { assertFiguresMatch, printedFigures } from "../report/printed-figures.js";
import { isCleanUserError, runCli, tempDir } from "./run-cli.js";

const dir = tempDir();
const model = join(dir, "model", "model.json");

test("drift: stable batch exits 0, drifted batch prints its report then exits 3; --json and --report", async () => {
  await writeLeadsCsv(join(dir, "train.csv"), { rows: 2000, seed: 21 });
  await writeLeadsCsv(join(dir, "same.csv"), { rows: 2000, seed: 22 });
  await writeLeadsCsv(join(dir, "drifted.csv"), { rows: 2000, seed: 23, drift: { columns: DEFAULT_DRIFTED } });
  const trained = runCli(["train", join(dir, "train.csv"), "--target", "converted", "--model", "logistic", "--folds", "2", "--out", join(dir, "model"), "--quiet"]);
  assert.equal(trained.status, 0, trained.stderr);

  const same = runCli(["drift", model, join(dir, "same.csv"), "--json"]);
  assert.equal(same.status, 0, same.stderr);
  const stable = JSON.parse(same.stdout);
  assert.equal(stable.status, "stable");
  assert.equal(typeof stable.score.psi, "number");
  assert.equal(typeof stable.estimatedAuc, "number");
  for (const c of stable.columns) {
    assert.deepEqual(Object.keys(c.test).slice(0, 5), ["name", "statistic", "pValue", "effect", "magnitude"]);
    assert.ok(["stable", "watch", "act"].includes(c.band));
  }

  const withJson = join(dir, "drift-json.html");
  const drifted = runCli(["drift", model, join(dir, "drifted.csv"), "--json", "--target", "converted", "--report", withJson]);
  assert.equal(drifted.status, 3, drifted.stderr);
  const report = JSON.parse(drifted.stdout);
  assert.equal(report.status, "act");
  const act = report.columns.filter((c: { band: string }) => c.band === "act").map((c: { column: string }) => c.column).sort();
  assert.deepEqual(act, ["annual_revenue_m", "company_employees", "lead_source", "time_on_site_s"]);
  assert.equal(typeof report.actual.auc, "number");
  // The page written by the same run: PSI bars, the score's and the top inputs' bins, the JSON's figures.
  const charted = readFileSync(withJson, "utf8");
  assert.deepEqual(chartIds(charted).slice(0, 3), ["drift-psi", "drift-score", "drift-bins-1"]);
  for (const id of chartIds(charted)) assertChartDrawn(chartMarkup(charted, id), { categoryY: true });
  const figures = printedFigures(charted);
  report.columns.forEach((_: unknown, i: number) => assert.ok(figures.some((f) => f.path === `columns.${i}.psi`)));
  assertFiguresMatch(figures, report);

  const html = join(dir, "drift.html");
  const table = runCli(["drift", model, join(dir, "drifted.csv"), "--report", html]);
  assert.equal(table.status, 3);
  assert.match(table.stdout, /status act/);
  assert.match(table.stdout, /time_on_site_s\s+\d+\.\d+\s+act/);
  assert.equal(table.stderr, "");
  const page = readFileSync(html, "utf8");
  assert.match(page, /<table/);
  assert.doesNotMatch(page, /https?:\/\//);
});

test("drift: a batch without a column the model needs is a user error naming it", () => {
  const bad = join(dir, "bad.csv");
  writeFileSync(bad, "pages_viewed,lead_source\n3,organic\n");
  const result = runCli(["drift", model, bad]);
  assert.ok(isCleanUserError(result), result.stderr);
  assert.match(result.stderr, /bad\.csv: columns .* are missing/);
});
