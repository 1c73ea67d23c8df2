import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { BinMapper } from "../../../src/models/gbdt/bin-mapper.js";
import { HIST_STRIDE, histogramOffsets, subtractHistogram } from "../../../src/models/gbdt/histogram.js";
import { histogramKernel } from "../../../src/models/gbdt/row-blocks.js";
import { categorical, matrix, numeric } from "./helpers.js";

function setup() {
  const rng = new Rng(5);
  const n = 503;
  const x = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? NaN : rng.normal()));
  const c = Float64Array.from({ length: n }, () => rng.int(7));
  const X = matrix([numeric("x"), categorical("c", 7)], [x, c]);
  const mapper = BinMapper.fit(X, 32, rng);
  const { offsets, totalBins } = histogramOffsets(mapper.bins);
  const columns = mapper.transform(X);
  const rowMajor = Uint8Array.from({ length: n * 2 }, (_, k) => columns[k % 2]?.[Math.floor(k / 2)] ?? 0);
  const grad = Float64Array.from({ length: n }, () => rng.normal());
  const hess = Float64Array.from({ length: n }, () => rng.next());
  return { columns, rowMajor, bins: mapper.bins, offsets, totalBins, grad, hess, n };
}

/** The histogram by definition: for each row, each feature, add to its bin. */
function bruteForce(columns: Uint8Array[], offsets: Int32Array, totalBins: number, rows: number[], grad: Float64Array, hess: Float64Array): Float64Array {
  const hist = new Float64Array(totalBins * HIST_STRIDE);
  for (const r of rows) {
    columns.forEach((col, f) => {
      const k = ((offsets[f] as number) + (col[r] as number)) * HIST_STRIDE;
      hist[k] = (hist[k] as number) + (grad[r] as number);
      hist[k + 1] = (hist[k + 1] as number) + (hess[r] as number);
      hist[k + 2] = (hist[k + 2] as number) + 1;
    });
  }
  return hist;
}

describe("histograms", () => {
  it("sum gradients, hessians and rows per bin over the positions given", () => {
    const { columns, rowMajor, offsets, totalBins, grad, hess, n } = setup();
    const kernel = histogramKernel(2, offsets);
    const rows = Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 1);
    const idx = Uint32Array.from(rows);
    const og = Float32Array.from(rows, (r) => grad[r] as number);
    const oh = Float32Array.from(rows, (r) => hess[r] as number);
    const hist = new Float64Array(totalBins * HIST_STRIDE);
    kernel(hist, rowMajor, idx, og, oh, 0, rows.length);
    // the kernel reads float32 gradients, as the grower stores them
    const expected = bruteForce(columns, offsets, totalBins, rows, Float64Array.from(grad, Math.fround), Float64Array.from(hess, Math.fround));
    for (let k = 0; k < hist.length; k++) assert.ok(Math.abs((hist[k] as number) - (expected[k] as number)) < 1e-9, `entry ${k}`);
  });

  it("parent minus the smaller child equals the larger child built directly", () => {
    const { columns, bins, offsets, totalBins, grad, hess, n } = setup();
    const all = Array.from({ length: n }, (_, i) => i);
    const parent = bruteForce(columns, offsets, totalBins, all, grad, hess);
    const left = bruteForce(columns, offsets, totalBins, all.filter((i) => i % 2 === 0), grad, hess);
    const right = bruteForce(columns, offsets, totalBins, all.filter((i) => i % 2 === 1), grad, hess);
    subtractHistogram(parent, left, Int32Array.of(0, 1), 2, offsets, bins);
    for (let k = 0; k < parent.length; k++) assert.ok(Math.abs((parent[k] as number) - (right[k] as number)) < 1e-9);
  });
});
