import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { driftReport } from "../../src/audit/drift.js";
import { PSI_FLOOR, psi, psiBand } from "../../src/evaluate/psi.js";
import { readTable } from "../../src/data/read-table.js";
import { modelFromFile } from "../../src/score/loaded-model.js";
import { trainFromTable } from "../../src/train/train.js";

const FIXTURES = resolve(import.meta.dirname, "..", "fixtures", "audit");

test("PSI is Σ (a − e)·ln(a/e), a zero share counted as the floor, and bands at 0.1 and 0.25", () => {
  // Two bins by hand: (0.6 − 0.5)·ln(0.6/0.5) + (0.4 − 0.5)·ln(0.4/0.5).
  assert.ok(Math.abs(psi([0.5, 0.5], [0.6, 0.4]) - (0.1 * Math.log(1.2) + -0.1 * Math.log(0.8))) < 1e-15);
  // An empty new bin: (floor − 0.2)·ln(floor/0.2); a bin empty on both sides adds nothing.
  assert.ok(Math.abs(psi([0.8, 0.2, 0], [1, 0, 0]) - (0.2 * Math.log(1 / 0.8) + (PSI_FLOOR - 0.2) * Math.log(PSI_FLOOR / 0.2))) < 1e-15);
  assert.equal(psi([0.3, 0.7], [0.3, 0.7]), 0);
  assert.equal(psiBand(0.099), "stable");
  assert.equal(psiBand(0.1), "watch");
  assert.equal(psiBand(0.25), "watch");
  assert.equal(psiBand(0.2501), "act");
});

test("drift's PSI on a fixture equals the hand computation to 1e-9", async () => {
  // psi-train.csv: x = 1..20, each twice, so the training deciles are 2, 4, …, 18 and each of the ten
  // value bins holds 10 % (none missing); colour = a ×20, b ×12, c ×8 (shares 0.5, 0.3, 0.2).
  const trained = trainFromTable(await readTable(join(FIXTURES, "psi-train.csv")), { target: "y", model: "logistic", folds: 2 });
  const model = modelFromFile(trained.model);
  const x = trained.model.trainingProfile?.columns.find((c) => c.column === "x");
  assert.ok(x && x.kind === "numeric");
  assert.deepEqual(x.edges, [2, 4, 6, 8, 10, 12, 14, 16, 18]);
  assert.deepEqual(x.shares, [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0, 0]);
  const report = driftReport(model, await readTable(join(FIXTURES, "psi-new.csv")), "fixture model");
  // psi-new.csv, x = 1, 2, 2, 5, 7, 7, 7, 15, 30, (missing): bins ≤2: 0.3, (4,6]: 0.1, (6,8]: 0.3,
  // (14,16]: 0.1, >18: 0.1, missing 0.1, five value bins empty. Bins at 0.1 on both sides add 0, so
  // PSI = 2·(0.3 − 0.1)·ln 3 + 6·(0.1 − 0.0001)·ln(0.1/0.0001) (five empty bins and the missing bin).
  const handX = 2 * 0.2 * Math.log(3) + 6 * (0.1 - 1e-4) * Math.log(0.1 / 1e-4);
  const driftX = report.columns.find((c) => c.column === "x");
  assert.ok(driftX);
  assert.ok(Math.abs(driftX.psi - handX) < 1e-9, `${driftX.psi} vs ${handX}`);
  assert.ok(Math.abs(driftX.psi - 4.579953429689137) < 1e-9);
  assert.equal(driftX.band, "act");
  assert.deepEqual(driftX.missingRate, { training: 0, current: 0.1 });
  // colour = a a b b b d (missing) a c e: a 0.3, b 0.3, c 0.1, missing 0.1, unseen (d, e) 0.2.
  const handColour = (0.3 - 0.5) * Math.log(0.3 / 0.5) + 0 + (0.1 - 0.2) * Math.log(0.1 / 0.2) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4) + (0.2 - 1e-4) * Math.log(0.2 / 1e-4);
  const driftColour = report.columns.find((c) => c.column === "colour");
  assert.ok(driftColour);
  assert.ok(Math.abs(driftColour.psi - handColour) < 1e-9, `${driftColour.psi} vs ${handColour}`);
  assert.deepEqual(driftColour.unseen, { rows: 2, share: 0.2, values: ["d", "e"] });
  assert.deepEqual(
    driftColour.bins.map((b) => b.bin),
    ["a", "b", "c", "(missing)", "(unseen)"],
  );
  assert.equal(driftColour.test.name, "chi-square");
  assert.equal(driftX.test.name, "ks");
  assert.equal(report.status, "act");
});
