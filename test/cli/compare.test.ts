import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { assertChartDrawn, chartIds, chartMarkup } from "../report/chart-markup.js";
import { assertFiguresMatch, printedFigures } from "../report/printed-figures.js";
import { ROOT, isCleanUserError, runCli, tempDir } from "./run-cli.js";

const BANK = join(ROOT, "examples", "bank-marketing.csv");
const RULES = join(ROOT, "examples", "bank-marketing-rules.json");
const dir = tempDir();

test("compare: the bundled bank-marketing rules against a trained model, with DeLong's p-value", () => {
  const trained = runCli(["train", BANK, "--target", "y", "--exclude", "duration", "--model", "logistic", "--folds", "2", "--out", dir, "--quiet"]);
  assert.equal(trained.status, 0, trained.stderr);
  const withJson = join(dir, "compare-json.html");
  const result = runCli(["compare", RULES, join(dir, "model.json"), BANK, "--target", "y", "--capacity", "5%", "--json", "--report", withJson]);
  assert.equal(result.status, 0, result.stderr);
  const r = JSON.parse(result.stdout);
  assert.equal(r.a.name, "call-centre points rules");
  assert.equal(r.a.kind, "rules");
  assert.equal(r.b.kind, "model");
  assert.ok(r.a.auc > 0.6 && r.a.auc < 0.9, `rules AUC ${r.a.auc}`);
  assert.ok(r.b.auc > 0.6 && r.b.auc < 0.95, `model AUC ${r.b.auc}`);
  assert.ok(Math.abs(r.delong.diff - (r.b.auc - r.a.auc)) < 1e-12);
  assert.ok(r.delong.pValue >= 0 && r.delong.pValue <= 1);
  assert.equal(typeof r.delong.z, "number");
  assert.equal(r.topDecile.rows, 452);
  assert.equal(typeof r.topDecile.a, "number");
  assert.equal(typeof r.topDecile.b, "number");
  assert.equal(r.capacity, 226);
  assert.equal(r.a.calibration, null);
  assert.equal(typeof r.b.calibration.ece, "number");
  assert.equal(typeof r.gradeChanges.rows, "number");
  assert.equal(typeof r.verdict, "string");
  assert.ok(["a", "b", "none"].includes(r.winner));
  // The page written by the same run draws both scorers and prints the JSON's figures.
  const charted = readFileSync(withJson, "utf8");
  assert.deepEqual(chartIds(charted), ["compare-roc", "compare-gains", "compare-lift"]);
  for (const id of chartIds(charted)) assertChartDrawn(chartMarkup(charted, id));
  assert.ok(chartMarkup(charted, "compare-roc").texts.includes(`${r.b.name} (AUC ${r.b.auc.toFixed(3)})`));
  const figures = printedFigures(charted);
  assert.ok(figures.some((f) => f.path === "a.auc") && figures.some((f) => f.path === "delong.diff"));
  assertFiguresMatch(figures, r);

  const html = join(dir, "compare.html");
  const table = runCli(["compare", RULES, join(dir, "model.json"), BANK, "--target", "y", "--report", html]);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /DeLong: AUC difference/);
  assert.match(table.stdout, /Verdict: /);
  assert.match(table.stdout, /change grade/);
  const page = readFileSync(html, "utf8");
  assert.match(page, /Conversions captured/);
  assert.doesNotMatch(page, /https?:\/\//);
});

test("compare: unreadable or invalid scorer files are user errors", () => {
  const bad = join(dir, "bad-rules.json");
  writeFileSync(bad, JSON.stringify({ rules: [{ when: { column: "age", op: "~", value: 3 }, points: 1 }] }));
  let result = runCli(["compare", bad, RULES, BANK, "--target", "y"]);
  assert.ok(isCleanUserError(result), result.stderr);
  assert.match(result.stderr, /bad-rules\.json is not a valid rules file: rules\[0\]\.when\.op "~"/);
  const foreign = join(dir, "foreign.json");
  writeFileSync(foreign, "{\"hello\": 1}");
  result = runCli(["compare", foreign, RULES, BANK, "--target", "y"]);
  assert.ok(isCleanUserError(result));
  assert.match(result.stderr, /neither a model\.json .* nor a rules file/);
  result = runCli(["compare", RULES, RULES, BANK, "--target", "y", "--capacity", "lots"]);
  assert.ok(isCleanUserError(result));
  assert.match(result.stderr, /--capacity expects/);
});
