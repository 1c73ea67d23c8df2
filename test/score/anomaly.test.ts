import assert from "node:assert/strict";
import { test } from "node:test";
import type { RawTable } from "../../src/core/frame.js";
import { Rng } from "../../src/core/rng.js";
import { modelFromFile } from "../../src/score/loaded-model.js";
import { scoreTable } from "../../src/score/score-table.js";
import { trainFromTable } from "../../src/train/train.js";

function table(rows: number, seed: number, outliers = 0): RawTable {
  const rng = new Rng(seed);
  const x: string[] = [];
  const z: string[] = [];
  const y: string[] = [];
  for (let i = 0; i < rows; i++) {
    const far = i < outliers;
    const a = far ? 40 + rng.normal() : rng.normal();
    const b = far ? -35 + rng.normal() : rng.normal();
    x.push(a.toFixed(4));
    z.push(b.toFixed(4));
    y.push(rng.next() < 1 / (1 + Math.exp(-a)) ? "1" : "0");
  }
  return { source: "synthetic", header: ["x", "z", "y"], rows, cells: [x, z, y], lines: Int32Array.from({ length: rows }, (_, i) => i + 2) };
}

test("every model carries an anomaly detector: planted far-away rows are flagged, ordinary ones rarely", () => {
  const { model } = trainFromTable(table(2000, 1), { target: "y", model: "logistic", folds: 2 });
  const records = scoreTable(modelFromFile(model), table(1000, 2, 20), 1, { explain: 0, adverseAction: false });
  const flaggedOutliers = records.slice(0, 20).filter((r) => r.anomaly === true).length;
  const flaggedOrdinary = records.slice(20).filter((r) => r.anomaly === true).length;
  assert.equal(flaggedOutliers, 20);
  // The threshold is the 99th percentile of training scores: about 1 % of ordinary rows.
  assert.ok(flaggedOrdinary <= 40, `${flaggedOrdinary} ordinary rows flagged`);
});
