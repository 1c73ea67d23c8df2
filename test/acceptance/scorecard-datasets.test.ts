// Scorecards on real credit data (5 folds, seed 42): every bin table is monotone where a
// trend is imposed, no bin holds under 5 % of rows, and the cross-validated AUC is within
// 0.03 of gradient boosting on the same folds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readTable } from "../../src/data/read-table.js";
import type { ScorecardJSON } from "../../src/scorecard/scorecard-scorer.js";
import { characteristicSummaries, regularEventRates } from "../../src/scorecard/scorecard-tables.js";
import type { TrainReport } from "../../src/report/report-types.js";
import type { ModelFile } from "../../src/train/model-file.js";
import { trainFromTable } from "../../src/train/train.js";
import { dataset } from "./datasets.js";

function cvAuc(report: TrainReport): number {
  return report.cv?.metrics.auc?.mean ?? Number.NaN;
}

/** The checks every scorecard bin table must pass. */
function checkBinTables(model: ModelFile): void {
  const sc = model.scorer as ScorecardJSON;
  assert.equal(sc.kind, "scorecard");
  assert.equal(model.calibration.method, "none", "the probability is the one the points imply");
  for (const c of sc.characteristics) {
    const total = c.bins.reduce((s, b) => s + b.count, 0);
    assert.equal(total, model.training.rows);
    for (const b of c.bins) assert.ok(b.count >= 0.05 * total, `${c.column}: a bin of ${b.count} rows (under 5 %)`);
    const rates = regularEventRates(c);
    if (c.trend === "ascending") for (let i = 1; i < rates.length; i++) assert.ok((rates[i] as number) > (rates[i - 1] as number), `${c.column} ascending: ${rates.join(", ")}`);
    if (c.trend === "descending") for (let i = 1; i < rates.length; i++) assert.ok((rates[i] as number) < (rates[i - 1] as number), `${c.column} descending: ${rates.join(", ")}`);
    assert.notEqual(c.trend, "none", `${c.column}: every characteristic here is binned under a trend`);
    if (c.selected) for (const p of c.points) assert.ok(Number.isInteger(p));
  }
  for (const s of characteristicSummaries(sc)) assert.ok(s.monotone, `${s.column} is flagged as not following its trend`);
}

test("german-credit (positive 2): monotone bins of at least 5 %, CV AUC within 0.03 of gbdt on the same folds", async () => {
  const table = await readTable(dataset("german-credit/german_credit_headered.csv"));
  const options = { target: "class", positive: "2", folds: 5, seed: 42 } as const;
  const scorecard = trainFromTable(table, { ...options, model: "scorecard" });
  const gbdt = trainFromTable(table, { ...options, model: "gbdt" });
  checkBinTables(scorecard.model);
  const a = cvAuc(scorecard.report);
  const b = cvAuc(gbdt.report);
  assert.ok(a >= b - 0.03, `scorecard ${a} vs gbdt ${b}`);
  assert.ok(a >= 0.77, `scorecard ${a}`);
  assert.equal(scorecard.report.leaderboard[0]?.model, "scorecard");
});

test("taiwan-credit-default: monotone bins of at least 5 %, CV AUC within 0.03 of gbdt (0.7817, same folds)", async () => {
  const table = await readTable(dataset("taiwan-credit-default/UCI_Credit_Card.csv"));
  const { model, report } = trainFromTable(table, { target: "default.payment.next.month", exclude: ["ID"], folds: 5, seed: 42, model: "scorecard" });
  checkBinTables(model);
  // Gradient boosting on the same 5 folds (seed 42) scored 0.7817 when this was written:
  //   leadscore train UCI_Credit_Card.csv --target default.payment.next.month --exclude ID --model gbdt
  // (real-datasets.test.ts keeps it at 0.775 or more). Trained there, not again here, to keep this file fast.
  const auc = cvAuc(report);
  assert.ok(auc >= 0.7817 - 0.03, `scorecard ${auc}`);
  const selected = (model.scorer as ScorecardJSON).characteristics.filter((c) => c.selected).map((c) => c.column);
  assert.ok(selected.includes("PAY_0") && selected.includes("LIMIT_BAL"), selected.join(", "));
});
