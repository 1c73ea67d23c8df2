// The command line with behavioural events: train, score, evaluate, explain and drift with
// --events, the sub-score columns, and clean errors.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateLeadEvents, tableCsv } from "../../bench/generator/synthetic-events.js";
import { isCleanUserError, runCli } from "../cli/run-cli.js";
import { tempDir } from "./helpers.js";

const dir = tempDir();
const data = generateLeadEvents({ leads: 800, seed: 31 });
const leads = join(dir, "leads.csv");
const events = join(dir, "events.csv");
writeFileSync(leads, tableCsv(data.leads));
writeFileSync(events, tableCsv(data.events));
const out = join(dir, "model");
const model = join(out, "model.json");

test("train --events writes the spec into model.json and an events section into report.json", () => {
  const result = runCli(["train", leads, "--target", "converted", "--events", events, "--as-of", "snapshot_at", "--half-life", "10", "--model", "logistic", "--folds", "2", "--out", out, "--quiet"]);
  assert.equal(result.status, 0, result.stderr);
  const file = JSON.parse(readFileSync(model, "utf8"));
  assert.equal(file.events.halfLifeDays, 10);
  assert.deepEqual(file.events.asOf, { rule: "column", column: "snapshot_at" });
  assert.ok(file.schema.some((c: { name: string }) => c.name === "events_pricing_visits_7d"));
  assert.ok(!file.schema.some((c: { name: string }) => c.name === "snapshot_at"), "the as-of column is not a feature");
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
  assert.equal(report.events.asOf, "each lead's 'snapshot_at'");
  assert.ok(report.events.eventsUsed < report.events.eventsInFile, "events after each snapshot are not used");
  assert.equal(report.events.fit.columns, 5);
  assert.ok(Math.abs(report.events.fit.shareOfContribution + report.events.engagement.shareOfContribution - 1) < 1e-9);
});

test("score --events adds fit and engagement scores and reasons; without --events it says what is missing", () => {
  const scored = join(dir, "scored.csv");
  const result = runCli(["score", model, leads, "--events", events, "--explain", "2", "--out", scored, "--quiet"]);
  assert.equal(result.status, 0, result.stderr);
  const lines = readFileSync(scored, "utf8").trimEnd().split("\n");
  assert.equal(lines.length, 801);
  const header = (lines[0] as string).split(",");
  assert.deepEqual(header.slice(-6), ["fit_score", "engagement_score", "fit_reason_1", "fit_reason_2", "engagement_reason_1", "engagement_reason_2"]);
  assert.equal(header[0], "lead_id");
  const json = runCli(["score", model, leads, "--events", events, "--json"]);
  assert.equal(json.status, 0, json.stderr);
  const doc = JSON.parse(json.stdout);
  const first = doc.results[0];
  assert.ok(first.fit.score >= 0 && first.fit.score <= 100 && first.engagement.score >= 0);
  assert.equal(doc.events.asOf, "each lead's 'snapshot_at'");

  const missing = runCli(["score", model, leads]);
  assert.ok(isCleanUserError(missing), missing.stderr);
  assert.match(missing.stderr, /trained with behavioural events: pass them with --events FILE \(.*has no column 'events_/);
});

test("evaluate, explain and drift take --events too", () => {
  const evaluated = runCli(["evaluate", model, leads, "--target", "converted", "--events", events, "--json"]);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  assert.ok(JSON.parse(evaluated.stdout).metrics.auc > 0.7);
  const explained = runCli(["explain", model, leads, "--events", events, "--row", "3", "--json"]);
  assert.equal(explained.status, 0, explained.stderr);
  assert.ok(JSON.stringify(JSON.parse(explained.stdout)).includes("events_any_days_since"));
  const drift = runCli(["drift", model, leads, "--events", events, "--json"]);
  assert.ok(drift.status === 0 || drift.status === 3, drift.stderr);
  assert.ok(JSON.parse(drift.stdout).columns.some((c: { column: string }) => c.column.startsWith("events_")));
});

test("event flags misused, and a bad events file, are clean user errors", () => {
  const stray = runCli(["train", leads, "--target", "converted", "--as-of", "snapshot_at"]);
  assert.ok(isCleanUserError(stray), stray.stderr);
  assert.match(stray.stderr, /--as-of applies to behavioural events: give them with --events FILE\./);
  const badAsOf = runCli(["train", leads, "--target", "converted", "--events", events, "--as-of", "yesterday"]);
  assert.ok(isCleanUserError(badAsOf), badAsOf.stderr);
  assert.match(badAsOf.stderr, /--as-of 'yesterday' is neither a column of .* nor a date/);
  const broken = join(dir, "broken.csv");
  writeFileSync(broken, "lead_id,when,type\nL001,2024-01-01,page_view\n");
  const result = runCli(["score", model, leads, "--events", broken]);
  assert.ok(isCleanUserError(result), result.stderr);
  assert.match(result.stderr, /broken\.csv: the events have no column 'timestamp'/);
});
