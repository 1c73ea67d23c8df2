// Issue "Every score explained": additivity on real data for every model, grouping on the
// leads data, and adverse-action reasons on german-credit.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readTable } from "../../src/data/read-table.js";
import { toFrame } from "../../src/data/to-frame.js";
import { modelFromFile } from "../../src/score/loaded-model.js";
import { explainFrame, scoreFrame } from "../../src/score/score-frame.js";
import { scoreTable } from "../../src/score/score-table.js";
import { serializeModel } from "../../src/train/model-file.js";
import { trainFromTable } from "../../src/train/train.js";
import { runCli, tempDir } from "../cli/run-cli.js";
import { dataset } from "./datasets.js";

test("additivity: base + contributions = calibrated log-odds on every row, for every model", async () => {
  const table = await readTable(dataset("bank-marketing/bank.csv"));
  for (const model of ["logistic", "gbdt"] as const) {
    const { model: file } = trainFromTable(table, { target: "y", exclude: ["duration"], folds: 0, model });
    const loaded = modelFromFile(file);
    const frame = toFrame(table, file.schema);
    const scored = scoreFrame(loaded, frame);
    const explained = explainFrame(loaded, frame);
    const width = explained.columns.length;
    let worst = 0;
    for (let r = 0; r < frame.rows; r++) {
      let sum = explained.base;
      for (let c = 0; c < width; c++) sum += explained.values[r * width + c] as number;
      const raw = scored.logOdds[r] as number;
      worst = Math.max(worst, Math.abs(sum - raw) / Math.max(1, Math.abs(raw)));
    }
    assert.ok(worst < 1e-9, `${model}: worst relative gap ${worst}`);
    assert.deepEqual([...explained.columns].sort(), [...file.schema.map((c) => c.name)].sort());
  }
});

test("grouping on the leads data: reasons name input columns only, never an encoded level or indicator", async () => {
  const table = await readTable(dataset("leads-x-education/Leads.csv"), { na: ["Select"] });
  const exclude = ["Prospect ID", "Lead Number", "Tags", "Lead Quality", "Last Activity", "Last Notable Activity"];
  for (const model of ["logistic", "gbdt"] as const) {
    const { model: file } = trainFromTable(table, { target: "Converted", exclude, folds: 0, model, na: ["Select"] });
    const loaded = modelFromFile(file);
    const inputs = new Set(file.schema.map((c) => c.name));
    const records = scoreTable(loaded, table, 1, { explain: 3, adverseAction: false });
    for (const record of records) {
      assert.ok(record.reasons.length <= 3);
      for (const reason of record.reasons) {
        assert.ok(inputs.has(reason.column), `${model}: '${reason.column}' is not an input column`);
        assert.doesNotMatch(reason.text, /=|\(missing\)|\(other\)/, reason.text);
      }
    }
    const explained = explainFrame(loaded, toFrame(table, file.schema));
    assert.ok(explained.columns.every((c) => inputs.has(c)));
  }
});

test("score --explain 3 --adverse-action on german-credit: at most 4 reasons, each a used column, all negative", async () => {
  const table = await readTable(dataset("german-credit/german_credit_headered.csv"));
  const { model } = trainFromTable(table, { target: "class", positive: "2", folds: 0, model: "gbdt" });
  const dir = tempDir();
  const modelPath = join(dir, "model.json");
  writeFileSync(modelPath, serializeModel(model));
  const used = new Set(model.schema.map((c) => c.name));
  for (const reference of ["average", "best"]) {
    const result = runCli(["score", modelPath, dataset("german-credit/german_credit_headered.csv"), "--explain", "3", "--adverse-action", "--reference", reference, "--json"]);
    assert.equal(result.status, 0, result.stderr);
    const doc = JSON.parse(result.stdout);
    assert.equal(doc.results.length, 1000);
    let withReasons = 0;
    for (const row of doc.results) {
      assert.ok(row.reasons.length <= 4);
      if (row.reasons.length > 0) withReasons++;
      for (const reason of row.reasons) {
        assert.ok(used.has(reason.column), reason.column);
        assert.ok(reason.points < 0, `${reference}: ${reason.points}`);
      }
    }
    assert.ok(withReasons > 900, `${reference}: ${withReasons} applicants have reasons`);
  }
});
