import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { FIXTURES, runCli, tempDir } from "./run-cli.js";

const LEADS = join(FIXTURES, "leads.csv");

function trainFixture(out: string, extra: string[] = []) {
  return runCli(["train", LEADS, "--target", "converted", "--out", out, "--folds", "3", "--quiet", ...extra]);
}

test("train writes model.json, report.json and report.html; the same seed gives identical model bytes", () => {
  const a = tempDir();
  const b = tempDir();
  const first = trainFixture(a);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(trainFixture(b).status, 0);
  const bytesA = readFileSync(join(a, "model.json"));
  assert.ok(bytesA.equals(readFileSync(join(b, "model.json"))), "model.json differs between two identical runs");
  const model = JSON.parse(bytesA.toString("utf8"));
  assert.equal(model.format, "leadscore-model");
  assert.equal(model.formatVersion, 1);
  assert.equal(model.target.positive, "yes");
  assert.equal(model.idColumn, "lead_id");
  assert.equal(model.training.rows, 400);
  assert.equal(model.training.seed, 42);
  assert.ok(!bytesA.toString("utf8").includes(a), "model.json must not contain the output path");
  const report = JSON.parse(readFileSync(join(a, "report.json"), "utf8"));
  for (const metric of ["auc", "prAuc", "logLoss", "brier", "ks", "gini"]) {
    assert.equal(typeof report.cv.metrics[metric].mean, "number", metric);
    assert.equal(typeof report.cv.metrics[metric].std, "number", metric);
  }
  assert.equal(report.leaderboard.length, 2);
  assert.ok(report.leaderboard[0].metrics.auc.mean >= report.leaderboard[1].metrics.auc.mean);
  assert.equal(report.lift.length, 10);
  const c = report.threshold.confusion;
  assert.equal(c.tp + c.fp + c.tn + c.fn, 400);
  assert.ok(report.cv.metrics.auc.mean > 0.7, `the signal in the fixture is strong: AUC ${report.cv.metrics.auc.mean}`);
  const html = readFileSync(join(a, "report.html"), "utf8");
  assert.match(html, /<table[ >]/);
  assert.doesNotMatch(html, /https?:\/\//);
  const differentSeed = tempDir();
  assert.equal(trainFixture(differentSeed, ["--seed", "7"]).status, 0);
  assert.ok(!bytesA.equals(readFileSync(join(differentSeed, "model.json"))), "a different seed should change the folds and the model");
});

test("score writes every row in input order with probability, score, grade, interval and reasons", () => {
  const dir = tempDir();
  assert.equal(trainFixture(dir).status, 0);
  const out = join(dir, "scored.csv");
  const result = runCli(["score", join(dir, "model.json"), join(FIXTURES, "new-leads.csv"), "--out", out, "--explain", "2", "--quiet"]);
  assert.equal(result.status, 0, result.stderr);
  const lines = readFileSync(out, "utf8").trimEnd().split("\n");
  assert.equal(lines[0], "lead_id,probability,score,grade,confidence_low,confidence_high,anomaly,reason_1,reason_1_effect,reason_2,reason_2_effect");
  assert.equal(lines.length, 4);
  const rows = lines.slice(1).map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, "")) ?? []);
  assert.deepEqual(rows.map((r) => r[0]), ["N1", "N2", "N3"]);
  for (const r of rows) {
    const p = Number(r[1]);
    assert.ok(p > 0 && p < 1);
    assert.equal(Number(r[2]), Math.round(p * 100));
    assert.match(r[3] ?? "", /^[ABCD]$/);
    assert.ok(Number(r[4]) <= p && p <= Number(r[5]));
    assert.match(r[6] ?? "", /^(true|false)$/);
  }
  // Many pages viewed from a webinar should beat an unknown source with nothing viewed.
  assert.ok(Number(rows[0]?.[1]) > Number(rows[2]?.[1]));
  assert.match(rows[0]?.[7] ?? "", /pages_viewed|source/);
});

test("stdout scoring without --out, and row numbers when the id column is absent", () => {
  const dir = tempDir();
  assert.equal(trainFixture(dir).status, 0);
  const result = runCli(["score", join(dir, "model.json"), join(FIXTURES, "new-leads-no-id.csv")]);
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "row,probability,score,grade,confidence_low,confidence_high,anomaly");
  assert.deepEqual(lines.slice(1).map((l) => l.split(",")[0]), ["1", "2", "3"]);
});

test("evaluate --json reports the SPEC fields on labelled data", () => {
  const dir = tempDir();
  assert.equal(trainFixture(dir).status, 0);
  const result = runCli(["evaluate", join(dir, "model.json"), LEADS, "--target", "converted", "--json"]);
  assert.equal(result.status, 0, result.stderr);
  const doc = JSON.parse(result.stdout);
  assert.equal(doc.rows, 400);
  for (const metric of ["auc", "prAuc", "logLoss", "brier", "ks", "gini"]) assert.equal(typeof doc.metrics[metric], "number");
  assert.ok(Math.abs(doc.metrics.gini - (2 * doc.metrics.auc - 1)) < 1e-12);
  const c = doc.threshold.confusion;
  assert.equal(c.tp + c.fp + c.tn + c.fn, 400);
  assert.equal(c.tp + c.fn, doc.positives);
  assert.equal(doc.lift.length, 10);
});

test("explain --json: base + sum of effects = raw log-odds for every row", () => {
  const dir = tempDir();
  for (const model of ["gbdt", "logistic"]) {
    assert.equal(trainFixture(dir, ["--model", model]).status, 0);
    const result = runCli(["explain", join(dir, "model.json"), join(FIXTURES, "new-leads.csv"), "--json"]);
    assert.equal(result.status, 0, result.stderr);
    const doc = JSON.parse(result.stdout);
    assert.equal(doc.rows.length, 3);
    for (const row of doc.rows) {
      const sum = row.contributions.reduce((s: number, c: { effect: number }) => s + c.effect, row.base);
      assert.ok(Math.abs(sum - row.raw) < 1e-9 * Math.max(1, Math.abs(row.raw)), `${model}: ${sum} vs ${row.raw}`);
      assert.ok(Math.abs(1 / (1 + Math.exp(-row.raw)) - row.probability) < 1e-12);
      // Grouped by input column: never an encoded level or indicator.
      for (const c of row.contributions) assert.ok(["source", "pages_viewed", "company_size", "signup_date"].includes(c.column), c.column);
    }
    const one = JSON.parse(runCli(["explain", join(dir, "model.json"), join(FIXTURES, "new-leads.csv"), "--json", "--id", "N2"]).stdout);
    assert.deepEqual(one.rows.map((r: { id: string }) => r.id), ["N2"]);
  }
});
