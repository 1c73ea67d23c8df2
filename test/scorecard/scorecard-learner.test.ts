import assert from "node:assert/strict";
import { test } from "node:test";
import type { Matrix } from "../../src/core/matrix.js";
import { Rng } from "../../src/core/rng.js";
import { LeadscoreError } from "../../src/core/errors.js";
import { createLearner, scorerFromJSON } from "../../src/models/registry.js";
import { ScorecardLearner } from "../../src/scorecard/scorecard-learner.js";
import { scorecardFromJSON } from "../../src/scorecard/scorecard-scorer.js";

/** 1,500 rows: two informative numerics (one with missing values), a categorical with (other), and pure noise. */
function data(seed = 5): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const n = 1500;
  const income = new Float64Array(n);
  const debt = new Float64Array(n);
  const region = new Float64Array(n);
  const noise = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    income[i] = Math.round(20 + 80 * rng.next());
    debt[i] = rng.next() < 0.08 ? Number.NaN : Math.round(100 * rng.next());
    region[i] = rng.int(4); // 3 = (other)
    noise[i] = rng.next();
    const z = -1 - 0.03 * ((income[i] as number) - 60) + (Number.isNaN(debt[i] as number) ? 0.8 : 0.02 * ((debt[i] as number) - 50)) + [0, 0.6, -0.5, 0.3][region[i] as number]!;
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    X: {
      rows: n,
      features: [
        { name: "income", source: "income", type: "numeric" },
        { name: "debt", source: "debt", type: "numeric" },
        { name: "region", source: "region", type: "categorical", categories: 4, levels: ["north", "south", "east"] },
        { name: "noise", source: "noise", type: "numeric" },
      ],
      columns: [income, debt, region, noise],
    },
    y,
  };
}

test("a fitted scorecard: integer points, raw log-odds implied by them, exact explanations", () => {
  const { X, y } = data();
  const scorer = new ScorecardLearner().fit(X, y);
  const json = scorer.toJSON();
  const byName = new Map(json.characteristics.map((c) => [c.column, c]));
  assert.equal(byName.get("income")?.selected, true);
  assert.equal(byName.get("debt")?.selected, true);
  assert.equal(byName.get("region")?.selected, true);
  assert.equal(byName.get("noise")?.selected, false);
  assert.match(byName.get("noise")?.status ?? "", /IV .* below 0.02/);
  assert.equal(byName.get("income")?.trend, "descending");
  assert.equal(byName.get("debt")?.trend, "ascending");
  for (const c of json.characteristics) if (c.selected) assert.ok(c.coefficient < 0, `${c.column}: ${c.coefficient}`);
  const points = scorer.points(X);
  const raw = scorer.predictRaw(X);
  const proba = scorer.predictProba(X);
  const { factor, offset } = json.scaling;
  const contributions = scorer.explain(X);
  for (let i = 0; i < X.rows; i++) {
    assert.ok(Number.isInteger(points[i]));
    // raw = log-odds of bad implied by the points: odds_good = exp((points − offset) / factor).
    assert.equal(raw[i], (offset - (points[i] as number)) / factor);
    assert.ok((proba[i] as number) > 0 && (proba[i] as number) < 1);
    let sum = contributions.base;
    for (let f = 0; f < contributions.features; f++) {
      const v = contributions.values[i * contributions.features + f] as number;
      assert.ok(v >= 0, "contributions are points lost against the best bin");
      sum += v;
    }
    assert.ok(Math.abs(sum - (raw[i] as number)) < 1e-9);
  }
  // Points are the sum of each selected characteristic's bin points.
  const bins = scorer.bins(X);
  let total = 0;
  json.characteristics.forEach((c, f) => {
    if (c.selected) total += c.points[bins[f]?.[0] as number] as number;
  });
  assert.equal(total, points[0]);
  // More points, lower probability of bad.
  const order = [...points.keys()].sort((a, b) => (points[a] as number) - (points[b] as number));
  assert.ok((proba[order[0] as number] as number) > (proba[order[order.length - 1] as number] as number));
});

test("model JSON round trip, determinism, inputs not mutated, the registry knows the family", () => {
  const { X, y } = data();
  const copy = X.columns.map((c) => c.slice());
  const a = createLearner("scorecard", {}, 1).fit(X, y);
  const b = createLearner("scorecard", {}, 2).fit(X, y);
  assert.deepEqual(JSON.stringify(a.toJSON()), JSON.stringify(b.toJSON()));
  X.columns.forEach((c, f) => assert.deepEqual(c, copy[f]));
  const back = scorerFromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(back.predictRaw(X), a.predictRaw(X));
  assert.deepEqual(back.explain(X).values, a.explain(X).values);
  assert.throws(() => scorecardFromJSON({ ...a.toJSON(), characteristics: [] }), /Invalid scorecard model/);
  const broken = JSON.parse(JSON.stringify(a.toJSON()));
  broken.characteristics[0].points[0] = 1.5;
  assert.throws(() => scorecardFromJSON(broken), /whole number/);
});

test("options: forced in and out, special values, scaling, and names that are not characteristics", () => {
  const { X, y } = data();
  const forced = new ScorecardLearner({ pdo: 40, baseScore: 500, baseOdds: 20 }, { forceIn: ["noise"], forceOut: ["debt"] }).fit(X, y).toJSON();
  const byName = new Map(forced.characteristics.map((c) => [c.column, c]));
  assert.equal(byName.get("noise")?.selected, true);
  assert.equal(byName.get("noise")?.status, "forced in");
  assert.equal(byName.get("debt")?.selected, false);
  assert.equal(byName.get("debt")?.status, "forced out");
  assert.ok(Math.abs(forced.scaling.factor - 40 / Math.LN2) < 1e-12);
  assert.ok(Math.abs(forced.scaling.offset - (500 - (40 / Math.LN2) * Math.log(20))) < 1e-9);
  const special = new ScorecardLearner({}, { special: { income: [20] }, monotone: { debt: "ascending" } }).fit(X, y).toJSON();
  const income = special.characteristics[0]?.layout;
  assert.equal(income?.type === "numeric" ? income.special[0]?.value : undefined, 20);
  assert.throws(
    () => new ScorecardLearner({}, { special: { region: [1], nothing: [0] }, forceIn: ["ghost"] }).fit(X, y),
    (error: unknown) =>
      error instanceof LeadscoreError &&
      error.code === "usage" &&
      /--special applies to numeric columns; 'region'/.test(error.message) &&
      /'nothing'/.test(error.message) &&
      /--force-in names 'ghost'/.test(error.message),
  );
  assert.throws(() => new ScorecardLearner({ pdo: -1 }), /pdo/);
  assert.throws(() => new ScorecardLearner({ depth: 3 }), /unknown parameter 'depth'/);
});

test("stepwise and lasso selection leave the noise out and keep the signal", () => {
  const { X, y } = data();
  // Noise cut once by hand: optimal binning would fit its in-sample wiggles, which no test can see through.
  const bins = { format: "leadscore-bins" as const, version: 1 as const, characteristics: [{ column: "noise", type: "numeric" as const, cuts: [0.5] }] };
  const cases = [
    { params: { stepwise: "on", ivMin: 0 }, status: /not entered by stepwise selection/ },
    { params: { l1: 5, ivMin: 0 }, status: /lasso \(l1 = 5\) set its coefficient to 0/ },
  ];
  for (const { params, status } of cases) {
    const json = new ScorecardLearner(params, { bins }).fit(X, y).toJSON();
    const selected = json.characteristics.filter((c) => c.selected).map((c) => c.column);
    assert.deepEqual(selected, ["income", "debt", "region"], JSON.stringify(params));
    assert.match(json.characteristics[3]?.status ?? "", status);
  }
});
