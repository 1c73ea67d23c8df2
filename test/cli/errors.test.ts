import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { FIXTURES, isCleanUserError, runCli, tempDir } from "./run-cli.js";

const LEADS = join(FIXTURES, "leads.csv");

function expectUserError(args: string[], pattern: RegExp): void {
  const result = runCli(args);
  assert.ok(isCleanUserError(result), `expected exit 1 with one message, got ${result.status}: ${result.stderr}`);
  assert.match(result.stderr, pattern);
}

test("training errors name the file, column or value and how to fix it", () => {
  expectUserError(["train", "nope.csv", "--target", "y"], /Cannot read 'nope\.csv': no such file/);
  expectUserError(["train", LEADS, "--target", "won"], /no target column 'won'.*Columns are: lead_id, source/);
  expectUserError(["train", join(FIXTURES, "one-class.csv"), "--target", "converted"], /one-class\.csv: target column 'converted' has only one value \('no'\)/);
  expectUserError(["train", LEADS, "--target", "converted", "--positive", "maybe"], /--positive 'maybe' is not a value of target column 'converted' \(values: 'no', 'yes'\)/);
  expectUserError(["train", join(FIXTURES, "no-positive.csv"), "--target", "status"], /Cannot tell which value .*--positive VALUE/);
  expectUserError(["train", join(FIXTURES, "ragged.csv"), "--target", "converted"], /ragged\.csv:3: expected 3 fields/);
  expectUserError(["train", LEADS, "--target", "converted", "--exclude", "nonsense"], /--exclude 'nonsense'/);
  expectUserError(["train", LEADS, "--target", "converted", "--param", "trees=lots", "--model", "gbdt"], /trees/);
  expectUserError(["train", LEADS, "--target", "converted", "--folds", "1"], /--folds/);
  expectUserError(["train", LEADS, "--target", "converted", "--model", "quantum"], /--model quantum/);
});

test("scoring errors: bad number, missing column, corrupted and foreign model files", () => {
  const dir = tempDir();
  const trained = runCli(["train", LEADS, "--target", "converted", "--out", dir, "--folds", "2", "--model", "logistic", "--quiet"]);
  assert.equal(trained.status, 0, trained.stderr);
  const model = join(dir, "model.json");
  expectUserError(["score", model, join(FIXTURES, "bad-number.csv")], /bad-number\.csv:3, column 'pages_viewed': 'many' is not a number/);
  expectUserError(["score", model, join(FIXTURES, "missing-column.csv")], /missing-column\.csv: column 'pages_viewed' is missing/);
  expectUserError(["score", join(dir, "absent.json"), join(FIXTURES, "new-leads.csv")], /Cannot read model .*absent\.json': no such file/);
  const corrupted = join(dir, "corrupted.json");
  writeFileSync(corrupted, readFileSync(model, "utf8").replace('"positive":"yes"', '"positive":"no"'));
  expectUserError(["score", corrupted, join(FIXTURES, "new-leads.csv")], /corrupted: its checksum does not match/);
  const truncated = join(dir, "truncated.json");
  writeFileSync(truncated, readFileSync(model, "utf8").slice(0, 200));
  expectUserError(["score", truncated, join(FIXTURES, "new-leads.csv")], /not valid JSON/);
  const foreign = join(dir, "foreign.json");
  writeFileSync(foreign, JSON.stringify({ learner: { name: "xgboost" } }));
  expectUserError(["score", foreign, join(FIXTURES, "new-leads.csv")], /is not a leadscore model file/);
});

test("unknown flags and commands exit 1; --help exits 0", () => {
  assert.equal(runCli(["train", "--nonsense"]).status, 1);
  assert.equal(runCli(["frobnicate"]).status, 1);
  const help = runCli(["train", "--help"]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--target/);
});
