/**
 * The rows of a training set cut into a fixed number of blocks, and the work a tree asks of
 * each block: gather its rows' gradients, split a node's rows in two, build a node's
 * histogram over its rows, add leaf values to scores.
 *
 * Blocks are the unit of both parallelism and determinism. Every block has its own range of
 * positions in the shared arrays, so threads never write the same memory; the number of
 * blocks depends only on the number of rows, and block histograms are added up in block
 * order — so a model is bit-for-bit the same whichever thread ran which block, and however
 * many threads there were.
 *
 * Positions: block b owns positions blockStart[b]..blockStart[b+1]-1, and at the start of a
 * tree holds its own rows there (all of them in order, or the sampled ones). A node's rows in
 * block b are the positions nodeStart[b*capacity+node]..nodeEnd[...]-1; `idx` maps a position
 * to its row, and `og`/`oh` hold that row's gradient and hessian, moved along with it when a
 * node is split, so histograms read them in order.
 *
 * The binned features are kept twice: row-major (one row's bins are adjacent bytes), so a
 * histogram pass touches one cache line per row instead of one per feature; and column-major,
 * so splitting a node, which reads one feature of rows spread over the data, reads nearby
 * bytes instead of one cache line per row.
 */
import { HIST_STRIDE } from "./histogram.js";
import { QUANTISED_MIN_ROWS, WINDOW_ROWS, decodeWindow, packRow, roundingNoise } from "./quantised-gradients.js";

/** Fewest rows per block: smaller data is one block (and one thread). */
export const MIN_BLOCK_ROWS = 16_384;
/** Most blocks: enough to keep 8 threads busy; more would only add histogram reductions. */
export const MAX_BLOCKS = 8;

export function blockCount(rows: number): number {
  return Math.max(1, Math.min(MAX_BLOCKS, Math.floor(rows / MIN_BLOCK_ROWS)));
}

/** Everything the threads share while one tree grows; typed arrays over SharedArrayBuffers. */
export interface BlockBuffers {
  readonly rows: number;
  readonly features: number;
  readonly blocks: number;
  /** Node slots per block. */
  readonly capacity: number;
  /** Numbers in one histogram (HIST_STRIDE per bin). */
  readonly histSize: number;
  /** rows × features bins, row-major. */
  readonly binned: Uint8Array;
  /** The same bins column-major: feature f of row r at f * rows + r. */
  readonly columns: Uint8Array;
  /** First bin of each feature in a histogram. */
  readonly offsets: Int32Array;
  /** blocks + 1 entries: block b holds rows and positions blockStart[b]..blockStart[b+1]-1. */
  readonly blockStart: Int32Array;
  readonly idx: Uint32Array;
  /**
   * Gradients and hessians by position, as float32 (like scikit-learn's): half the bytes to
   * move when a node is split and to read when a histogram is built; sums stay float64.
   */
  readonly og: Float32Array;
  readonly oh: Float32Array;
  readonly scratchIdx: Uint32Array;
  readonly scratchGrad: Float32Array;
  readonly scratchHess: Float32Array;
  /**
   * Large fits: gradient, hessian and a count of 1 packed into one number per position
   * (quantised-gradients.ts), moved with the row instead of og/oh (which are then empty).
   */
  readonly quantised: boolean;
  readonly oq: Float64Array;
  readonly scratchQ: Float64Array;
  /** One packed window per block (totalBins numbers each). */
  readonly blockPacked: Float64Array;
  /** [gradient step, hessian step, rounding salt] of the current tree. */
  readonly quant: Float64Array;
  /** Per block: largest |gradient| and largest hessian of its rows this round. */
  readonly blockMax: Float64Array;
  /** Per block and node: exact gradient and hessian sums of a leaf's rows (leaf renewal). */
  readonly leafSums: Float64Array;
  /** Rows per bin of each block's rows (blocks × totalBins): the root's counts when a tree uses every row. */
  readonly blockCounts: Float64Array;
  readonly nodeStart: Int32Array;
  readonly nodeEnd: Int32Array;
  /** One histogram per block: the block's part of the node being built. */
  readonly blockHist: Float64Array;
  /** Per-row gradients and hessians of the current round. */
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  /** The rows of the current tree, ascending, when it grows on a sample. */
  readonly sample: Uint32Array;
  /** 256 entries: 1 when rows of that bin go left in the split being applied. */
  readonly lut: Uint8Array;
  /** Leaf values for score updates. */
  readonly nodeValue: Float64Array;
  /** claim[0]: the next block a thread may take in the current task (threads take blocks as they get free). */
  readonly claim: Int32Array;
  /** Per-row raw scores (log-odds), labels and weights (empty when unweighted), for the booster's rounds. */
  readonly raw: Float64Array;
  readonly labels: Uint8Array;
  readonly weights: Float64Array;
}

/** A typed array over shared memory, so worker threads see it without a copy. */
export function sharedArray<T extends Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array>(
  type: { new (buffer: ArrayBufferLike): T; readonly BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new type(new SharedArrayBuffer(length * type.BYTES_PER_ELEMENT));
}

export function allocateBlocks(
  rows: number,
  features: number,
  offsets: Int32Array,
  totalBins: number,
  capacity: number,
  weighted: boolean,
): BlockBuffers {
  const blocks = blockCount(rows);
  const blockStart = sharedArray(Int32Array, blocks + 1);
  for (let b = 0; b <= blocks; b++) blockStart[b] = Math.floor((rows * b) / blocks);
  const histSize = totalBins * HIST_STRIDE;
  const sharedOffsets = sharedArray(Int32Array, features);
  sharedOffsets.set(offsets);
  const quantised = rows >= QUANTISED_MIN_ROWS;
  const exactRows = quantised ? 0 : rows;
  const packedRows = quantised ? rows : 0;
  return {
    rows,
    features,
    blocks,
    capacity,
    histSize,
    binned: sharedArray(Uint8Array, rows * features),
    columns: sharedArray(Uint8Array, rows * features),
    offsets: sharedOffsets,
    blockStart,
    idx: sharedArray(Uint32Array, rows),
    og: sharedArray(Float32Array, exactRows),
    oh: sharedArray(Float32Array, exactRows),
    scratchIdx: sharedArray(Uint32Array, rows),
    scratchGrad: sharedArray(Float32Array, exactRows),
    scratchHess: sharedArray(Float32Array, exactRows),
    quantised,
    oq: sharedArray(Float64Array, packedRows),
    scratchQ: sharedArray(Float64Array, packedRows),
    blockPacked: sharedArray(Float64Array, quantised ? blocks * totalBins : 0),
    quant: sharedArray(Float64Array, 3),
    blockMax: sharedArray(Float64Array, blocks * 2),
    leafSums: sharedArray(Float64Array, quantised ? blocks * capacity * 2 : 0),
    blockCounts: sharedArray(Float64Array, blocks * totalBins),
    nodeStart: sharedArray(Int32Array, blocks * capacity),
    nodeEnd: sharedArray(Int32Array, blocks * capacity),
    blockHist: sharedArray(Float64Array, blocks * histSize),
    grad: sharedArray(Float64Array, rows),
    hess: sharedArray(Float64Array, rows),
    sample: sharedArray(Uint32Array, rows),
    lut: sharedArray(Uint8Array, 256),
    nodeValue: sharedArray(Float64Array, capacity),
    claim: sharedArray(Int32Array, 1),
    raw: sharedArray(Float64Array, rows),
    labels: sharedArray(Uint8Array, rows),
    weights: sharedArray(Float64Array, weighted ? rows : 0),
  };
}

/**
 * Adds rows start..end-1 of positions (row idx[i], gradient og[i], hessian oh[i]) to `hist`.
 * `binned` is row-major with `features` bytes per row.
 */
export type HistogramKernel = (
  hist: Float64Array,
  binned: Uint8Array,
  idx: Uint32Array,
  og: Float32Array,
  oh: Float32Array,
  start: number,
  end: number,
) => void;

/** Adds the packed numbers `oq` of positions start..end-1 to `packed` (one number per bin). */
export type PackedHistogramKernel = (packed: Float64Array, binned: Uint8Array, idx: Uint32Array, oq: Float64Array, start: number, end: number) => void;

/**
 * The loops of a feature layout: with row counts, without (the root, whose counts are known),
 * and over packed quantised rows.
 */
export interface HistogramKernels {
  readonly counting: HistogramKernel;
  readonly sumsOnly: HistogramKernel;
  readonly packed: PackedHistogramKernel;
}

const kernelCache = new Map<string, HistogramKernels>();

/**
 * A histogram loop written out for this feature layout: one statement per feature with its
 * offset as a constant. V8 then keeps everything in registers; measured 3x faster than a
 * loop over features reading the offsets (bench/NOTES.md).
 */
export function histogramKernels(features: number, offsets: Int32Array): HistogramKernels {
  const key = `${features}:${Array.from(offsets).join(",")}`;
  const cached = kernelCache.get(key);
  if (cached !== undefined) return cached;
  const kernels = {
    counting: generateKernel(features, offsets, true),
    sumsOnly: generateKernel(features, offsets, false),
    packed: generatePackedKernel(features, offsets),
  };
  if (kernelCache.size > 64) kernelCache.clear();
  kernelCache.set(key, kernels);
  return kernels;
}

/** The counting kernel alone (tests, and callers that do not know counts). */
export function histogramKernel(features: number, offsets: Int32Array): HistogramKernel {
  return histogramKernels(features, offsets).counting;
}

function generateKernel(features: number, offsets: Int32Array, counting: boolean): HistogramKernel {
  const lines: string[] = [];
  lines.push("for (let i = start; i < end; i++) {");
  lines.push("  const g = og[i]; const h = oh[i]; const r = idx[i] * " + String(features) + "; let k = 0;");
  for (let f = 0; f < features; f++) {
    const first = (offsets[f] as number) * HIST_STRIDE;
    const count = counting ? " hist[k + 2] += 1;" : "";
    lines.push(`  k = ${first} + binned[r + ${f}] * ${HIST_STRIDE}; hist[k] += g; hist[k + 1] += h;${count}`);
  }
  lines.push("}");
  // Generated from numbers only (feature count and bin offsets), never from data or user text.
  return new Function("hist", "binned", "idx", "og", "oh", "start", "end", lines.join("\n")) as HistogramKernel;
}

/** One read-modify-write per row and feature: the whole point of packing (quantised-gradients.ts). */
function generatePackedKernel(features: number, offsets: Int32Array): PackedHistogramKernel {
  const lines: string[] = [];
  lines.push("for (let i = start; i < end; i++) {");
  lines.push("  const v = oq[i]; const r = idx[i] * " + String(features) + "; let k = 0;");
  for (let f = 0; f < features; f++) {
    lines.push(`  k = ${offsets[f] as number} + binned[r + ${f}]; packed[k] += v;`);
  }
  lines.push("}");
  // Generated from numbers only (feature count and bin offsets), never from data or user text.
  return new Function("packed", "binned", "idx", "oq", "start", "end", lines.join("\n")) as PackedHistogramKernel;
}

/** The histogram of block b's rows of `node` into the block's histogram. */
export function buildBlockHistogram(s: BlockBuffers, kernels: HistogramKernels, b: number, node: number): void {
  const hist = s.blockHist.subarray(b * s.histSize, (b + 1) * s.histSize);
  hist.fill(0);
  const at = b * s.capacity + node;
  const start = s.nodeStart[at] as number;
  const end = s.nodeEnd[at] as number;
  if (s.quantised) buildPackedHistogram(s, kernels.packed, b, hist, start, end);
  else kernels.counting(hist, s.binned, s.idx, s.og, s.oh, start, end);
}

/** Packed sums, WINDOW_ROWS rows at a time (so no field overflows), decoded into `hist`. */
function buildPackedHistogram(s: BlockBuffers, kernel: PackedHistogramKernel, b: number, hist: Float64Array, start: number, end: number): void {
  const totalBins = s.histSize / HIST_STRIDE;
  const packed = s.blockPacked.subarray(b * totalBins, (b + 1) * totalBins);
  const gradStep = s.quant[0] as number;
  const hessStep = s.quant[1] as number;
  for (let from = start; from < end; from += WINDOW_ROWS) {
    kernel(packed, s.binned, s.idx, s.oq, from, Math.min(end, from + WINDOW_ROWS));
    decodeWindow(packed, hist, totalBins, gradStep, hessStep);
  }
}

/** Rows per bin of block b (its part of `blockCounts`), once per fit. */
export function countBlockBins(s: BlockBuffers, b: number): void {
  const totalBins = s.histSize / HIST_STRIDE;
  const counts = s.blockCounts.subarray(b * totalBins, (b + 1) * totalBins);
  counts.fill(0);
  countRows(counts, s.binned, s.offsets, s.features, s.blockStart[b] as number, s.blockStart[b + 1] as number);
}

function countRows(counts: Float64Array, binned: Uint8Array, offsets: Int32Array, features: number, from: number, to: number): void {
  for (let r = from; r < to; r++) {
    const base = r * features;
    for (let f = 0; f < features; f++) {
      const k = (offsets[f] as number) + (binned[base + f] as number);
      counts[k] = (counts[k] as number) + 1;
    }
  }
}

/** The root histogram of block b when the tree takes every row: sums by the kernel, counts copied. */
function buildBlockRootHistogram(s: BlockBuffers, kernels: HistogramKernels, b: number): void {
  const totalBins = s.histSize / HIST_STRIDE;
  const hist = s.blockHist.subarray(b * s.histSize, (b + 1) * s.histSize);
  const counts = s.blockCounts.subarray(b * totalBins, (b + 1) * totalBins);
  resetWithCounts(hist, counts, totalBins);
  kernels.sumsOnly(hist, s.binned, s.idx, s.og, s.oh, s.blockStart[b] as number, s.blockStart[b + 1] as number);
}

function resetWithCounts(hist: Float64Array, counts: Float64Array, totalBins: number): void {
  for (let k = 0; k < totalBins; k++) {
    hist[k * HIST_STRIDE] = 0;
    hist[k * HIST_STRIDE + 1] = 0;
    hist[k * HIST_STRIDE + 2] = counts[k] as number;
  }
}

/**
 * Starts a tree in block b: its rows (all, or `sampleFrom..sampleTo` of `sample`) go to its
 * positions with their gradients, as the root's rows; then the root's histogram.
 */
export function startBlock(s: BlockBuffers, kernels: HistogramKernels, b: number, sampleFrom: number, sampleTo: number, sampled: boolean): void {
  const first = s.blockStart[b] as number;
  const last = s.blockStart[b + 1] as number;
  const end = sampled ? first + (sampleTo - sampleFrom) : last;
  if (s.quantised) gatherPacked(s, sampled ? s.sample : null, sampleFrom, first, end);
  else if (sampled) gatherSample(s.idx, s.og, s.oh, s.grad, s.hess, s.sample, sampleFrom, first, end);
  else gatherAll(s.idx, s.og, s.oh, s.grad, s.hess, first, end);
  s.nodeStart[b * s.capacity] = first;
  s.nodeEnd[b * s.capacity] = end;
  if (sampled || s.quantised) buildBlockHistogram(s, kernels, b, 0);
  else buildBlockRootHistogram(s, kernels, b);
}

function gatherAll(idx: Uint32Array, og: Float32Array, oh: Float32Array, grad: Float64Array, hess: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    idx[i] = i;
    og[i] = grad[i] as number;
    oh[i] = hess[i] as number;
  }
}

/** Rows (all, or `sample` from sampleFrom) to positions from..to-1 with their packed quantised gradients. */
function gatherPacked(s: BlockBuffers, sample: Uint32Array | null, sampleFrom: number, from: number, to: number): void {
  const gradScale = 1 / (s.quant[0] as number);
  const hessScale = 1 / (s.quant[1] as number);
  const salt = s.quant[2] as number;
  const { idx, oq, grad, hess } = s;
  for (let i = from, j = sampleFrom; i < to; i++, j++) {
    const r = sample === null ? i : (sample[j] as number);
    idx[i] = r;
    oq[i] = packRow(grad[r] as number, hess[r] as number, gradScale, hessScale, roundingNoise(r, salt));
  }
}

/** Largest |gradient| and hessian of block b's rows, for the tree's quantisation steps. */
export function blockGradientMaxima(s: BlockBuffers, b: number): void {
  let maxGrad = 0;
  let maxHess = 0;
  const { grad, hess } = s;
  for (let r = s.blockStart[b] as number, end = s.blockStart[b + 1] as number; r < end; r++) {
    const g = Math.abs(grad[r] as number);
    const h = hess[r] as number;
    if (g > maxGrad) maxGrad = g;
    if (h > maxHess) maxHess = h;
  }
  s.blockMax[2 * b] = maxGrad;
  s.blockMax[2 * b + 1] = maxHess;
}

/** Exact gradient and hessian sums of block b's rows of each leaf (quantised fits' leaf renewal). */
export function blockLeafSums(s: BlockBuffers, b: number, leaves: readonly number[]): void {
  const base = b * s.capacity;
  for (const leaf of leaves) {
    const at = base + leaf;
    exactSums(s, s.nodeStart[at] as number, s.nodeEnd[at] as number, 2 * at);
  }
}

function exactSums(s: BlockBuffers, start: number, end: number, out: number): void {
  const { idx, grad, hess } = s;
  let g = 0;
  let h = 0;
  for (let i = start; i < end; i++) {
    const r = idx[i] as number;
    g += grad[r] as number;
    h += hess[r] as number;
  }
  s.leafSums[out] = g;
  s.leafSums[out + 1] = h;
}

function gatherSample(
  idx: Uint32Array,
  og: Float32Array,
  oh: Float32Array,
  grad: Float64Array,
  hess: Float64Array,
  sample: Uint32Array,
  sampleFrom: number,
  from: number,
  to: number,
): void {
  for (let i = from, j = sampleFrom; i < to; i++, j++) {
    const r = sample[j] as number;
    idx[i] = r;
    og[i] = grad[r] as number;
    oh[i] = hess[r] as number;
  }
}

/**
 * Splits block b's rows of `parent` by feature `feature` and the split table `lut`: rows going
 * left stay first (in order), the others follow (in order). Records the children's ranges,
 * then builds the histogram of `build` (one of the children, or -1 for none).
 */
export function splitBlock(s: BlockBuffers, kernels: HistogramKernels, b: number, parent: number, left: number, right: number, feature: number, build: number): void {
  const base = b * s.capacity;
  const start = s.nodeStart[base + parent] as number;
  const end = s.nodeEnd[base + parent] as number;
  const mid = partitionRange(s, feature, start, end);
  s.nodeStart[base + left] = start;
  s.nodeEnd[base + left] = mid;
  s.nodeStart[base + right] = mid;
  s.nodeEnd[base + right] = end;
  if (build >= 0) buildBlockHistogram(s, kernels, b, build);
}

/** Stable partition of positions start..end-1; returns the first position going right. */
function partitionRange(s: BlockBuffers, feature: number, start: number, end: number): number {
  const column = s.columns.subarray(feature * s.rows, (feature + 1) * s.rows);
  if (s.quantised) {
    const right = partitionPacked(column, s.lut, s.idx, s.oq, s.scratchIdx, s.scratchQ, start, end);
    const mid = end - (right - start);
    s.idx.set(s.scratchIdx.subarray(start, right), mid);
    s.oq.set(s.scratchQ.subarray(start, right), mid);
    return mid;
  }
  const right = partitionRows(column, s.lut, s.idx, s.og, s.oh, s.scratchIdx, s.scratchGrad, s.scratchHess, start, end);
  const mid = end - (right - start);
  s.idx.set(s.scratchIdx.subarray(start, right), mid);
  s.og.set(s.scratchGrad.subarray(start, right), mid);
  s.oh.set(s.scratchHess.subarray(start, right), mid);
  return mid;
}

/**
 * Every row is written both to the next left slot and the next right (scratch) slot, and only
 * one cursor advances: no branch on the data, which the processor could not predict.
 * Returns the end of the rows written to scratch (from `start`).
 */
function partitionRows(
  column: Uint8Array,
  lut: Uint8Array,
  idx: Uint32Array,
  og: Float32Array,
  oh: Float32Array,
  sIdx: Uint32Array,
  sOg: Float32Array,
  sOh: Float32Array,
  start: number,
  end: number,
): number {
  let li = start;
  let ri = start;
  for (let i = start; i < end; i++) {
    const r = idx[i] as number;
    const g = og[i] as number;
    const h = oh[i] as number;
    const goesLeft = lut[column[r] as number] as number;
    idx[li] = r;
    og[li] = g;
    oh[li] = h;
    sIdx[ri] = r;
    sOg[ri] = g;
    sOh[ri] = h;
    li += goesLeft;
    ri += 1 - goesLeft;
  }
  return ri;
}

/** partitionRows for packed rows: the row index and its one packed number move together. */
function partitionPacked(
  column: Uint8Array,
  lut: Uint8Array,
  idx: Uint32Array,
  oq: Float64Array,
  sIdx: Uint32Array,
  sOq: Float64Array,
  start: number,
  end: number,
): number {
  let li = start;
  let ri = start;
  for (let i = start; i < end; i++) {
    const r = idx[i] as number;
    const q = oq[i] as number;
    const goesLeft = lut[column[r] as number] as number;
    idx[li] = r;
    oq[li] = q;
    sIdx[ri] = r;
    sOq[ri] = q;
    li += goesLeft;
    ri += 1 - goesLeft;
  }
  return ri;
}

/** raw[row] += nodeValue[leaf] for block b's rows of each of `leaves`. */
export function addBlockScores(s: BlockBuffers, b: number, leaves: readonly number[], raw: Float64Array = s.raw): void {
  const base = b * s.capacity;
  for (const leaf of leaves) {
    addLeafValue(s.idx, raw, s.nodeValue[leaf] as number, s.nodeStart[base + leaf] as number, s.nodeEnd[base + leaf] as number);
  }
}

function addLeafValue(idx: Uint32Array, raw: Float64Array, value: number, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const r = idx[i] as number;
    raw[r] = (raw[r] as number) + value;
  }
}

/** Rows of `node` over all blocks. */
export function nodeRows(s: BlockBuffers, node: number): number {
  let rows = 0;
  for (let b = 0; b < s.blocks; b++) rows += (s.nodeEnd[b * s.capacity + node] as number) - (s.nodeStart[b * s.capacity + node] as number);
  return rows;
}

/** hist = Σ over blocks of the block histograms, in block order. */
export function reduceBlockHistograms(s: BlockBuffers, hist: Float64Array): void {
  const size = s.histSize;
  const all = s.blockHist;
  hist.set(all.subarray(0, size));
  for (let b = 1; b < s.blocks; b++) addInto(hist, all, b * size, size);
}

function addInto(hist: Float64Array, all: Float64Array, from: number, size: number): void {
  for (let k = 0; k < size; k++) hist[k] = (hist[k] as number) + (all[from + k] as number);
}
