import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { liftTable } from "../../src/evaluate/lift.js";

describe("liftTable", () => {
  it("splits 12 rows as 2,2,1,…,1 from the highest score and computes lift and gains", () => {
    const proba = Float64Array.from({ length: 12 }, (_, i) => (12 - i) / 13);
    const y = Uint8Array.of(1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0); // 4 positives: overall rate ⅓
    // Shuffle the input so the sort does the work.
    const order = [5, 0, 11, 3, 8, 1, 10, 2, 7, 4, 9, 6];
    const table = liftTable(Float64Array.from(order, (i) => proba[i]!), Uint8Array.from(order, (i) => y[i]!));
    assert.equal(table.length, 10);
    assert.deepEqual(table.map((r) => r.rows), [2, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(table.map((r) => r.positives), [2, 1, 0, 0, 1, 0, 0, 0, 0, 0]);
    assert.deepEqual(table[0], { decile: 1, rows: 2, positives: 2, rate: 1, lift: 3, cumulativeGain: 0.5 });
    assert.deepEqual(table[1], { decile: 2, rows: 2, positives: 1, rate: 0.5, lift: 1.5, cumulativeGain: 0.75 });
    assert.deepEqual(table[4], { decile: 5, rows: 1, positives: 1, rate: 1, lift: 3, cumulativeGain: 1 });
    assert.equal(table[9]!.cumulativeGain, 1);
  });

  it("keeps tied rows in input order", () => {
    const y = new Uint8Array(20);
    y[0] = 1;
    y[1] = 1;
    const table = liftTable(new Float64Array(20).fill(0.5), y);
    assert.equal(table[0]!.positives, 2);
    assert.equal(table[0]!.lift, 10);
  });

  it("leaves empty deciles with NaN rates when there are fewer than 10 rows", () => {
    const table = liftTable(Float64Array.of(0.9, 0.1, 0.5), Uint8Array.of(1, 0, 0));
    assert.deepEqual(table.map((r) => r.rows), [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    assert.ok(Number.isNaN(table[5]!.rate));
    assert.equal(table[5]!.cumulativeGain, 1);
  });
});
