import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { setThreadCount, workerTeam } from "../../../src/core/worker-pool.js";
import { GbdtLearner } from "../../../src/models/gbdt/index.js";
import { blockCount } from "../../../src/models/gbdt/row-blocks.js";
import { categorical, matrix, numeric } from "./helpers.js";

describe("training on several threads", () => {
  it("gives byte-identical models with one thread or two, sampled or not", () => {
    const rng = new Rng(4);
    const n = 70_000; // several row blocks, so the work is shared out
    assert.ok(blockCount(n) >= 4);
    const a = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? NaN : rng.normal()));
    const b = Float64Array.from({ length: n }, () => rng.next() * 10);
    const c = Float64Array.from({ length: n }, () => rng.int(12));
    const y = Uint8Array.from({ length: n }, (_, i) => {
      const z = (Number.isNaN(a[i] as number) ? 0.5 : (a[i] as number)) - 0.2 * (b[i] as number) + ((c[i] as number) % 4 === 1 ? 1 : 0);
      return rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    });
    const X = matrix([numeric("a"), numeric("b"), categorical("c", 12)], [a, b, c]);
    const weights = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 3));
    for (const params of [{ trees: 15 }, { trees: 15, rowSample: 0.6, colSample: 0.67, earlyStopping: false }]) {
      setThreadCount(1);
      const alone = JSON.stringify(new GbdtLearner(params).fit(X, y, weights).toJSON());
      setThreadCount(2);
      assert.ok(workerTeam() !== null, "a worker thread starts");
      const shared = JSON.stringify(new GbdtLearner(params).fit(X, y, weights).toJSON());
      const again = JSON.stringify(new GbdtLearner(params).fit(X, y, weights).toJSON());
      setThreadCount(undefined);
      assert.equal(shared, alone);
      assert.equal(again, alone);
    }
  });
});
