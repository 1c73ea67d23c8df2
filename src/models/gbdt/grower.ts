/**
 * Grows one tree leaf-wise, best first (LightGBM's leaf-wise growth; scikit-learn's
 * `TreeGrower`): the leaf whose best split gains most is split next, until `maxLeaves`
 * leaves or no leaf can be split.
 *
 * The rows live in fixed blocks (row-blocks.ts), which threads work on in parallel: every
 * node's rows are a range of positions in each block, split in place; only the smaller
 * child's histogram is built (block by block, then added up in block order) — the larger
 * one is the parent's minus it, computed in the parent's slot. Everything else (split
 * finding, the node table) happens on the calling thread. Node fields live in typed arrays
 * sized for 2 * maxLeaves - 1 nodes, histograms come from a pool: growing a tree allocates
 * nothing once warm.
 *
 * A split is kept as a per-node lookup table over bins (1 = goes left), shared by numeric and
 * categorical features; `toTree` turns it into real thresholds and category bitsets.
 *
 * With monotone constraints, every node carries bounds on its output; a split on a
 * constrained feature bounds its children by the midpoint of their outputs (split.ts).
 */
import type { BinMapper } from "./bin-mapper.js";
import { BlockRunner } from "./block-runner.js";
import { HistogramPool, histogramOffsets, subtractHistogram, HIST_STRIDE } from "./histogram.js";
import {
  type BlockBuffers,
  addBlockScores,
  allocateBlocks,
  histogramKernels,
  nodeRows,
  reduceBlockHistograms,
} from "./row-blocks.js";
import { quantisationSteps } from "./quantised-gradients.js";
import { MAX_BINS_PER_FEATURE, MIN_CHILD_HESSIAN, SplitCandidate, SplitFinder, boundedOutput } from "./split.js";
import { Tree } from "./tree.js";

export interface GrowerOptions {
  readonly maxLeaves: number;
  /** 0: no limit. */
  readonly maxDepth: number;
  readonly minLeafRows: number;
  readonly l2: number;
  readonly minGainToSplit: number;
  readonly learningRate: number;
  /** Per feature +1 / -1 / 0 (see split.ts); null or absent when unconstrained. */
  readonly monotone?: Int8Array | null;
  /** Allocate per-row weights in the shared buffers (the booster's weighted fits). */
  readonly weighted?: boolean;
}

const LUT = MAX_BINS_PER_FEATURE;

export class TreeGrower {
  private readonly mapper: BinMapper;
  private readonly options: GrowerOptions;
  private readonly offsets: Int32Array;
  private readonly pool: HistogramPool;
  private readonly finder: SplitFinder;
  private readonly candidate = new SplitCandidate();
  /** Shared with the worker threads. */
  readonly buffers: BlockBuffers;
  private readonly runner: BlockRunner;
  private readonly rowCount: number;

  // node fields (a node is a leaf when leftChild < 0)
  private nodeCount = 0;
  private readonly splitFeature: Int32Array;
  private readonly thresholdBin: Int32Array;
  private readonly leftChild: Int32Array;
  private readonly rightChild: Int32Array;
  private readonly depth: Int32Array;
  private readonly histSlot: Int32Array;
  private readonly sumGrad: Float64Array;
  private readonly sumHess: Float64Array;
  private readonly rows: Float64Array;
  private readonly value: Float64Array;
  private readonly gain: Float64Array;
  private readonly cover: Float64Array;
  private readonly leftGrad: Float64Array;
  private readonly leftHess: Float64Array;
  private readonly leftRows: Float64Array;
  /** Output bounds (before the learning rate), for monotone constraints. */
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  /** lut[node * 256 + bin] = 1 when rows of that bin go left at node. */
  private readonly lut: Uint8Array;
  /** Leaves waiting to be split, each with a best split found. */
  private readonly candidates: Int32Array;
  private candidateCount = 0;
  /** Sample offsets of the current tree: block b's rows are sample[sampleFrom[b]..sampleFrom[b+1]). */
  private readonly sampleFrom: number[];

  private active: Int32Array = new Int32Array(0);
  private activeCount = 0;
  /** Trees grown so far (salts the rounding noise of quantised fits). */
  private treesGrown = 0;
  /** computeGradients() has left this round's gradient maxima in buffers.blockMax. */
  private maximaFresh = false;

  /**
   * `binned`: the bins of the training rows, one Uint8Array per feature (BinMapper.transform),
   * or null when the caller writes them into `buffers.columns` itself and then calls `interleaveBins()`.
   */
  constructor(mapper: BinMapper, binned: readonly Uint8Array[] | null, rows: number, options: GrowerOptions) {
    this.mapper = mapper;
    this.options = options;
    this.rowCount = rows;
    const { offsets, totalBins } = histogramOffsets(mapper.bins);
    this.offsets = offsets;
    const capacity = 2 * options.maxLeaves - 1;
    const features = mapper.features;
    this.buffers = allocateBlocks(rows, features, offsets, totalBins, capacity, options.weighted === true);
    this.runner = new BlockRunner(this.buffers, histogramKernels(features, offsets));
    if (binned !== null) {
      binned.forEach((column, f) => this.buffers.columns.set(column.subarray(0, rows), f * rows));
      this.interleaveBins();
    }
    this.pool = new HistogramPool(totalBins);
    this.finder = new SplitFinder(mapper.bins, mapper.categorical, offsets, options);
    this.splitFeature = new Int32Array(capacity);
    this.thresholdBin = new Int32Array(capacity);
    this.leftChild = new Int32Array(capacity);
    this.rightChild = new Int32Array(capacity);
    this.depth = new Int32Array(capacity);
    this.histSlot = new Int32Array(capacity);
    this.sumGrad = new Float64Array(capacity);
    this.sumHess = new Float64Array(capacity);
    this.rows = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.gain = new Float64Array(capacity);
    this.cover = new Float64Array(capacity);
    this.leftGrad = new Float64Array(capacity);
    this.leftHess = new Float64Array(capacity);
    this.leftRows = new Float64Array(capacity);
    this.lower = new Float64Array(capacity);
    this.upper = new Float64Array(capacity);
    this.lut = new Uint8Array(capacity * LUT);
    this.candidates = new Int32Array(options.maxLeaves);
    this.sampleFrom = new Array<number>(this.buffers.blocks + 1).fill(0);
  }

  /** Fills the row-major bins from the column-major ones (`buffers.columns`) and counts rows per bin. */
  interleaveBins(): void {
    interleave(this.buffers.columns, this.buffers.features, this.rowCount, this.buffers.binned);
    this.runner.run({ op: "count" }, this.rowCount);
  }

  /** Threads working on this grower's rows. */
  get threads(): number {
    return this.runner.threads;
  }

  /** Computes this round's gradients from `buffers.raw`/`labels`/`weights` into `buffers.grad`/`hess`, block by block. */
  computeGradients(): void {
    this.runner.run({ op: "gradients" }, this.rowCount);
    this.maximaFresh = this.buffers.quantised;
  }

  /**
   * Grows a tree on the rows sample[0..sampleSize) (ascending; all rows when sample is null),
   * splitting only on the features active[0..activeCount). `grad`/`hess` are per row;
   * pass `buffers.grad`/`buffers.hess` to avoid a copy.
   */
  grow(
    grad: Float64Array,
    hess: Float64Array,
    sample: Uint32Array | null,
    sampleSize: number,
    active: Int32Array,
    activeCount: number,
  ): void {
    const s = this.buffers;
    if (grad !== s.grad) s.grad.set(grad.subarray(0, this.rowCount));
    if (hess !== s.hess) s.hess.set(hess.subarray(0, this.rowCount));
    this.active = active;
    this.activeCount = activeCount;
    this.pool.reset();
    this.nodeCount = 0;
    this.candidateCount = 0;
    if (sample !== null) {
      if (sample !== s.sample) s.sample.set(sample.subarray(0, sampleSize));
      this.locateSample(sampleSize);
    }
    if (s.quantised) this.setQuantisation(grad !== s.grad || hess !== s.hess);
    this.treesGrown++;
    this.runner.run({ op: "start", sampled: sample !== null, sampleFrom: this.sampleFrom }, sampleSize);
    const slot = this.pool.acquire();
    const rootHist = this.pool.get(slot);
    reduceBlockHistograms(s, rootHist);
    const [g, h] = featureTotals(rootHist, this.offsets[0] as number, this.mapper.bins[0] as number);
    const root = this.newNode(0, g, h, sampleSize, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    if (this.splittable(root)) {
      this.histSlot[root] = slot;
      this.evaluate(root);
    } else {
      this.pool.release(slot);
    }
    let leaves = 1;
    while (leaves < this.options.maxLeaves) {
      const node = this.popBestCandidate();
      if (node < 0) break;
      leaves++;
      this.split(node, leaves < this.options.maxLeaves);
    }
    if (s.quantised) this.renewValues();
  }

  /** This tree's quantisation steps (from the rows' largest gradient and hessian) and rounding salt. */
  private setQuantisation(copied: boolean): void {
    const s = this.buffers;
    if (copied || !this.maximaFresh) this.runner.run({ op: "maxima" }, this.rowCount);
    this.maximaFresh = false;
    let maxGrad = 0;
    let maxHess = 0;
    for (let b = 0; b < s.blocks; b++) {
      maxGrad = Math.max(maxGrad, s.blockMax[2 * b] as number);
      maxHess = Math.max(maxHess, s.blockMax[2 * b + 1] as number);
    }
    const { gradStep, hessStep } = quantisationSteps(maxGrad, maxHess);
    s.quant[0] = gradStep;
    s.quant[1] = hessStep;
    s.quant[2] = Math.imul(this.treesGrown + 1, 0x9e3779b1) >>> 0;
  }

  /**
   * Quantised fits: the tree's shape came from rounded gradients; every node's sums and value
   * are now recomputed from the exact gradients of its rows (leaves summed block by block in
   * block order, inner nodes as the sum of their children), within the node's monotone bounds.
   */
  private renewValues(): void {
    const s = this.buffers;
    const leaves = this.leaves();
    this.runner.run({ op: "leafSums", leaves }, this.rowCount);
    for (const leaf of leaves) {
      let g = 0;
      let h = 0;
      for (let b = 0; b < s.blocks; b++) {
        const at = 2 * (b * s.capacity + leaf);
        g += s.leafSums[at] as number;
        h += s.leafSums[at + 1] as number;
      }
      this.sumGrad[leaf] = g;
      this.sumHess[leaf] = h;
    }
    const { l2, learningRate } = this.options;
    for (let node = this.nodeCount - 1; node >= 0; node--) {
      const l = this.leftChild[node] as number;
      if (l >= 0) {
        const r = this.rightChild[node] as number;
        this.sumGrad[node] = (this.sumGrad[l] as number) + (this.sumGrad[r] as number);
        this.sumHess[node] = (this.sumHess[l] as number) + (this.sumHess[r] as number);
      }
      const g = this.sumGrad[node] as number;
      const h = this.sumHess[node] as number;
      this.value[node] = boundedOutput(g, h, l2, this.lower[node] as number, this.upper[node] as number) * learningRate;
    }
  }

  /** sampleFrom[b]: the first sample entry in block b (the sample is ascending). */
  private locateSample(sampleSize: number): void {
    const s = this.buffers;
    let j = 0;
    for (let b = 0; b < s.blocks; b++) {
      this.sampleFrom[b] = j;
      const end = s.blockStart[b + 1] as number;
      while (j < sampleSize && (s.sample[j] as number) < end) j++;
    }
    this.sampleFrom[s.blocks] = sampleSize;
  }

  private newNode(depth: number, g: number, h: number, rows: number, lo: number, hi: number): number {
    const node = this.nodeCount++;
    this.depth[node] = depth;
    this.sumGrad[node] = g;
    this.sumHess[node] = h;
    this.rows[node] = rows;
    this.lower[node] = lo;
    this.upper[node] = hi;
    this.value[node] = boundedOutput(g, h, this.options.l2, lo, hi) * this.options.learningRate;
    this.leftChild[node] = -1;
    this.rightChild[node] = -1;
    this.splitFeature[node] = -1;
    this.gain[node] = 0;
    this.histSlot[node] = -1;
    return node;
  }

  private splittable(node: number): boolean {
    const { maxDepth, minLeafRows } = this.options;
    return (
      (maxDepth === 0 || (this.depth[node] as number) < maxDepth) &&
      (this.rows[node] as number) >= 2 * minLeafRows &&
      (this.sumHess[node] as number) >= 2 * MIN_CHILD_HESSIAN
    );
  }

  /** Finds the node's best split; makes it a candidate, or frees its histogram. */
  private evaluate(node: number): void {
    const c = this.candidate;
    const slot = this.histSlot[node] as number;
    const found = this.finder.find(
      this.pool.get(slot),
      this.active,
      this.activeCount,
      this.sumGrad[node] as number,
      this.sumHess[node] as number,
      this.rows[node] as number,
      c,
      this.lower[node] as number,
      this.upper[node] as number,
    );
    if (!found) {
      this.pool.release(slot);
      this.histSlot[node] = -1;
      return;
    }
    this.splitFeature[node] = c.feature;
    this.thresholdBin[node] = c.thresholdBin;
    this.gain[node] = c.gain;
    this.leftGrad[node] = c.leftGrad;
    this.leftHess[node] = c.leftHess;
    this.leftRows[node] = c.leftRows;
    this.lut.set(c.leftBins, node * LUT);
    this.candidates[this.candidateCount++] = node;
  }

  /** Removes and returns the candidate with the largest gain (ties: the older node), or -1. */
  private popBestCandidate(): number {
    if (this.candidateCount === 0) return -1;
    let best = 0;
    for (let i = 1; i < this.candidateCount; i++) {
      const a = this.candidates[i] as number;
      const b = this.candidates[best] as number;
      if ((this.gain[a] as number) > (this.gain[b] as number) || (this.gain[a] === this.gain[b] && a < b)) best = i;
    }
    const node = this.candidates[best] as number;
    this.candidates[best] = this.candidates[--this.candidateCount] as number;
    return node;
  }

  private split(parent: number, more: boolean): void {
    const depth = (this.depth[parent] as number) + 1;
    const gl = this.leftGrad[parent] as number;
    const hl = this.leftHess[parent] as number;
    const rowsLeft = this.leftRows[parent] as number;
    const gr = (this.sumGrad[parent] as number) - gl;
    const hr = (this.sumHess[parent] as number) - hl;
    const rowsRight = (this.rows[parent] as number) - rowsLeft;
    const feature = this.splitFeature[parent] as number;
    // children's bounds: the parent's, narrowed at the midpoint on a constrained feature
    const lo = this.lower[parent] as number;
    const hi = this.upper[parent] as number;
    let leftLo = lo;
    let leftHi = hi;
    let rightLo = lo;
    let rightHi = hi;
    const direction = this.options.monotone?.[feature] ?? 0;
    if (direction !== 0) {
      const l2 = this.options.l2;
      const mid = (boundedOutput(gl, hl, l2, lo, hi) + boundedOutput(gr, hr, l2, lo, hi)) / 2;
      if (direction > 0) {
        leftHi = mid;
        rightLo = mid;
      } else {
        leftLo = mid;
        rightHi = mid;
      }
    }
    const l = this.newNode(depth, gl, hl, rowsLeft, leftLo, leftHi);
    const r = this.newNode(depth, gr, hr, rowsRight, rightLo, rightHi);
    this.leftChild[parent] = l;
    this.rightChild[parent] = r;
    const parentSlot = this.histSlot[parent] as number;
    this.histSlot[parent] = -1;
    const splitL = more && this.splittable(l);
    const splitR = more && this.splittable(r);
    const small = rowsLeft <= rowsRight ? l : r;
    const large = small === l ? r : l;
    const splitSmall = small === l ? splitL : splitR;
    const splitLarge = small === l ? splitR : splitL;
    // the smaller child's histogram is needed for itself or to derive the larger one's
    const build = splitL || splitR ? small : -1;
    this.buffers.lut.set(this.lut.subarray(parent * LUT, parent * LUT + LUT));
    this.runner.run({ op: "split", parent, left: l, right: r, feature, build }, this.rows[parent] as number);
    if (build < 0) {
      this.pool.release(parentSlot);
      return;
    }
    const smallSlot = this.pool.acquire();
    this.histSlot[small] = smallSlot;
    const smallHist = this.pool.get(smallSlot);
    reduceBlockHistograms(this.buffers, smallHist);
    if (splitLarge) {
      subtractHistogram(this.pool.get(parentSlot), smallHist, this.active, this.activeCount, this.offsets, this.mapper.bins);
      this.histSlot[large] = parentSlot;
      this.evaluate(large);
    } else {
      this.pool.release(parentSlot);
    }
    if (splitSmall) this.evaluate(small);
    else {
      this.pool.release(smallSlot);
      this.histSlot[small] = -1;
    }
  }

  /** The leaves of the tree just grown. */
  private leaves(): number[] {
    const out: number[] = [];
    for (let node = 0; node < this.nodeCount; node++) if ((this.leftChild[node] as number) < 0) out.push(node);
    return out;
  }

  /** raw[row] += leaf value for every row of the sample the tree was grown on (`buffers.raw` in parallel). */
  addLeafValues(raw: Float64Array): void {
    const leaves = this.leaves();
    for (const leaf of leaves) this.buffers.nodeValue[leaf] = this.value[leaf] as number;
    if (raw === this.buffers.raw) {
      this.runner.run({ op: "scores", leaves }, this.rowCount);
      return;
    }
    for (let b = 0; b < this.buffers.blocks; b++) addBlockScores(this.buffers, b, leaves, raw);
  }

  /** raw[r] += this tree's value for binned rows (rows[0..count), or 0..count when rows is null), one Uint8Array per feature. */
  addBinnedPredictions(binned: readonly Uint8Array[], rows: Uint32Array | null, count: number, raw: Float64Array): void {
    const left = this.leftChild;
    const right = this.rightChild;
    const feature = this.splitFeature;
    const lut = this.lut;
    const value = this.value;
    for (let i = 0; i < count; i++) {
      const r = rows === null ? i : (rows[i] as number);
      let node = 0;
      while ((left[node] as number) >= 0) {
        const b = (binned[feature[node] as number] as Uint8Array)[r] as number;
        node = lut[node * LUT + b] === 1 ? (left[node] as number) : (right[node] as number);
      }
      raw[r] = (raw[r] as number) + (value[node] as number);
    }
  }

  /** raw[r] += this tree's value for the training rows rows[0..count), read from the shared bins. */
  addTrainingPredictions(rows: Uint32Array, count: number, raw: Float64Array): void {
    const columns = this.buffers.columns;
    const n = this.rowCount;
    const left = this.leftChild;
    const right = this.rightChild;
    const feature = this.splitFeature;
    const lut = this.lut;
    const value = this.value;
    for (let i = 0; i < count; i++) {
      const r = rows[i] as number;
      let node = 0;
      while ((left[node] as number) >= 0) {
        const b = columns[(feature[node] as number) * n + r] as number;
        node = lut[node * LUT + b] === 1 ? (left[node] as number) : (right[node] as number);
      }
      raw[r] = (raw[r] as number) + (value[node] as number);
    }
  }

  /** The grown tree with real thresholds and category-code bitsets; covers from `weights` (per row). */
  toTree(weights: Float64Array | null): Tree {
    const n = this.nodeCount;
    const mapper = this.mapper;
    const cover = this.cover;
    const s = this.buffers;
    for (let node = n - 1; node >= 0; node--) {
      const l = this.leftChild[node] as number;
      if (l >= 0) {
        cover[node] = (cover[l] as number) + (cover[this.rightChild[node] as number] as number);
        continue;
      }
      if (weights === null) cover[node] = nodeRows(s, node);
      else {
        let sum = 0;
        for (let b = 0; b < s.blocks; b++) {
          const at = b * s.capacity + node;
          sum += weightSum(weights, s.idx, s.nodeStart[at] as number, s.nodeEnd[at] as number);
        }
        cover[node] = sum;
      }
    }
    const feature = new Int32Array(n).fill(-1);
    const threshold = new Float64Array(n);
    const missingLeft = new Uint8Array(n);
    const categorical = new Uint8Array(n);
    const catOffset = new Int32Array(n);
    const catWords = new Int32Array(n);
    const bits: number[] = [];
    for (let node = 0; node < n; node++) {
      if ((this.leftChild[node] as number) < 0) continue;
      const f = this.splitFeature[node] as number;
      feature[node] = f;
      const base = node * LUT;
      const missingBin = (mapper.bins[f] as number) - 1;
      missingLeft[node] = this.lut[base + missingBin] as number;
      if (mapper.categorical[f] === 1) {
        // code c goes left when its bin does; unseen and out-of-range codes use the missing bin
        const codeBins = mapper.codeBins[f] as Int32Array;
        const words = Math.max(1, Math.ceil(codeBins.length / 32));
        categorical[node] = 1;
        catOffset[node] = bits.length;
        catWords[node] = words;
        for (let w = 0; w < words; w++) {
          let word = 0;
          for (let j = 0; j < 32; j++) {
            const c = w * 32 + j;
            const bin = c < codeBins.length ? (codeBins[c] as number) : missingBin;
            if (this.lut[base + bin] === 1) word |= 1 << j;
          }
          bits.push(word >>> 0);
        }
      } else {
        const edges = mapper.thresholds[f] as Float64Array;
        const t = this.thresholdBin[node] as number;
        // t past the last edge: all finite values go left, only missing ones right
        threshold[node] = t < edges.length ? (edges[t] as number) : Number.MAX_VALUE;
      }
    }
    return new Tree({
      feature,
      threshold,
      missingLeft,
      categorical,
      catOffset,
      catWords,
      catBits: Uint32Array.from(bits),
      left: this.leftChild.slice(0, n),
      right: this.rightChild.slice(0, n),
      value: this.value.slice(0, n),
      cover: cover.slice(0, n),
      gain: this.gain.slice(0, n).map((g, i) => ((this.leftChild[i] as number) >= 0 ? g : 0)),
    });
  }

  /** Lets worker threads drop this grower's buffers; the grower must not be used afterwards. */
  close(): void {
    this.runner.close();
  }
}

// Loops live in small functions of their own: when V8 compiles a long method mid-loop
// (on-stack replacement), code after the loop lacks type feedback and deoptimizes.

/** Sums of gradients and hessians over the bins of one feature: a node's totals. */
function featureTotals(hist: Float64Array, first: number, bins: number): [number, number] {
  let g = 0;
  let h = 0;
  for (let b = first; b < first + bins; b++) {
    g += hist[b * HIST_STRIDE] as number;
    h += hist[b * HIST_STRIDE + 1] as number;
  }
  return [g, h];
}

function weightSum(weights: Float64Array, idx: Uint32Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += weights[idx[i] as number] as number;
  return sum;
}

/** Column-major bins (feature f at f * rows) into row-major `out`, a few thousand rows at a time to stay in cache. */
function interleave(columns: Uint8Array, features: number, rows: number, out: Uint8Array): void {
  const step = 4096;
  for (let from = 0; from < rows; from += step) {
    const to = Math.min(rows, from + step);
    for (let f = 0; f < features; f++) interleaveColumn(columns, f * rows, from, to, out, features, f);
  }
}

function interleaveColumn(columns: Uint8Array, at: number, from: number, to: number, out: Uint8Array, features: number, f: number): void {
  for (let r = from; r < to; r++) out[r * features + f] = columns[at + r] as number;
}
