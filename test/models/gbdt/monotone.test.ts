import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../../src/core/errors.js";
import type { Matrix } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { GbdtLearner } from "../../../src/models/gbdt/index.js";
import { parseMonotone } from "../../../src/models/gbdt/monotone.js";
import { categorical, matrix, numeric } from "./helpers.js";

/** x0 rises then falls (sin), x1 falls then rises, x2 noise, c categorical; 10 % missing in x0. */
function data(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const cols = [0, 1, 2, 3].map(() => new Float64Array(n));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = rng.next() < 0.1 ? NaN : rng.next() * 6 - 3;
    const x1 = rng.normal();
    const x2 = rng.normal();
    const c = rng.int(5);
    const z = (Number.isNaN(x0) ? 0.5 : 1.5 * Math.sin(x0)) + 0.8 * x1 * x1 - 0.6 + (c === 2 ? 0.8 : 0) + 0.3 * x2;
    [x0, x1, x2, c].forEach((v, f) => {
      (cols[f] as Float64Array)[i] = v;
    });
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: matrix([numeric("x0"), numeric("x1"), numeric("x2"), categorical("c", 5)], cols), y };
}

/** Raw outputs for `base` rows with feature f swept over `grid` (the other features fixed). */
function sweep(model: { predictRaw(X: Matrix): Float64Array }, base: Matrix, f: number, grid: readonly number[]): Float64Array[] {
  return grid.map((v) => {
    const columns = base.columns.map((c, j) => (j === f ? new Float64Array(base.rows).fill(v) : c));
    return model.predictRaw({ ...base, columns });
  });
}

describe("monotone constraints", () => {
  const { X, y } = data(6000, 1);
  const grid = Array.from({ length: 121 }, (_, k) => -3.3 + k * 0.055);

  it("predictions never decrease along a +1 feature, nor increase along a -1 one, on random rows", () => {
    const model = new GbdtLearner({ trees: 60, learningRate: 0.2, minLeafRows: 5, earlyStopping: false, monotone: "x0:+1,x1:-1" }).fit(X, y);
    const rows = data(300, 2).X; // random rows, other features as drawn (missing values included)
    const up = sweep(model, rows, 0, grid);
    const down = sweep(model, rows, 1, grid);
    for (let k = 1; k < grid.length; k++) {
      for (let r = 0; r < rows.rows; r++) {
        assert.ok((up[k]?.[r] as number) >= (up[k - 1]?.[r] as number), `x0 row ${r} at ${grid[k]}`);
        assert.ok((down[k]?.[r] as number) <= (down[k - 1]?.[r] as number), `x1 row ${r} at ${grid[k]}`);
      }
    }
    // the constraint binds: without it the fitted effect of x0 goes down somewhere
    const free = new GbdtLearner({ trees: 60, learningRate: 0.2, minLeafRows: 5, earlyStopping: false }).fit(X, y);
    const freeUp = sweep(free, rows, 0, grid);
    let falls = 0;
    for (let k = 1; k < grid.length; k++) for (let r = 0; r < rows.rows; r++) if ((freeUp[k]?.[r] as number) < (freeUp[k - 1]?.[r] as number)) falls++;
    assert.ok(falls > 0);
    assert.equal(model.toJSON().params.monotone, "x0:+1,x1:-1");
  });

  it("rejects a categorical column, an unknown one and bad syntax, naming them", () => {
    const isUsage = (pattern: RegExp) => (e: unknown) => e instanceof LeadscoreError && e.code === "usage" && pattern.test(e.message);
    assert.throws(() => new GbdtLearner({ trees: 2, monotone: "c:+1" }).fit(X, y), isUsage(/'c' is categorical/));
    assert.throws(() => new GbdtLearner({ trees: 2, monotone: "nope:-1" }).fit(X, y), isUsage(/'nope' is not a model feature/));
    assert.throws(() => new GbdtLearner({ monotone: "x0:up" }), isUsage(/'x0:up'/));
    assert.throws(() => new GbdtLearner({ monotone: "x0:+1,x0:-1" }), isUsage(/given twice/));
  });

  it("parses directions, names with colons, and 0 as no constraint", () => {
    assert.deepEqual(parseMonotone(" a:+1, b:c:-1 ,d:0,e:1"), [
      { column: "a", direction: 1 },
      { column: "b:c", direction: -1 },
      { column: "e", direction: 1 },
    ]);
  });
});

describe("scalePosWeight", () => {
  it("weighs positive rows: the same model as weights of W on positives", () => {
    const { X, y } = data(2000, 3);
    const scaled = new GbdtLearner({ trees: 10, earlyStopping: false, scalePosWeight: 3 }).fit(X, y);
    const weighted = new GbdtLearner({ trees: 10, earlyStopping: false }).fit(X, y, Float64Array.from(y, (v) => (v === 1 ? 3 : 1)));
    assert.deepEqual(scaled.predictRaw(X), weighted.predictRaw(X));
    // and raises the average predicted probability (the pipeline's calibration takes it back down)
    const plain = new GbdtLearner({ trees: 10, earlyStopping: false }).fit(X, y);
    const meanOf = (p: Float64Array): number => p.reduce((a, b) => a + b, 0) / p.length;
    assert.ok(meanOf(scaled.predictProba(X)) > meanOf(plain.predictProba(X)) + 0.1);
  });
});
