import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { quantileOf } from "../../src/audit/bootstrap.js";
import { decideAt, fairnessAudit } from "../../src/audit/fairness.js";
import { bandLabels, crossGroups, groupRows, parseBands } from "../../src/audit/protected-groups.js";
import { readTable } from "../../src/data/read-table.js";

const FIXTURES = resolve(import.meta.dirname, "..", "fixtures", "audit");

async function smallFixture() {
  const table = await readTable(join(FIXTURES, "fairness-small.csv"));
  const proba = Float64Array.from(table.cells[1] as string[], Number);
  const labels = Uint8Array.from(table.cells[2] as string[], Number);
  return { table, proba, labels };
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

test("per-group rates and disparate impact equal the hand-computed confusion matrices", async () => {
  const { table, proba, labels } = await smallFixture();
  // At threshold 0.5, by hand from fairness-small.csv:
  //   f (8 rows): selected 0.9✓ 0.7✗ 0.6✓ 0.55✗ → TP 2, FP 2; not selected 0.4✓ → FN 1; TN 3.
  //     selection 4/8, TPR 2/3, FPR 2/5, precision 2/4.
  //   m (12 rows): selected 0.95✓ 0.8✓ 0.65✗ 0.52✓ → TP 3, FP 1; 0.45✓ 0.3✓ → FN 2; TN 6.
  //     selection 4/12, TPR 3/5, FPR 1/7, precision 3/4.
  const grouping = groupRows(table, "group");
  const audit = fairnessAudit({ proba, labels, decisions: decideAt(proba, 0.5), groupings: [grouping], favourable: "positive", replicates: 200, seed: 1 });
  const [f, m] = audit.groups;
  assert.ok(f && m);
  assert.deepEqual([f.group, f.rows, f.positives], ["f", 8, 3]);
  assert.deepEqual(f.confusion, { tp: 2, fp: 2, tn: 3, fn: 1 });
  assert.deepEqual(m.confusion, { tp: 3, fp: 1, tn: 6, fn: 2 });
  close(f.selectionRate.value, 4 / 8, "f selection");
  close(f.tpr.value, 2 / 3, "f TPR");
  close(f.fpr.value, 2 / 5, "f FPR");
  close(f.precision.value, 2 / 4, "f precision");
  close(m.selectionRate.value, 4 / 12, "m selection");
  close(m.tpr.value, 3 / 5, "m TPR");
  close(m.fpr.value, 1 / 7, "m FPR");
  close(m.precision.value, 3 / 4, "m precision");
  // AUC within group, pairs by hand: f 12 of 15, m 31 of 35.
  close(f.auc, 12 / 15, "f AUC");
  close(m.auc, 31 / 35, "m AUC");
  close(f.calibration.meanPredicted, 3.75 / 8, "f mean predicted");
  close(f.calibration.observedRate, 3 / 8, "f observed");
  for (const g of audit.groups) {
    for (const rate of [g.selectionRate, g.tpr, g.fpr]) assert.ok(rate.low <= rate.value && rate.value <= rate.high, `${g.group}: ${JSON.stringify(rate)}`);
    assert.equal(g.small, true);
  }
  // Disparate impact: the reference is the most selected group (f); m's ratio (1/3)/(1/2) = 2/3 fails the four-fifths rule.
  assert.equal(audit.disparateImpact.length, 1);
  const di = audit.disparateImpact[0];
  assert.ok(di);
  assert.deepEqual([di.column, di.group, di.reference, di.passes], ["group", "m", "f", false]);
  close(di.ratio, 2 / 3, "ratio");
  assert.ok(di.low <= di.ratio && di.ratio <= di.high);
  const d = audit.differences[0];
  assert.ok(d);
  close(d.demographicParity.value, 1 / 2 - 1 / 3, "demographic parity difference");
  close(d.equalOpportunity.value, 2 / 3 - 3 / 5, "equal opportunity difference (TPR)");
  close(d.equalizedOdds.value, 2 / 5 - 1 / 7, "equalized odds difference (FPR gap is the larger)");
  assert.deepEqual(audit.fourFifths, [{ column: "group", minRatio: di.ratio, passes: false }]);
});

test("with the negative prediction favourable, disparate impact compares approval rates and equal opportunity is the FPR gap", async () => {
  const { table, proba, labels } = await smallFixture();
  const audit = fairnessAudit({ proba, labels, decisions: decideAt(proba, 0.5), groupings: [groupRows(table, "group")], favourable: "negative", replicates: 50, seed: 1 });
  // Approval rates: f 4/8, m 8/12; the reference is m and f's ratio is (1/2)/(2/3) = 3/4.
  const di = audit.disparateImpact[0];
  assert.ok(di);
  assert.deepEqual([di.group, di.reference], ["f", "m"]);
  close(di.ratio, 3 / 4, "ratio");
  close(audit.differences[0]?.equalOpportunity.value ?? Number.NaN, 2 / 5 - 1 / 7, "equal opportunity (FPR gap)");
  assert.equal(audit.groups[0]?.favourableRate, 0.5);
});

test("the same seed gives the same intervals", async () => {
  const { table, proba, labels } = await smallFixture();
  const run = (seed: number) => fairnessAudit({ proba, labels, decisions: decideAt(proba, 0.5), groupings: [groupRows(table, "group")], favourable: "positive", replicates: 300, seed });
  assert.deepEqual(run(3), run(3));
  assert.notDeepEqual(run(3).groups[0]?.selectionRate, run(4).groups[0]?.selectionRate);
});

test("a selection rate's bootstrap interval matches the exact binomial quantiles", () => {
  // One group of 200 rows, 60 selected: resampling within the group makes the selection rate
  // Binomial(200, 0.3)/200 exactly, whose 2.5 % and 97.5 % quantiles are computed here from the pmf.
  const n = 200;
  const proba = Float64Array.from({ length: n }, (_, i) => (i < 60 ? 0.9 : 0.1));
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
  const grouping = { column: "g", labels: ["all"], groupOf: new Int32Array(n), bands: null };
  const audit = fairnessAudit({ proba, labels, decisions: decideAt(proba, 0.5), groupings: [grouping], favourable: "positive", replicates: 4000, seed: 9 });
  const pmf: number[] = [];
  let p = Math.pow(0.7, n);
  for (let k = 0; k <= n; k++) {
    pmf.push(p);
    p *= ((n - k) / (k + 1)) * (0.3 / 0.7);
  }
  const quantile = (q: number) => {
    let cumulative = 0;
    for (let k = 0; k <= n; k++) {
      cumulative += pmf[k] as number;
      if (cumulative >= q) return k / n;
    }
    return 1;
  };
  const rate = audit.groups[0]?.selectionRate;
  assert.ok(rate);
  assert.equal(rate.value, 0.3);
  assert.ok(Math.abs(rate.low - quantile(0.025)) <= 1 / n + 1e-12, `low ${rate.low} vs ${quantile(0.025)}`);
  assert.ok(Math.abs(rate.high - quantile(0.975)) <= 1 / n + 1e-12, `high ${rate.high} vs ${quantile(0.975)}`);
  assert.equal(quantileOf([1, 2, 3, 4, 5], 0.25), 2);
});

test("protected groups: bands given or at the quartiles, missing as a group, combinations", async () => {
  const { table } = await smallFixture();
  const given = groupRows(table, "age", parseBands(["age=25,35,50"]).age);
  assert.deepEqual(given.labels, ["< 25", "[25, 35)", "[35, 50)", "≥ 50", "(missing)"]);
  // Rows: 23 → < 25, 31 → [25, 35), 45 → [35, 50), 52 → ≥ 50, 19 → < 25, missing, 36 → [35, 50).
  assert.deepEqual(Array.from(given.groupOf.slice(0, 7)), [0, 1, 2, 3, 0, 4, 2]);
  // 19 present ages: more than 10 distinct numbers, so quartiles: type-1 at 25 %, 50 %, 75 % of the sorted ages.
  const quartiles = groupRows(table, "age");
  assert.deepEqual(quartiles.bands, [27, 36, 50]);
  assert.deepEqual(bandLabels([27, 36, 50]), ["< 27", "[27, 36)", "[36, 50)", "≥ 50"]);
  const both = crossGroups([groupRows(table, "group"), given]);
  assert.equal(both.column, "group × age");
  assert.ok(both.labels.includes("f × < 25") && both.labels.includes("m × ≥ 50"));
  assert.throws(() => parseBands(["age=50,25"]), /increasing/);
  assert.throws(() => groupRows(table, "nope"), /no protected column 'nope'/);
});
