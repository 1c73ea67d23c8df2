import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { BinMapper } from "../../../src/models/gbdt/bin-mapper.js";
import { categorical, matrix, numeric } from "./helpers.js";

describe("BinMapper", () => {
  it("gives evenly spaced thresholds on evenly spaced data, and a missing bin", () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i);
    const mapper = BinMapper.fit(matrix([numeric("x")], [values]), 10, new Rng(1));
    assert.deepEqual(Array.from(mapper.thresholds[0] as Float64Array), [9.5, 19.5, 29.5, 39.5, 49.5, 59.5, 69.5, 79.5, 89.5]);
    assert.equal(mapper.bins[0], 11); // 10 value bins + missing
    const probe = Float64Array.of(0, 9, 9.5, 10, 99, 1e9, -1e9, NaN, Infinity, -Infinity);
    const [binned] = mapper.transform(matrix([numeric("x")], [probe]));
    assert.deepEqual(Array.from(binned as Uint8Array), [0, 0, 0, 1, 9, 9, 0, 10, 10, 10]);
  });

  it("gives every value its own bin when there are at most maxBins of them", () => {
    const values = Float64Array.of(3, 1, 2, 2, NaN, 1, 3);
    const mapper = BinMapper.fit(matrix([numeric("x")], [values]), 255, new Rng(1));
    assert.deepEqual(Array.from(mapper.thresholds[0] as Float64Array), [1.5, 2.5]);
    assert.deepEqual(Array.from(mapper.transform(matrix([numeric("x")], [values]))[0] as Uint8Array), [2, 0, 1, 1, 3, 0, 2]);
  });

  it("keeps heavily tied values in one bin", () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i < 800 ? -1 : i));
    const mapper = BinMapper.fit(matrix([numeric("x")], [values]), 10, new Rng(1));
    const edges = Array.from(mapper.thresholds[0] as Float64Array);
    // -1 alone in the first bin; the 200 other values still share the 9 remaining bins
    assert.equal(edges[0], 399.5);
    assert.equal(edges.length, 9);
    assert.equal(edges[1], 822.5);
  });

  it("maps categories to bins in code order, unseen and invalid codes to the missing bin", () => {
    const codes = Float64Array.of(0, 2, 2, 4, NaN, 0);
    const X = matrix([categorical("c", 6)], [codes]);
    const mapper = BinMapper.fit(X, 255, new Rng(1));
    assert.equal(mapper.bins[0], 4); // codes 0, 2, 4 + missing
    const probe = Float64Array.of(0, 2, 4, 1, 5, 6, -1, 2.5, NaN);
    assert.deepEqual(Array.from(mapper.transform(matrix([categorical("c", 6)], [probe]))[0] as Uint8Array), [0, 1, 2, 3, 3, 3, 3, 3, 3]);
  });

  it("pools the rarest categories when there are more than maxBins", () => {
    // code c appears 10 - c times: codes 0..2 are the most frequent
    const values: number[] = [];
    for (let c = 0; c < 8; c++) for (let k = 0; k < 10 - c; k++) values.push(c);
    const X = matrix([categorical("c", 8)], [Float64Array.from(values)]);
    const mapper = BinMapper.fit(X, 4, new Rng(1));
    assert.equal(mapper.bins[0], 5); // 3 kept + 1 pooled + missing
    assert.deepEqual(Array.from(mapper.codeBins[0] as Int32Array), [0, 1, 2, 3, 3, 3, 3, 3]);
  });
});
