// The quickstart's second model: the bundled synthetic leads with their events, fit and
// engagement sub-scores, and a sample lead printed with behavioural reasons.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli, tempDir } from "../cli/run-cli.js";

test("quickstart trains a behaviour model on the bundled events and prints a lead's behavioural reasons", () => {
  const cwd = tempDir();
  const result = runCli(["quickstart"], cwd);
  assert.equal(result.status, 0, result.stderr);
  const folder = join(cwd, "leadscore-quickstart", "behaviour");
  const model = JSON.parse(readFileSync(join(folder, "model.json"), "utf8"));
  assert.deepEqual(model.events.asOf, { rule: "column", column: "snapshot_at" });
  const report = JSON.parse(readFileSync(join(folder, "report.json"), "utf8"));
  assert.equal(report.dataset.rows, 3000);
  assert.ok(report.cv.metrics.auc.mean > 0.72, `AUC ${report.cv.metrics.auc.mean}`);
  assert.ok(!report.events.types.some((t: { type: string }) => t.type === "meeting"), "meetings only follow conversions, after the snapshot");
  const scored = readFileSync(join(folder, "scored-leads.csv"), "utf8").trimEnd().split("\n");
  assert.equal(scored.length, 3001);
  assert.match(scored[0] ?? "", /^lead_id,probability,score,grade,.*,fit_score,engagement_score,fit_reason_1,fit_reason_2,fit_reason_3,engagement_reason_1/);
  assert.match(result.stdout, /Behavioural events/);
  // The printed sample: its engagement reasons are sentences about what the lead did.
  assert.match(result.stdout, /engagement {2}(Viewed|Opened|Clicked|Submitted|Attended|Last|Form submissions|Visits to|Email opens|Active on|\d+ sessions)/);
});
