import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { generateLeads } from "../../bench/generator/synthetic-leads.js";
import type { Matrix } from "../../src/core/matrix.js";
import { LogisticLearner } from "../../src/models/logistic.js";
import { modelFromFile } from "../../src/score/loaded-model.js";
import { scoreTable } from "../../src/score/score-table.js";
import { calibrationNoiseAt, fitCalibrationNoise } from "../../src/train/confidence-interval-calibration.js";
import { NOMINAL_CRITICAL_VALUE, fitWaldIntervals, waldStandardErrors } from "../../src/train/confidence-interval-wald.js";
import { parseModel, serializeModel } from "../../src/train/model-file.js";
import { fitPlatt } from "../../src/train/platt.js";
import { trainFromTable } from "../../src/train/train.js";

function matrix(columns: Float64Array[]): Matrix {
  return { rows: columns[0]?.length ?? 0, columns, features: columns.map((_, f) => ({ name: `x${f}`, source: `x${f}`, type: "numeric" as const })) };
}

/** Rows in groups: `groups[g] = [rows, positives]`, group g one-hot in column g (or none for group 0 when `reference`). */
function groupedData(groups: readonly (readonly [number, number])[], reference: boolean) {
  const n = groups.reduce((s, [rows]) => s + rows, 0);
  const width = reference ? groups.length - 1 : groups.length;
  const columns = Array.from({ length: width }, () => new Float64Array(n));
  const y = new Uint8Array(n);
  let r = 0;
  groups.forEach(([rows, positives], g) => {
    for (let i = 0; i < rows; i++, r++) {
      const column = reference ? g - 1 : g;
      if (column >= 0) (columns[column] as Float64Array)[r] = 1;
      y[r] = i < positives ? 1 : 0;
    }
  });
  return { X: matrix(columns), y };
}

/** One row per group, to read each group's standard error. */
function groupRows(groups: number, reference: boolean): Matrix {
  const width = reference ? groups - 1 : groups;
  const columns = Array.from({ length: width }, () => new Float64Array(groups));
  for (let g = 0; g < groups; g++) {
    const column = reference ? g - 1 : g;
    if (column >= 0) (columns[column] as Float64Array)[g] = 1;
  }
  return matrix(columns);
}

/** A saturated model's log-odds in a group of n rows with rate p has variance 1 / (n·p·(1 − p)). */
const binomialSe = (rows: number, positives: number): number => 1 / Math.sqrt(positives * (1 - positives / rows));

describe("Wald covariance of logistic regression: known answers", () => {
  test("a saturated model (one binary feature, no penalty): each group's log-odds has the binomial variance", () => {
    const groups = [[40, 10], [60, 45]] as const;
    const { X, y } = groupedData(groups, true);
    const scorer = new LogisticLearner({ l2: 0 }).fit(X, y);
    const se = waldStandardErrors(fitWaldIntervals(scorer, X, y, undefined, null), groupRows(2, true));
    groups.forEach(([rows, positives], g) => assert.ok(Math.abs((se[g] as number) / binomialSe(rows, positives) - 1) < 1e-6, `group ${g}: ${se[g]}`));
  });

  test("full one-hot beside the intercept (collinear, no penalty): still each level's binomial variance", () => {
    const groups = [[50, 5], [80, 40], [30, 24]] as const;
    const { X, y } = groupedData(groups, false);
    const scorer = new LogisticLearner({ l2: 0 }).fit(X, y);
    const se = waldStandardErrors(fitWaldIntervals(scorer, X, y, undefined, null), groupRows(3, false));
    groups.forEach(([rows, positives], g) => assert.ok(Math.abs((se[g] as number) / binomialSe(rows, positives) - 1) < 1e-4, `level ${g}: ${se[g]}`));
  });

  test("an l1 penalty that zeroes a feature leaves it out: rows differing only there get the same interval", () => {
    const n = 400;
    const signal = Float64Array.from({ length: n }, (_, i) => ((i * 37) % 100) / 50 - 1);
    const noise = Float64Array.from({ length: n }, (_, i) => (((i * 61) % 89) / 44.5 - 1) * 0.01);
    const y = Uint8Array.from(signal, (v, i) => (v + ((i * 13) % 7) / 7 - 0.5 > 0 ? 1 : 0));
    const X = matrix([signal, noise]);
    const scorer = new LogisticLearner({ l1: 5, l2: 0 }).fit(X, y);
    assert.equal(scorer.coefficients()[1], 0);
    const wald = fitWaldIntervals(scorer, X, y, undefined, null);
    const se = waldStandardErrors(wald, matrix([Float64Array.of(0.5, 0.5), Float64Array.of(0, 3)]));
    assert.equal(se[0], se[1]);
    assert.ok((se[0] as number) > 0);
  });

  test("Platt's share: with two raw values the calibration is saturated, and its log-odds variance is binomial", () => {
    const raw = new Float64Array(1000);
    const y = new Uint8Array(1000);
    for (let i = 0; i < 1000; i++) {
      raw[i] = i < 400 ? -1 : 1;
      y[i] = i < 400 ? (i < 80 ? 1 : 0) : i < 400 + 330 ? 1 : 0;
    }
    const platt = fitPlatt(raw, y);
    const noise = fitCalibrationNoise(platt, raw, y, 1);
    const low = calibrationNoiseAt(noise, platt, -1);
    const high = calibrationNoiseAt(noise, platt, 1);
    assert.equal(low.slope, platt.a);
    // Platt's smoothed targets move its fit by O(1/n), hence the looser tolerance.
    assert.ok(Math.abs(low.sd / binomialSe(400, 80) - 1) < 0.01, `${low.sd}`);
    assert.ok(Math.abs(high.sd / binomialSe(600, 330) - 1) < 0.01, `${high.sd}`);
  });

  test("isotonic's share, by bootstrap: close to the binomial standard deviation of each block, and the slope between blocks", () => {
    const raw = new Float64Array(1000);
    const y = new Uint8Array(1000);
    for (let i = 0; i < 1000; i++) {
      raw[i] = i < 500 ? 0 : 1;
      y[i] = i < 500 ? (i % 5 === 0 ? 1 : 0) : i % 5 < 3 ? 1 : 0; // rates 0.2 and 0.6
    }
    const isotonic = { method: "isotonic" as const, x: [0, 1], y: [0.2, 0.6] };
    const noise = fitCalibrationNoise(isotonic, raw, y, 7);
    assert.equal(noise?.method, "isotonic");
    const at0 = calibrationNoiseAt(noise, isotonic, 0);
    const at1 = calibrationNoiseAt(noise, isotonic, 1);
    // 100 replicates estimate a standard deviation to about ±7 %.
    assert.ok(Math.abs(at0.sd / binomialSe(500, 100) - 1) < 0.2, `${at0.sd}`);
    assert.ok(Math.abs(at1.sd / binomialSe(500, 300) - 1) < 0.2, `${at1.sd}`);
    const rise = Math.log(0.6 / 0.4) - Math.log(0.2 / 0.8);
    assert.ok(Math.abs(at0.slope / rise - 1) < 0.05, `${at0.slope}`);
    // Same seed, same intervals.
    assert.deepEqual(fitCalibrationNoise(isotonic, raw, y, 7), noise);
  });
});

describe("the claim, on synthetic leads with known true probabilities (log-odds linear in the inputs)", () => {
  const fresh = generateLeads({ rows: 20000, seed: 99, truth: "logistic" });
  /** Trains from the table, writes and reads model.json, scores the fresh leads. */
  const run = (rows: number, seed: number) => {
    const { model, report } = trainFromTable(generateLeads({ rows, seed, truth: "logistic" }).table, { target: "converted", model: "logistic", folds: 0, seed: 42 });
    const file = parseModel(serializeModel(model), "model.json");
    const records = scoreTable(modelFromFile(file), fresh.table, 1, { explain: 0, adverseAction: false });
    let held = 0;
    let logOddsWidth = 0;
    records.forEach((r, i) => {
      const truth = fresh.truth[i] as number;
      if (r.low <= truth && truth <= r.high) held++;
      assert.ok(r.low <= r.probability && r.probability <= r.high);
      logOddsWidth += (Math.log(r.high / (1 - r.high)) - Math.log(r.low / (1 - r.low))) / records.length;
    });
    return { file, report, coverage: held / records.length, logOddsWidth };
  };

  const small = run(20000, 1);

  test("model.json and report.json state the method and the 90 % level", () => {
    assert.equal(small.file.confidence.method, "logistic-wald");
    assert.equal(small.file.confidence.method === "logistic-wald" && small.file.confidence.level, 0.9);
    assert.equal(NOMINAL_CRITICAL_VALUE, 1.6448536269514722); // Φ⁻¹(0.95)
    assert.equal(small.report.confidenceInterval?.level, 0.9);
  });

  test("90 % intervals hold the true probability for 88-92 % of fresh rows (over 8 training sets of 20,000 rows)", () => {
    // One training set moves every row's estimate together, so its own share wanders a few
    // points around 90 %; the claim is about the average over training sets.
    const coverages = [small.coverage];
    for (let seed = 2; seed <= 8; seed++) coverages.push(run(20000, seed).coverage);
    const mean = coverages.reduce((a, b) => a + b, 0) / coverages.length;
    assert.ok(mean >= 0.88 && mean <= 0.92, `mean coverage ${mean} (per training set: ${coverages.map((c) => c.toFixed(3)).join(", ")})`);
  });

  test("ten times the rows narrow the intervals by about √10", () => {
    const large = run(200000, 1);
    const ratio = small.logOddsWidth / large.logOddsWidth;
    assert.ok(ratio > 2.9 && ratio < 3.45, `width ratio ${ratio}`);
    assert.ok(large.coverage > 0.85 && large.coverage < 0.95, `coverage ${large.coverage}`);
  });
});
