// Must show: on synthetic leads whose behaviour drives conversion (known true probabilities),
// a model with the event features comes within 0.02 AUC of the true probabilities, and at
// least 0.05 above a model on the lead table alone. Both AUCs are out-of-fold (3 folds).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateLeadEvents, tableCsv } from "../../bench/generator/synthetic-events.js";
import { rankAuc } from "../../src/data/single-column-auc.js";
import { train } from "../../src/index.js";
import { tempDir } from "./helpers.js";

// Modest trees keep the test well under a minute on two busy cores.
const PARAMS = { trees: "150", learningRate: "0.08", maxLeaves: "15", minLeafRows: "40" };

test("event features reach the true probabilities' AUC within 0.02 and beat the lead table alone by 0.05", async (t) => {
  const data = generateLeadEvents({ leads: 30_000, seed: 2024 });
  const events = join(tempDir(), "events.csv");
  writeFileSync(events, tableCsv(data.events));
  const truthAuc = rankAuc(data.truth, data.labels);

  const common = { target: "converted", model: "gbdt", folds: 3, seed: 7, params: PARAMS } as const;
  const withEvents = await train(data.leads, { ...common, events: { file: events, asOf: "snapshot_at" } });
  const leadsOnly = await train(data.leads, { ...common, exclude: ["snapshot_at"] });
  const eventsAuc = withEvents.report.cv?.metrics.auc?.mean ?? Number.NaN;
  const leadsAuc = leadsOnly.report.cv?.metrics.auc?.mean ?? Number.NaN;
  const figures = `true ${truthAuc.toFixed(4)}, with events ${eventsAuc.toFixed(4)}, lead table alone ${leadsAuc.toFixed(4)}`;
  assert.ok(eventsAuc >= truthAuc - 0.02, figures);
  assert.ok(eventsAuc >= leadsAuc + 0.05, figures);
  // Nothing after a snapshot was used: the meetings that follow conversions never became a column.
  assert.ok(!withEvents.report.events?.types.some((t) => t.type === "meeting"), "meeting events only happen after the snapshot");
  assert.ok(withEvents.report.model.features.some((f) => f === "events_pricing_visits_7d"));
  // The engagement half carries most of the signal here, and ranks better alone than the fit half.
  const sub = withEvents.report.events;
  assert.ok(sub && sub.engagement.aucOnTrainingRows > sub.fit.aucOnTrainingRows, JSON.stringify(sub?.engagement));
  t.diagnostic(figures);
});
