import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { BinMapper } from "../../../src/models/gbdt/bin-mapper.js";
import {
  HIST_STRIDE,
  buildHistogram,
  buildRootHistogram,
  countBins,
  histogramOffsets,
  subtractHistogram,
} from "../../../src/models/gbdt/histogram.js";
import { categorical, matrix, numeric } from "./helpers.js";

function setup(): {
  binned: Uint8Array[];
  bins: Int32Array;
  offsets: Int32Array;
  totalBins: number;
  grad: Float64Array;
  hess: Float64Array;
  n: number;
} {
  const rng = new Rng(5);
  const n = 503; // not a multiple of 4: exercises the unrolled loops' tails
  const x = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? NaN : rng.normal()));
  const c = Float64Array.from({ length: n }, () => rng.int(7));
  const X = matrix([numeric("x"), categorical("c", 7)], [x, c]);
  const mapper = BinMapper.fit(X, 32, rng);
  const { offsets, totalBins } = histogramOffsets(mapper.bins);
  const grad = Float64Array.from({ length: n }, () => rng.normal());
  const hess = Float64Array.from({ length: n }, () => rng.next());
  return { binned: mapper.transform(X), bins: mapper.bins, offsets, totalBins, grad, hess, n };
}

describe("histograms", () => {
  it("sum gradients, hessians and rows per bin", () => {
    const { binned, bins, offsets, totalBins, grad, hess, n } = setup();
    const idx = Uint32Array.from({ length: n }, (_, i) => i);
    const hist = new Float64Array(totalBins * HIST_STRIDE);
    buildHistogram(hist, binned, Int32Array.of(0, 1), 2, offsets, bins, idx, 0, n, grad, hess);
    for (let f = 0; f < 2; f++) {
      let g = 0;
      let rows = 0;
      for (let b = 0; b < (bins[f] as number); b++) {
        const k = ((offsets[f] as number) + b) * HIST_STRIDE;
        g += hist[k] as number;
        rows += hist[k + 2] as number;
      }
      assert.equal(rows, n);
      assert.ok(Math.abs(g - grad.reduce((a, v) => a + v, 0)) < 1e-9);
    }
    const root = new Float64Array(totalBins * HIST_STRIDE);
    buildRootHistogram(root, binned, Int32Array.of(0, 1), 2, offsets, bins, n, grad, hess, countBins(binned, offsets, totalBins));
    for (let k = 0; k < root.length; k++) assert.ok(Math.abs((root[k] as number) - (hist[k] as number)) < 1e-9);
  });

  it("parent minus the smaller child equals the larger child built directly", () => {
    const { binned, bins, offsets, totalBins, grad, hess, n } = setup();
    const active = Int32Array.of(0, 1);
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    // left: even rows, right: odd rows, laid out like a partitioned node
    const parted = Uint32Array.from([...all.filter((i) => i % 2 === 0), ...all.filter((i) => i % 2 === 1)]);
    const mid = Math.ceil(n / 2);
    const gather = (s: number, e: number, from: Float64Array): Float64Array =>
      Float64Array.from(parted.subarray(s, e), (r) => from[r] as number);
    const parent = new Float64Array(totalBins * HIST_STRIDE);
    buildHistogram(parent, binned, active, 2, offsets, bins, all, 0, n, grad, hess);
    const left = new Float64Array(totalBins * HIST_STRIDE);
    buildHistogram(left, binned, active, 2, offsets, bins, parted, 0, mid, gather(0, mid, grad), gather(0, mid, hess));
    const right = new Float64Array(totalBins * HIST_STRIDE);
    buildHistogram(right, binned, active, 2, offsets, bins, parted, mid, n, gather(mid, n, grad), gather(mid, n, hess));
    subtractHistogram(parent, left, active, 2, offsets, bins);
    for (let k = 0; k < parent.length; k++) assert.ok(Math.abs((parent[k] as number) - (right[k] as number)) < 1e-9);
  });
});
