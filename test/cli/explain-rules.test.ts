// `leadscore explain model.json --rules`: a decision tree read out as plain-language rules.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { FIXTURES, isCleanUserError, runCli, tempDir } from "./run-cli.js";

const LEADS = join(FIXTURES, "leads.csv");

test("explain --rules prints one rule per leaf of a decision tree, as text and as JSON", () => {
  const out = tempDir();
  const trained = runCli(["train", LEADS, "--target", "converted", "--out", out, "--folds", "3", "--model", "tree", "--quiet"]);
  assert.equal(trained.status, 0, trained.stderr);
  const text = runCli(["explain", join(out, "model.json"), "--rules"]);
  assert.equal(text.status, 0, text.stderr);
  const lines = text.stdout.trim().split("\n");
  assert.match(lines[0] ?? "", /^Rules of the decision tree/);
  for (const line of lines.slice(1)) assert.match(line, /^(If .+|For every row) then \d+(\.\d)? % have converted = yes \([\d,]+ rows\)$/);
  const json = runCli(["explain", join(out, "model.json"), "--rules", "--json"]);
  assert.equal(json.status, 0, json.stderr);
  const doc = JSON.parse(json.stdout) as { rules: { text: string; rows: number; rate: number }[] };
  assert.equal(doc.rules.length, lines.length - 1);
  assert.equal(doc.rules.reduce((a, r) => a + r.rows, 0), 400);
  for (let k = 1; k < doc.rules.length; k++) assert.ok((doc.rules[k - 1]?.rate as number) >= (doc.rules[k]?.rate as number));
});

test("explain --rules refuses a model that is not a decision tree, and explain without data or --rules is a usage error", () => {
  const out = tempDir();
  assert.equal(runCli(["train", LEADS, "--target", "converted", "--out", out, "--folds", "3", "--model", "logistic", "--quiet"]).status, 0);
  const rules = runCli(["explain", join(out, "model.json"), "--rules"]);
  assert.ok(isCleanUserError(rules), rules.stderr);
  assert.match(rules.stderr, /--rules needs a decision-tree model \(train with --model tree\), but .* holds a 'logistic' model/);
  const bare = runCli(["explain", join(out, "model.json")]);
  assert.ok(isCleanUserError(bare), bare.stderr);
  assert.match(bare.stderr, /explain needs a data file/);
});
