import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Matrix } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { BinMapper } from "../../../src/models/gbdt/bin-mapper.js";
import { TreeGrower } from "../../../src/models/gbdt/grower.js";
import { binaryLogLoss } from "../../../src/models/gbdt/loss.js";
import { categorical, matrix, numeric } from "./helpers.js";

function data(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? NaN : rng.normal()));
  const t = Float64Array.from({ length: n }, () => Math.round(rng.next() * 30));
  const c = Float64Array.from({ length: n }, () => (rng.next() < 0.05 ? NaN : rng.int(300)));
  const y = Uint8Array.from({ length: n }, (_, i) => {
    const z = (Number.isNaN(x[i] as number) ? 1 : (x[i] as number)) + ((c[i] as number) % 3 === 0 ? 1 : -0.5) + ((t[i] as number) > 20 ? 1 : 0);
    return rng.next() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
  });
  return { X: matrix([numeric("x"), numeric("t"), categorical("c", 300)], [x, t, c]), y };
}

const options = { maxLeaves: 31, maxDepth: 0, minLeafRows: 5, l2: 0, minGainToSplit: 0, learningRate: 0.1 };

describe("TreeGrower", () => {
  it("grows a tree whose binned and raw-value predictions agree, unseen and pooled codes included", () => {
    const { X, y } = data(4000, 1);
    const mapper = BinMapper.fit(X, 64, new Rng(1)); // 300 codes > 64 bins: the rarest are pooled
    const binned = mapper.transform(X);
    const grad = new Float64Array(X.rows);
    const hess = new Float64Array(X.rows);
    binaryLogLoss.gradients(y, new Float64Array(X.rows), null, grad, hess);
    const grower = new TreeGrower(mapper, binned, X.rows, options);
    grower.grow(grad, hess, null, X.rows, Int32Array.of(0, 1, 2), 3);
    const tree = grower.toTree(null);
    assert.equal(tree.nodeCount, 61); // 31 leaves
    assert.equal(tree.cover[0], X.rows);
    assert.ok(tree.categorical.some((c) => c === 1));

    const fromLeaves = new Float64Array(X.rows);
    grower.addLeafValues(fromLeaves);
    const { X: fresh } = data(3000, 2);
    const codes = fresh.columns[2] as Float64Array;
    for (let i = 0; i < fresh.rows; i += 7) codes[i] = 300 + i; // codes never seen in training
    for (const M of [X, fresh]) {
      const viaBins = new Float64Array(M.rows);
      grower.addBinnedPredictions(mapper.transform(M), null, M.rows, viaBins);
      const viaValues = new Float64Array(M.rows);
      tree.addPredictions(M.columns, 0, M.rows, viaValues);
      assert.deepEqual(viaValues, viaBins);
      if (M === X) assert.deepEqual(viaValues, fromLeaves);
    }
  });

  it("grows on a row sample and respects maxDepth", () => {
    const { X, y } = data(2000, 3);
    const mapper = BinMapper.fit(X, 255, new Rng(1));
    const grad = new Float64Array(X.rows);
    const hess = new Float64Array(X.rows);
    binaryLogLoss.gradients(y, new Float64Array(X.rows), null, grad, hess);
    const grower = new TreeGrower(mapper, mapper.transform(X), X.rows, { ...options, maxDepth: 2 });
    const sample = Uint32Array.from({ length: 1000 }, (_, i) => 2 * i);
    grower.grow(grad, hess, sample, sample.length, Int32Array.of(0, 1, 2), 3);
    const tree = grower.toTree(null);
    assert.equal(tree.depth, 2);
    assert.equal(tree.cover[0], 1000);
  });
});
