/** Metrics of a trained model on labelled data (the `evaluate` command, SPEC §2). */
import type { RawTable } from "../core/frame.js";
import { toFrame } from "../data/to-frame.js";
import { calibrationTable } from "../evaluate/calibration.js";
import { liftTable } from "../evaluate/lift.js";
import { computeMetrics } from "../evaluate/metrics.js";
import { confusionAt, confusionRates } from "../evaluate/threshold.js";
import { labelsFor, readTarget } from "../train/target.js";
import type { LoadedModel } from "./loaded-model.js";
import { scoreFrame } from "./score-frame.js";
import { LeadscoreError } from "../core/errors.js";
import { takeTableRows } from "../data/take-table-rows.js";

export function evaluateModel(model: LoadedModel, table: RawTable, target: string, positive?: string) {
  const labelled = positive !== undefined ? readTarget(table, target, positive) : labelsFor(table, target, model.file.target.positive);
  const rows = labelled.rows;
  const subset = takeTableRows(table, rows);
  const y = labelled.labels;
  const positives = y.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === y.length) {
    throw new LeadscoreError("data", `${table.source}: '${target}' has only one outcome among labelled rows; metrics need both.`, { file: table.source, column: target });
  }
  const scored = scoreFrame(model, toFrame(subset, model.file.schema));
  const proba = scored.probability;
  return {
    rows: rows.length,
    positives,
    metrics: computeMetrics(proba, y),
    threshold: thresholdAt(proba, y, model.file.threshold.value, model.file.threshold.rule),
    lift: liftTable(proba, y),
    calibration: calibrationTable(proba, y),
  };
}

function thresholdAt(proba: Float64Array, y: Uint8Array, value: number, rule: string) {
  const confusion = confusionAt(proba, y, value);
  return { value, rule, confusion, ...confusionRates(confusion) };
}
