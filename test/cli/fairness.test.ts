import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { isCleanUserError, runCli, tempDir } from "./run-cli.js";

const GERMAN = join(resolve(import.meta.dirname, "..", "..", "..", "shared", "datasets"), "german-credit", "german_credit_headered.csv");
const dir = tempDir();
const model = join(dir, "model.json");

test("train --protected writes the fairness audit and the model card; fairness applies the stored group thresholds", () => {
  const trained = runCli([
    "train", GERMAN, "--target", "class", "--positive", "2", "--model", "logistic", "--out", dir,
    "--protected", "personal_status_sex,age_years", "--protected-bands", "age_years=25,35,50", "--favourable", "negative",
    "--mitigate", "thresholds", "--mitigate-on", "age_years", "--bootstrap", "100",
  ]);
  assert.equal(trained.status, 0, trained.stderr);
  assert.match(trained.stdout, /Disparate impact/);
  assert.match(trained.stdout, /Mitigation: thresholds \(demographic-parity\) on age_years/);
  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  assert.equal(report.fairness.favourable, "negative");
  assert.equal(report.fairness.mitigation.aucCost, 0);
  assert.ok(existsSync(join(dir, "model-card.md")));
  assert.match(readFileSync(join(dir, "model-card.md"), "utf8"), /## Fairness\n/);
  const html = readFileSync(join(dir, "report.html"), "utf8");
  assert.match(html, /id="fairness"/);
  assert.match(html, /id="model-card"/);

  const result = runCli(["fairness", model, GERMAN, "--target", "class", "--protected", "personal_status_sex,age_years", "--bootstrap", "100", "--json"]);
  assert.equal(result.status, 0, result.stderr);
  const audit = JSON.parse(result.stdout);
  assert.equal(audit.favourable, "negative", "taken from the model");
  assert.equal(audit.threshold.groupThresholds, true);
  assert.deepEqual(audit.bands, { age_years: [25, 35, 50] }, "taken from the model");
  for (const g of audit.groups) {
    for (const key of ["selectionRate", "tpr", "fpr"]) assert.deepEqual(Object.keys(g[key]), ["value", "low", "high"]);
    assert.equal(typeof g.auc, "number");
    assert.equal(typeof g.rows, "number");
  }
  for (const d of audit.disparateImpact) assert.deepEqual(Object.keys(d).slice(0, 4), ["column", "group", "reference", "ratio"]);
  const ageWith = audit.fourFifths.find((c: { column: string }) => c.column === "age_years");
  assert.ok(ageWith.minRatio >= 0.8, `age ratio with group thresholds ${ageWith.minRatio}`);
  assert.ok(audit.singleThreshold.fourFifths.find((c: { column: string }) => c.column === "age_years").minRatio < 0.8);

  const plain = runCli(["fairness", model, GERMAN, "--target", "class", "--protected", "age_years", "--no-group-thresholds", "--no-proxies", "--bootstrap", "50", "--report", join(dir, "fairness.html")]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /^age_years +rows +selection rate/m);
  assert.match(plain.stdout, /^< 25 +149 /m);
  assert.match(plain.stdout, /fails/);
  const page = readFileSync(join(dir, "fairness.html"), "utf8");
  assert.match(page, /<table/);
  assert.doesNotMatch(page, /https?:\/\//);
});

test("fairness: unknown protected columns and bad bands are user errors", () => {
  let result = runCli(["fairness", model, GERMAN, "--target", "class", "--protected", "gender"]);
  assert.ok(isCleanUserError(result), result.stderr);
  assert.match(result.stderr, /no protected column 'gender'/);
  result = runCli(["fairness", model, GERMAN, "--target", "class", "--protected", "age_years", "--bands", "age_years=50,20"]);
  assert.ok(isCleanUserError(result));
  assert.match(result.stderr, /increasing/);
  result = runCli(["fairness", model, GERMAN, "--target", "class", "--protected", "age_years", "--favourable", "maybe"]);
  assert.ok(isCleanUserError(result));
  assert.match(result.stderr, /--favourable expects positive or negative/);
});
