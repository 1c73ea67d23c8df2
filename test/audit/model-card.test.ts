import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { modelCard, modelCardMarkdown } from "../../src/audit/model-card.js";
import { trainWithFairness } from "../../src/audit/training-fairness.js";
import { readTable } from "../../src/data/read-table.js";

const FIXTURES = resolve(import.meta.dirname, "..", "fixtures", "audit");

test("the model card has every section a validator asks for, fairness included when audited", async () => {
  const table = await readTable(join(FIXTURES, "psi-train.csv"));
  const plain = trainWithFairness(table, { target: "y", model: "logistic", folds: 2 }, {});
  const card = modelCard(plain.model, plain.report, "2025-01-01T00:00:00.000Z");
  assert.deepEqual(
    card.sections.map((s) => s.title),
    ["Model details", "Intended use", "Data", "Features", "Validation design", "Metrics", "Fairness", "Stability", "Limitations", "Monitoring plan"],
  );
  const text = modelCardMarkdown(card);
  assert.match(text, /^# Model card: y = 1 \(logistic\)\n/);
  assert.match(text, /Not audited: no protected columns/);
  assert.match(text, /\| x \| numeric \| 0\.0 % \|/);
  assert.match(text, /Small sample: 40 rows/);
  assert.match(text, /leadscore drift model\.json batch\.csv/);

  const audited = trainWithFairness(table, { target: "y", model: "logistic", folds: 2, protected: ["colour"] }, { replicates: 20 });
  const fairText = modelCardMarkdown(modelCard(audited.model, audited.report, "2025-01-01T00:00:00.000Z"));
  assert.match(fairText, /for colour; the favourable decision is being predicted positive\. Protected columns were not model inputs\./);
  assert.match(fairText, /\| colour \| a \| 20 \|/);
  assert.match(fairText, /colour: lowest disparate-impact ratio/);
});
