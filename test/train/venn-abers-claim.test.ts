/**
 * The Venn-Abers claim of README.md ("Every other family"), checked for gradient boosting on
 * synthetic leads whose true probabilities are known (bench/'s generator).
 *
 * Vovk & Petej's guarantee: when the calibration rows are scored by the model that scores the
 * new rows, the bound of a new row's actual label is perfectly calibrated, in expectation over
 * the calibration sample and the new row. Given the calibration rows and the new row as an
 * unordered set, the new row is any of them with equal chance, and over rows picked by their
 * score the isotonic fit's values and the labels have the same sum; so over many training
 * samples a score band's true rate lies between its average low and high bound. Groups picked
 * by anything else (here the true probability) are not covered, and the last test shows it.
 *
 * So the claim is checked as it is stated: RETRAININGS independent training sets, each model
 * scoring its own fresh new rows (one fixed set of new rows would add an error shared by every
 * retraining, which the standard error below cannot see), and for each group the
 * per-retraining differences (true rate − mean low, mean high − true rate) averaged. Each
 * average must be ≥ −3 of its Monte Carlo standard errors (standard deviation over the
 * retrainings / √RETRAININGS): under the claim a miss that large has one-sided probability
 * about 0.005 (Student t, 15 degrees of freedom).
 *
 * leadscore calibrates on out-of-fold scores (fold models fitted on fewer rows) but scores new
 * rows with the final model, so its own bounds are checked only where that mismatch stayed
 * within Monte Carlo error over 100 retrainings: all new rows together. By score decile it did
 * not (README gives the figures); the textbook pair, fitted on the same final model's scores of
 * fresh labelled rows, is checked there instead.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { generateLeads } from "../../bench/generator/synthetic-leads.js";
import type { RawTable } from "../../src/core/frame.js";
import { toFrame } from "../../src/data/to-frame.js";
import { transform } from "../../src/features/preprocessor.js";
import { modelFromFile } from "../../src/score/loaded-model.js";
import { scoreFrame } from "../../src/score/score-frame.js";
import { trainFromTable } from "../../src/train/train.js";
import { type VennAbersIntervals, fitVennAbers, vennAbersAt } from "../../src/train/venn-abers.js";

const RETRAININGS = 16;
const TRAINING_ROWS = 4000;
const NEW_ROWS = 5000;
const GROUPS = 10;
/** Monte Carlo standard errors allowed on each side. */
const TOLERANCE_SE = 3;

/** Per retraining, per group: the mean true probability and mean bounds of the group's rows. */
interface GroupMeans {
  readonly truth: number[][];
  readonly low: number[][];
  readonly high: number[][];
}

function emptyMeans(groups: number): GroupMeans {
  return { truth: Array.from({ length: groups }, () => []), low: Array.from({ length: groups }, () => []), high: Array.from({ length: groups }, () => []) };
}

/** Rows ordered by `key` (ties by row), cut into `groups` equal-count groups; appends each group's means. */
function addGroupMeans(into: GroupMeans, key: Float64Array, truth: Float64Array, low: Float64Array, high: Float64Array): void {
  const groups = into.truth.length;
  const order = Array.from(key.keys()).sort((a, b) => (key[a] as number) - (key[b] as number) || a - b);
  for (let g = 0; g < groups; g++) {
    const rows = order.slice(Math.floor((g * order.length) / groups), Math.floor(((g + 1) * order.length) / groups));
    const mean = (values: Float64Array): number => rows.reduce((s, i) => s + (values[i] as number), 0) / rows.length;
    (into.truth[g] as number[]).push(mean(truth));
    (into.low[g] as number[]).push(mean(low));
    (into.high[g] as number[]).push(mean(high));
  }
}

function boundsOf(intervals: VennAbersIntervals, raw: Float64Array): { low: Float64Array; high: Float64Array } {
  const low = new Float64Array(raw.length);
  const high = new Float64Array(raw.length);
  raw.forEach((z, i) => {
    const pair = vennAbersAt(intervals, z);
    low[i] = pair.low;
    high[i] = pair.high;
  });
  return { low, high };
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function standardError(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1) / values.length);
}

/** Average of `a − b` over the retrainings and its standard error. */
function averagedGap(a: readonly number[], b: readonly number[]): { gap: number; se: number } {
  const d = a.map((v, r) => v - (b[r] as number));
  return { gap: mean(d), se: standardError(d) };
}

/** Asserts, group by group, that the averaged true rate lies between the averaged bounds within the tolerance. */
function assertBetween(means: GroupMeans, what: string): void {
  means.truth.forEach((truth, g) => {
    const low = averagedGap(truth, means.low[g] as number[]);
    const high = averagedGap(means.high[g] as number[], truth);
    const line = `${what}, group ${g + 1}/${means.truth.length}: true rate ${mean(truth).toFixed(4)}, average bounds ${mean(means.low[g] as number[]).toFixed(4)}-${mean(means.high[g] as number[]).toFixed(4)}`;
    assert.ok(low.gap >= -TOLERANCE_SE * low.se, `${line}: below the low bound by ${(-low.gap).toFixed(4)} (${(-low.gap / low.se).toFixed(1)} SE)`);
    assert.ok(high.gap >= -TOLERANCE_SE * high.se, `${line}: above the high bound by ${(-high.gap).toFixed(4)} (${(-high.gap / high.se).toFixed(1)} SE)`);
  });
}

describe("Venn-Abers over retrainings: a score group's true rate between its average bounds (gradient boosting)", () => {
  // leadscore's pair (calibrated on out-of-fold scores), the bounds as scored (confidence_low/high),
  // and the textbook inductive pair (calibrated on the same final model's scores of fresh labelled rows).
  const textbookByScore = emptyMeans(GROUPS);
  const pairAll = emptyMeans(1);
  const shownAll = emptyMeans(1);
  const shownByTruth = emptyMeans(GROUPS);
  let rowsOff = 0;

  before(() => {
    for (let r = 0; r < RETRAININGS; r++) {
      const training = generateLeads({ rows: TRAINING_ROWS, seed: 1 + r });
      const { model } = trainFromTable(training.table, { target: "converted", model: "gbdt", folds: 3, seed: 42, params: { trees: "60" } });
      assert.equal(model.confidence.method, "venn-abers");
      const loaded = modelFromFile(model);
      const rawOf = (table: RawTable): Float64Array => loaded.scorer.predictRaw(transform(model.preprocessor, toFrame(table, model.schema)));

      const fresh = generateLeads({ rows: NEW_ROWS, seed: 5000 + r });
      const scored = scoreFrame(loaded, toFrame(fresh.table, model.schema));
      const raw = rawOf(fresh.table);
      const calibrationRows = generateLeads({ rows: TRAINING_ROWS, seed: 9000 + r });
      const textbook = fitVennAbers(rawOf(calibrationRows.table), calibrationRows.labels);
      const pair = boundsOf(model.confidence as VennAbersIntervals, raw);
      const textbookPair = boundsOf(textbook, raw);
      for (let i = 0; i < NEW_ROWS; i++) {
        const p = scored.probability[i] as number;
        const [low, high] = [pair.low[i] as number, pair.high[i] as number];
        if (!(low <= high && scored.low[i] === Math.min(low, p) && scored.high[i] === Math.max(high, p))) rowsOff++;
      }
      addGroupMeans(textbookByScore, raw, fresh.truth, textbookPair.low, textbookPair.high);
      addGroupMeans(pairAll, raw, fresh.truth, pair.low, pair.high);
      addGroupMeans(shownAll, raw, fresh.truth, scored.low, scored.high);
      addGroupMeans(shownByTruth, fresh.truth, fresh.truth, scored.low, scored.high);
    }
  });

  test("every row's confidence_low..high is its Venn-Abers pair, widened just enough to hold its probability", () => {
    assert.equal(rowsOff, 0, `${rowsOff} of ${RETRAININGS * NEW_ROWS} rows`);
  });

  test("textbook inductive Venn-Abers (calibration rows scored by the model that scores the new rows): each score decile", () => {
    assertBetween(textbookByScore, "textbook pair by score decile");
  });

  test("leadscore's intervals (out-of-fold calibration), all new rows together: true rate between the average bounds", () => {
    assertBetween(pairAll, "Venn-Abers pair, all rows");
    assertBetween(shownAll, "confidence_low/high, all rows");
  });

  test("groups not picked by the score are not covered: the true-probability deciles at both ends fall outside", () => {
    // The model cannot tell these rows apart as well as the truth does, so its bounds are pulled to the middle.
    const top = GROUPS - 1;
    const aboveHigh = averagedGap(shownByTruth.truth[top] as number[], shownByTruth.high[top] as number[]);
    const belowLow = averagedGap(shownByTruth.low[0] as number[], shownByTruth.truth[0] as number[]);
    assert.ok(aboveHigh.gap > TOLERANCE_SE * aboveHigh.se, `top true-probability decile: ${aboveHigh.gap.toFixed(4)} above the average high bound (SE ${aboveHigh.se.toFixed(4)})`);
    assert.ok(belowLow.gap > TOLERANCE_SE * belowLow.se, `bottom true-probability decile: ${belowLow.gap.toFixed(4)} below the average low bound (SE ${belowLow.se.toFixed(4)})`);
  });
});
