/**
 * The checks every scorer passes (STYLE.md, after Hono's shared router tests): each model's
 * test file calls `runConformance` with a way to make its learner, and nothing else is
 * model-specific.
 * - probabilities are finite and in [0, 1], and are the logistic of the raw output
 * - fit, predict and explain leave their inputs unchanged
 * - the same seed gives the same `toJSON` string
 * - `fromJSON(toJSON())` (the model's own loader and the registry's) predicts identically
 * - contributions add up: base + Σ contributions = raw output (1e-9)
 * - scoring rows one at a time gives what scoring them together gives
 * - reordering the features reorders nothing else (where the model promises it)
 * - malformed model JSON and data of the wrong width are refused with a LeadscoreError
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../src/core/errors.js";
import type { FeatureInfo, Labels, Matrix } from "../../src/core/matrix.js";
import { Rng } from "../../src/core/rng.js";
import { sigmoid, type Learner, type Scorer } from "../../src/core/scorer.js";
import { scorerFromJSON } from "../../src/models/registry.js";

export interface ConformanceOptions {
  readonly name: string;
  /** "tree": raw numbers with NaN missing and categorical codes; "linear": standardised, one-hot, no missing. */
  readonly style: "tree" | "linear";
  /** A learner with this seed (models without randomness may ignore it). */
  readonly newLearner: (seed: number) => Learner<object>;
  /** The model's own loader. */
  readonly fromJSON: (json: unknown) => Scorer;
  /**
   * Whether a model fitted on the same data with its features in another order makes the
   * same predictions: "exact", within a tolerance, or "none" for models whose randomness is
   * drawn per feature (forests, networks), where the order changes the random draws.
   */
  readonly featureOrder: "exact" | "none" | { readonly tolerance: number };
  /** Rows of the synthetic training data (default 400). */
  readonly rows?: number;
  /** Also fit with sample weights (default true). */
  readonly weights?: boolean;
}

export interface ConformanceData {
  readonly X: Matrix;
  readonly y: Labels;
  readonly weights: Float64Array;
}

/** Synthetic binary data with a known signal in both styles (see ConformanceOptions.style). */
export function conformanceData(style: "tree" | "linear", rows: number, seed: number): ConformanceData {
  const rng = new Rng(seed);
  const a = new Float64Array(rows);
  const b = new Float64Array(rows);
  const c = new Float64Array(rows);
  const level = new Int32Array(rows);
  const y = new Uint8Array(rows);
  const weights = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    a[r] = rng.normal();
    b[r] = rng.next() * 10;
    c[r] = rng.normal();
    level[r] = rng.int(4);
    const z = 1.2 * (a[r] as number) - 0.3 * (b[r] as number) + 1.5 + (level[r] === 2 ? 1.5 : level[r] === 0 ? -1 : 0);
    y[r] = rng.next() < sigmoid(z) ? 1 : 0;
    weights[r] = 0.5 + rng.next();
  }
  if (style === "tree") {
    const codes = Float64Array.from(level);
    for (let r = 0; r < rows; r += 13) a[r] = Number.NaN;
    for (let r = 5; r < rows; r += 17) codes[r] = Number.NaN;
    const features: FeatureInfo[] = [
      { name: "a", source: "a", type: "numeric" },
      { name: "b", source: "b", type: "numeric" },
      { name: "c", source: "c", type: "numeric" },
      { name: "level", source: "level", type: "categorical", categories: 4, levels: ["w", "x", "y", "z"] },
    ];
    return { X: { rows, features, columns: [a, b, c, codes] }, y, weights };
  }
  const standardise = (v: Float64Array): Float64Array => {
    let mean = 0;
    for (const x of v) mean += x;
    mean /= v.length;
    let variance = 0;
    for (const x of v) variance += (x - mean) ** 2;
    const sd = Math.sqrt(variance / v.length) || 1;
    return v.map((x) => (x - mean) / sd);
  };
  const oneHot = [0, 1, 2, 3].map((k) => Float64Array.from(level, (l) => (l === k ? 1 : 0)));
  const features: FeatureInfo[] = [
    { name: "a", source: "a", type: "numeric" },
    { name: "b", source: "b", type: "numeric" },
    { name: "c", source: "c", type: "numeric" },
    ...["w", "x", "y", "z"].map((l): FeatureInfo => ({ name: `level=${l}`, source: "level", type: "numeric" })),
  ];
  return { X: { rows, features, columns: [standardise(a), standardise(b), standardise(c), ...oneHot] }, y, weights };
}

function snapshot(X: Matrix): number[][] {
  return X.columns.map((c) => Array.from(c));
}

function sameNumbers(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: lengths differ`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: entry ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

function permuted(X: Matrix, order: readonly number[]): Matrix {
  return {
    rows: X.rows,
    features: order.map((f) => X.features[f] as FeatureInfo),
    columns: order.map((f) => X.columns[f] as Float64Array),
  };
}

export function runConformance(options: ConformanceOptions): void {
  const rows = options.rows ?? 400;
  const train = conformanceData(options.style, rows, 11);
  const test = conformanceData(options.style, 150, 12);

  describe(`${options.name}: conformance`, () => {
    const scorer = options.newLearner(7).fit(train.X, train.y);

    it("gives finite probabilities in [0, 1], the logistic of the raw output", () => {
      const raw = scorer.predictRaw(test.X);
      const proba = scorer.predictProba(test.X);
      assert.equal(proba.length, test.X.rows);
      for (let r = 0; r < proba.length; r++) {
        const p = proba[r] as number;
        assert.ok(Number.isFinite(raw[r]), `raw output of row ${r} is ${raw[r]}`);
        assert.ok(p >= 0 && p <= 1, `probability of row ${r} is ${p}`);
        assert.ok(Math.abs(p - sigmoid(raw[r] as number)) <= 1e-12, `row ${r}: probability is not the logistic of the raw output`);
      }
    });

    it("learns something: AUC on new rows above 0.7", () => {
      const raw = scorer.predictRaw(test.X);
      let pairs = 0;
      let wins = 0;
      for (let i = 0; i < test.X.rows; i++) {
        if (test.y[i] !== 1) continue;
        for (let j = 0; j < test.X.rows; j++) {
          if (test.y[j] !== 0) continue;
          pairs++;
          wins += (raw[i] as number) > (raw[j] as number) ? 1 : raw[i] === raw[j] ? 0.5 : 0;
        }
      }
      assert.ok(wins / pairs > 0.7, `AUC ${wins / pairs}`);
    });

    it("leaves its inputs unchanged", () => {
      const data = conformanceData(options.style, rows, 11);
      const before = snapshot(data.X);
      const labels = Array.from(data.y);
      const weights = Array.from(data.weights);
      const fitted = options.newLearner(7).fit(data.X, data.y, options.weights === false ? undefined : data.weights);
      fitted.predictRaw(data.X);
      fitted.predictProba(data.X);
      fitted.explain(data.X);
      assert.deepEqual(snapshot(data.X), before);
      assert.deepEqual(Array.from(data.y), labels);
      assert.deepEqual(Array.from(data.weights), weights);
    });

    it("gives the same toJSON string for the same seed", () => {
      const again = options.newLearner(7).fit(train.X, train.y);
      assert.equal(JSON.stringify(again.toJSON()), JSON.stringify(scorer.toJSON()));
      if (options.weights !== false) {
        const w1 = options.newLearner(3).fit(train.X, train.y, train.weights);
        const w2 = options.newLearner(3).fit(train.X, train.y, train.weights);
        assert.equal(JSON.stringify(w1.toJSON()), JSON.stringify(w2.toJSON()));
      }
    });

    it("predicts identically after fromJSON(toJSON()), through its own loader and the registry", () => {
      const text = JSON.stringify(scorer.toJSON());
      for (const loaded of [options.fromJSON(JSON.parse(text)), scorerFromJSON(JSON.parse(text))]) {
        assert.equal(loaded.kind, scorer.kind);
        sameNumbers(loaded.predictRaw(test.X), scorer.predictRaw(test.X), "raw output");
        sameNumbers(loaded.predictProba(test.X), scorer.predictProba(test.X), "probability");
        sameNumbers(loaded.featureImportance(), scorer.featureImportance(), "importance");
        const a = loaded.explain(test.X);
        const b = scorer.explain(test.X);
        assert.equal(a.base, b.base);
        sameNumbers(a.values, b.values, "contributions");
        assert.equal(JSON.stringify(loaded.toJSON()), text);
      }
    });

    it("explains every row exactly: base + Σ contributions = raw output (1e-9)", () => {
      const contributions = scorer.explain(test.X);
      const raw = scorer.predictRaw(test.X);
      assert.equal(contributions.rows, test.X.rows);
      assert.equal(contributions.features, test.X.columns.length);
      assert.equal(contributions.values.length, test.X.rows * test.X.columns.length);
      assert.ok(Number.isFinite(contributions.base));
      for (let r = 0; r < test.X.rows; r++) {
        let total = contributions.base;
        for (let f = 0; f < contributions.features; f++) total += contributions.values[r * contributions.features + f] as number;
        assert.ok(Math.abs(total - (raw[r] as number)) <= 1e-9, `row ${r}: base + Σ = ${total}, raw = ${raw[r]}`);
      }
    });

    it("scores rows one at a time as it scores them together", () => {
      const all = scorer.predictRaw(test.X);
      for (const r of [0, 1, 7, 77, test.X.rows - 1]) {
        const one: Matrix = { rows: 1, features: test.X.features, columns: test.X.columns.map((c) => Float64Array.of(c[r] as number)) };
        assert.equal(scorer.predictRaw(one)[0], all[r]);
      }
    });

    it("has one finite, non-negative importance per feature", () => {
      const importance = scorer.featureImportance();
      assert.equal(importance.length, train.X.columns.length);
      for (const v of importance) assert.ok(Number.isFinite(v) && v >= 0);
    });

    if (options.featureOrder !== "none") {
      const tolerance = options.featureOrder === "exact" ? 0 : options.featureOrder.tolerance;
      it(`predicts the same with its features in another order${tolerance > 0 ? ` (within ${tolerance})` : ""}`, () => {
        const order = Array.from(train.X.columns.keys()).reverse();
        const reordered = options.newLearner(7).fit(permuted(train.X, order), train.y);
        const a = reordered.predictRaw(permuted(test.X, order));
        const b = scorer.predictRaw(test.X);
        for (let r = 0; r < a.length; r++) assert.ok(Math.abs((a[r] as number) - (b[r] as number)) <= tolerance, `row ${r}: ${a[r]} vs ${b[r]}`);
      });
    }

    it("refuses malformed model JSON with a LeadscoreError('model')", () => {
      const json = scorer.toJSON() as unknown as Record<string, unknown>;
      const isModelError = (error: unknown): boolean => error instanceof LeadscoreError && error.code === "model";
      assert.throws(() => options.fromJSON(null), isModelError);
      assert.throws(() => options.fromJSON("model"), isModelError);
      assert.throws(() => options.fromJSON({ ...json, version: 99 }), isModelError);
      assert.throws(() => options.fromJSON({ ...json, kind: "something-else" }), isModelError);
      assert.throws(() => options.fromJSON({ ...json, params: { nonsense: 1 } }), isModelError);
      // every top-level field but kind/version/params, emptied or damaged, is refused or harmless
      for (const key of Object.keys(json)) {
        if (key === "kind" || key === "version") continue;
        assert.throws(() => options.fromJSON({ ...json, [key]: "damaged" }), isModelError, `field '${key}' set to a string`);
      }
    });

    it("refuses data of the wrong width with a LeadscoreError('data')", () => {
      const narrow: Matrix = { rows: test.X.rows, features: test.X.features.slice(1), columns: test.X.columns.slice(1) };
      assert.throws(() => scorer.predictRaw(narrow), (e: unknown) => e instanceof LeadscoreError && e.code === "data");
      assert.throws(() => scorer.explain(narrow), (e: unknown) => e instanceof LeadscoreError && e.code === "data");
    });
  });
}
