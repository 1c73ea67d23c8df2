import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { GbdtLearner } from "../../../src/models/gbdt/index.js";
import { categorical, matrix, numeric, row } from "./helpers.js";

/** One tree, one split, full step: the root split is what we inspect. */
const oneSplit = { trees: 1, maxLeaves: 2, learningRate: 1, minLeafRows: 1, earlyStopping: false } as const;

describe("split finding", () => {
  it("finds the exact threshold of a step function", () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => i);
    const y = Uint8Array.from(x, (v) => (v >= 120 ? 1 : 0));
    const model = new GbdtLearner(oneSplit).fit(matrix([numeric("x")], [x]), y);
    const tree = model.toJSON().trees[0];
    assert.ok(tree !== undefined);
    assert.equal(tree.feature[0], 0);
    assert.equal(tree.threshold[0], 119.5);
    const p = model.predictProba(matrix([numeric("x")], [Float64Array.of(119, 119.5, 119.6, 120)]));
    assert.ok((p[0] as number) < 0.5 && (p[1] as number) < 0.5);
    assert.ok((p[2] as number) > 0.5 && (p[3] as number) > 0.5);
  });

  for (const missingIsPositive of [true, false]) {
    it(`sends missing values where the data says (${missingIsPositive ? "with the high" : "with the low"} values)`, () => {
      const rng = new Rng(7);
      const n = 2000;
      const x = new Float64Array(n);
      const y = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const missing = rng.next() < 0.2;
        x[i] = missing ? NaN : rng.next();
        y[i] = missing ? (missingIsPositive ? 1 : 0) : (x[i] as number) > 0.5 ? 1 : 0;
      }
      const features = [numeric("x")];
      const model = new GbdtLearner(oneSplit).fit(matrix(features, [x]), y);
      const tree = model.toJSON().trees[0];
      assert.ok(tree !== undefined);
      assert.equal(tree.missingLeft[0], missingIsPositive ? 0 : 1);
      const at = (v: number): number => model.predictRaw(row(features, [v]))[0] as number;
      assert.equal(at(NaN), missingIsPositive ? at(0.9) : at(0.1));
      assert.equal(at(Infinity), at(NaN)); // non-finite values count as missing
    });
  }

  it("sends missing values to the larger child when training had none", () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const y = Uint8Array.from(x, (v) => (v >= 70 ? 1 : 0));
    const features = [numeric("x")];
    const model = new GbdtLearner(oneSplit).fit(matrix(features, [x]), y);
    const at = (v: number): number => model.predictRaw(row(features, [v]))[0] as number;
    assert.equal(at(NaN), at(0));
  });

  it("separates odd from even category codes with one categorical split", () => {
    const rng = new Rng(3);
    const n = 1000;
    const codes = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      codes[i] = i % 10;
      // odd codes mostly positive, with 10 % label noise
      y[i] = (i % 2 === 1) !== rng.next() < 0.1 ? 1 : 0;
    }
    const features = [categorical("c", 10)];
    const model = new GbdtLearner(oneSplit).fit(matrix(features, [codes]), y);
    const tree = model.toJSON().trees[0];
    assert.ok(tree !== undefined);
    assert.equal(tree.feature.length, 3);
    assert.equal(tree.categorical[0], 1);
    const raw = model.predictRaw(matrix(features, [Float64Array.from({ length: 10 }, (_, c) => c)]));
    const odd = raw[1] as number;
    const even = raw[0] as number;
    assert.ok(odd > even);
    for (let c = 0; c < 10; c++) assert.equal(raw[c], c % 2 === 1 ? odd : even);
    // unseen codes, negative, fractional and missing codes all follow the missing direction
    const other = model.predictRaw(matrix(features, [Float64Array.of(NaN, 10, 40, -1, 2.5)]));
    for (const v of other) assert.equal(v, other[0]);
  });

  it("uses l2 to shrink leaf values toward zero", () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => i);
    const y = Uint8Array.from(x, (v) => (v >= 100 ? 1 : 0));
    const features = [numeric("x")];
    const plain = new GbdtLearner(oneSplit).fit(matrix(features, [x]), y);
    const shrunk = new GbdtLearner({ ...oneSplit, l2: 100 }).fit(matrix(features, [x]), y);
    const high = row(features, [150]);
    assert.ok((shrunk.predictRaw(high)[0] as number) < (plain.predictRaw(high)[0] as number));
    assert.ok((shrunk.predictRaw(high)[0] as number) > 0);
  });

  it("does not split below minLeafRows or without enough gain", () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i);
    const y = Uint8Array.from(x, (v) => (v >= 35 ? 1 : 0));
    const features = [numeric("x")];
    const big = new GbdtLearner({ ...oneSplit, minLeafRows: 10 }).fit(matrix(features, [x]), y);
    assert.equal(big.toJSON().trees[0]?.threshold[0], 29.5); // nearest legal cut to 34.5
    const none = new GbdtLearner({ ...oneSplit, minGainToSplit: 1e6 }).fit(matrix(features, [x]), y);
    assert.equal(none.toJSON().trees[0]?.feature.length, 1);
  });
});
