import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli, tempDir } from "./run-cli.js";

test("quickstart trains on the bundled data and writes model, reports and scored leads", () => {
  const cwd = tempDir();
  const result = runCli(["quickstart"], cwd);
  assert.equal(result.status, 0, result.stderr);
  const out = join(cwd, "leadscore-quickstart");
  for (const file of ["model.json", "report.json", "report.html", "scored-leads.csv"]) assert.ok(existsSync(join(out, file)), file);
  assert.match(result.stdout, /scored leads/);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
  assert.equal(report.dataset.rows, 4521);
  assert.equal(report.dataset.positives, 521);
  assert.ok(!report.model.features.includes("duration"), "duration leaks the outcome and is excluded");
  // UCI bank marketing without duration: published models reach AUC about 0.8 on the full data.
  assert.ok(report.cv.metrics.auc.mean > 0.7, `AUC ${report.cv.metrics.auc.mean}`);
  const scored = readFileSync(join(out, "scored-leads.csv"), "utf8").trimEnd().split("\n");
  assert.equal(scored.length, 4522);
  assert.match(scored[0] ?? "", /^row,probability,score,grade,confidence_low,confidence_high,anomaly,reason_1,reason_1_effect/);
});
