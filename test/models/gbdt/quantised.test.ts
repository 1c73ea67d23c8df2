import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { setThreadCount } from "../../../src/core/worker-pool.js";
import { rocAuc } from "../../../src/evaluate/auc.js";
import { GbdtLearner } from "../../../src/models/gbdt/index.js";
import {
  GRAD_LEVELS,
  HESS_LEVELS,
  QUANTISED_MIN_ROWS,
  WINDOW_ROWS,
  decodeWindow,
  packRow,
  roundingNoise,
} from "../../../src/models/gbdt/quantised-gradients.js";
import { categorical, matrix, numeric } from "./helpers.js";

describe("quantised gradients", () => {
  it("packs gradient, hessian and count so that sums of a full window decode exactly", () => {
    const rng = new Rng(11);
    const gradScale = GRAD_LEVELS / 0.9;
    const hessScale = HESS_LEVELS / 0.25;
    const packed = new Float64Array(2);
    let gq = 0;
    let hq = 0;
    // the worst case: every row of a window in one bin, at the extreme levels
    for (let i = 0; i < WINDOW_ROWS; i++) {
      const g = i % 2 === 0 ? 0.9 : rng.next() * 1.8 - 0.9;
      const h = i % 3 === 0 ? 0.25 : rng.next() * 0.25;
      const noise = roundingNoise(i, 7);
      const v = packRow(g, h, gradScale, hessScale, noise);
      packed[0] = (packed[0] as number) + v;
      // the integers the packing should hold, computed independently
      gq += Math.max(-GRAD_LEVELS, Math.min(GRAD_LEVELS, Math.floor(g * gradScale + noise)));
      hq += Math.max(0, Math.min(HESS_LEVELS, Math.floor(h * hessScale + 1 - noise)));
    }
    assert.ok((packed[0] as number) < 2 ** 53, "the sum stays an exact integer");
    const hist = new Float64Array(6);
    decodeWindow(packed, hist, 2, 1 / gradScale, 1 / hessScale);
    assert.equal(hist[2], WINDOW_ROWS);
    assert.ok(Math.abs((hist[0] as number) - gq / gradScale) < 1e-9);
    assert.ok(Math.abs((hist[1] as number) - hq / hessScale) < 1e-9);
    assert.deepEqual(Array.from(hist.subarray(3)), [0, 0, 0], "an empty bin decodes to zeros");
    assert.deepEqual(Array.from(packed), [0, 0], "the window is cleared for the next one");
  });

  it("rounds without bias: the mean of many rounded values is the value", () => {
    const gradScale = GRAD_LEVELS / 1;
    const hessScale = HESS_LEVELS / 0.25;
    const g = 0.0123;
    const h = 0.0071;
    let gSum = 0;
    let hSum = 0;
    const n = 200_000;
    for (let r = 0; r < n; r++) {
      const v = packRow(g, h, gradScale, hessScale, roundingNoise(r, 99));
      const hist = new Float64Array(3);
      decodeWindow(Float64Array.of(v), hist, 1, 1 / gradScale, 1 / hessScale);
      gSum += hist[0] as number;
      hSum += hist[1] as number;
    }
    // one grid step is 1/31 and 0.004; the means land within a few standard errors of the values
    assert.ok(Math.abs(gSum / n - g) < 3e-4, `gradient mean ${gSum / n}`);
    assert.ok(Math.abs(hSum / n - h) < 4e-5, `hessian mean ${hSum / n}`);
  });

  it("keeps large fits deterministic across thread counts and as accurate as the true probabilities allow", () => {
    const rng = new Rng(21);
    const n = QUANTISED_MIN_ROWS + 20_000;
    const a = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? NaN : rng.normal()));
    const b = Float64Array.from({ length: n }, () => rng.next() * 10);
    const c = Float64Array.from({ length: n }, () => rng.int(12));
    const truth = new Float64Array(n);
    const y = Uint8Array.from({ length: n }, (_, i) => {
      const ai = a[i] as number;
      const z = (Number.isNaN(ai) ? 0.5 : Math.sin(2 * ai)) - 0.3 * Math.abs((b[i] as number) - 5) + ((c[i] as number) % 4 === 1 ? 1 : 0);
      truth[i] = 1 / (1 + Math.exp(-z));
      return rng.next() < (truth[i] as number) ? 1 : 0;
    });
    const X = matrix([numeric("a"), numeric("b"), categorical("c", 12)], [a, b, c]);
    const params = { trees: 60, learningRate: 0.1, earlyStopping: false };
    // every row (quantised) on one thread and on two
    setThreadCount(1);
    const alone = JSON.stringify(new GbdtLearner(params).fit(X, y).toJSON());
    setThreadCount(2);
    const shared = JSON.stringify(new GbdtLearner(params).fit(X, y).toJSON());
    setThreadCount(undefined);
    assert.equal(shared, alone);

    const take = (rows: Int32Array) => matrix([numeric("a"), numeric("b"), categorical("c", 12)], [a, b, c].map((col) => Float64Array.from(rows, (r) => col[r] as number)));
    const scorer = new GbdtLearner(params).fit(take(Int32Array.from({ length: n - 10_000 }, (_, i) => i)), y.slice(0, n - 10_000));
    const heldRows = Int32Array.from({ length: 10_000 }, (_, i) => n - 10_000 + i);
    const raw = scorer.predictRaw(take(heldRows));
    const heldY = Uint8Array.from(heldRows, (r) => y[r] as number);
    const modelAuc = rocAuc(raw, heldY);
    const trueAuc = rocAuc(Float64Array.from(heldRows, (r) => truth[r] as number), heldY);
    assert.ok(modelAuc > trueAuc - 0.01, `model AUC ${modelAuc.toFixed(4)} vs true ${trueAuc.toFixed(4)}`);
  });
});
