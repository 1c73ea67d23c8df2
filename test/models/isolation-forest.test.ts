import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../src/core/errors.js";
import type { FeatureInfo, Matrix } from "../../src/core/matrix.js";
import { Rng } from "../../src/core/rng.js";
import { IsolationForest, averagePathLength } from "../../src/models/isolation-forest.js";

const numeric = (name: string): FeatureInfo => ({ name, source: name, type: "numeric" });

/** 1000 ordinary rows (normal numbers, a common category) and 10 planted outliers at the end. */
function planted(): { X: Matrix; outliers: number[] } {
  const rng = new Rng(4);
  const n = 1010;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.normal();
    b[i] = rng.normal();
    c[i] = rng.int(3);
  }
  const outliers: number[] = [];
  for (let i = 1000; i < n; i++) {
    outliers.push(i);
    a[i] = 6 + rng.next();
    b[i] = i % 2 === 0 ? -6 : 6;
  }
  const features: FeatureInfo[] = [numeric("a"), numeric("b"), { name: "c", source: "c", type: "categorical", categories: 3 }];
  return { X: { rows: n, features, columns: [a, b, c] }, outliers };
}

describe("IsolationForest", () => {
  it("gives planted outliers the highest scores and flags them", () => {
    const { X, outliers } = planted();
    const forest = IsolationForest.fit(X, { contamination: 0.01 });
    const scores = forest.score(X);
    const top = Array.from(scores.keys()).sort((i, j) => (scores[j] as number) - (scores[i] as number)).slice(0, 10);
    assert.deepEqual(top.sort((i, j) => i - j), outliers);
    const flags = forest.isAnomaly(X);
    for (const i of outliers) assert.equal(flags[i], 1, `outlier ${i} scores ${scores[i]}`);
    const flagged = flags.reduce((s, v) => s + v, 0);
    // a share `contamination` of the training rows lies above the threshold
    assert.ok(flagged >= 9 && flagged <= 11, `${flagged} rows flagged`);
    for (const i of outliers) assert.ok((scores[i] as number) > 0.6);
    let ordinary = 0;
    for (let i = 0; i < 1000; i++) ordinary += scores[i] as number;
    assert.ok(ordinary / 1000 < 0.5, `mean ordinary score ${ordinary / 1000}`);
  });

  it("scores a new row far outside the training range above a typical one, and scores missing values", () => {
    const { X } = planted();
    const forest = IsolationForest.fit(X);
    const probe: Matrix = { rows: 3, features: X.features, columns: [Float64Array.of(0, -9, Number.NaN), Float64Array.of(0, 9, 0), Float64Array.of(1, 1, 7)] };
    const s = forest.score(probe);
    assert.ok((s[1] as number) > (s[0] as number) + 0.1, `far ${s[1]}, typical ${s[0]}`);
    assert.equal(forest.isAnomaly(probe)[1], 1);
    // a missing number and an unknown category code follow the missing side of each split
    assert.ok((s[2] as number) > 0 && (s[2] as number) <= 1);
  });

  it("is deterministic, survives JSON, and refuses damaged JSON", () => {
    const { X } = planted();
    const a = IsolationForest.fit(X, { trees: 20, seed: 3 });
    const b = IsolationForest.fit(X, { trees: 20, seed: 3 });
    assert.equal(JSON.stringify(a.toJSON()), JSON.stringify(b.toJSON()));
    const loaded = IsolationForest.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    assert.deepEqual(Array.from(loaded.score(X)), Array.from(a.score(X)));
    assert.equal(loaded.threshold, a.threshold);
    assert.throws(() => IsolationForest.fromJSON({ ...a.toJSON(), threshold: "high" }), (e: unknown) => e instanceof LeadscoreError && e.code === "model");
    assert.throws(() => IsolationForest.fromJSON({ ...a.toJSON(), kind: "forest" }), LeadscoreError);
    assert.throws(() => IsolationForest.fit(X, { contamination: 0.9 }), LeadscoreError);
  });

  it("uses the average path length of the paper: c(2) = 1, c(256) ≈ 10.24", () => {
    assert.equal(averagePathLength(1), 0);
    assert.equal(averagePathLength(2), 1);
    assert.ok(Math.abs(averagePathLength(256) - 10.2448) < 1e-3);
  });
});
