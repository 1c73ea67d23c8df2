/**
 * Grows one tree leaf-wise, best first (LightGBM's leaf-wise growth; scikit-learn's
 * `TreeGrower`): the leaf whose best split gains most is split next, until `maxLeaves`
 * leaves or no leaf can be split.
 *
 * Nothing is allocated per node: the rows of every node are a range idx[start..end) of one
 * Uint32Array, split in place (stably, through a scratch buffer, so later passes read memory
 * in order); node fields live in typed arrays sized for 2 * maxLeaves - 1 nodes; histograms
 * come from a pool, and only the smaller child's is built — the larger one is the parent's
 * minus it, computed in the parent's slot.
 *
 * A split is kept as a per-node lookup table over bins (1 = goes left), shared by numeric and
 * categorical features; `toTree` turns it into real thresholds and category bitsets.
 */
import type { BinMapper } from "./bin-mapper.js";
import {
  HistogramPool,
  buildHistogram,
  buildRootHistogram,
  countBins,
  histogramOffsets,
  subtractHistogram,
} from "./histogram.js";
import { MAX_BINS_PER_FEATURE, MIN_CHILD_HESSIAN, SplitCandidate, SplitFinder } from "./split.js";
import { Tree } from "./tree.js";

export interface GrowerOptions {
  readonly maxLeaves: number;
  /** 0: no limit. */
  readonly maxDepth: number;
  readonly minLeafRows: number;
  readonly l2: number;
  readonly minGainToSplit: number;
  readonly learningRate: number;
}

const LUT = MAX_BINS_PER_FEATURE;

export class TreeGrower {
  private readonly mapper: BinMapper;
  private readonly binned: readonly Uint8Array[];
  private readonly options: GrowerOptions;
  private readonly offsets: Int32Array;
  /** Rows per bin over all rows, for root histograms of unsampled trees. */
  private readonly rootCounts: Float64Array;
  private readonly pool: HistogramPool;
  private readonly finder: SplitFinder;
  private readonly candidate = new SplitCandidate();

  /** Row indices, partitioned so that every node owns a contiguous range. */
  private readonly idx: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly orderedGrad: Float64Array;
  private readonly orderedHess: Float64Array;

  // node fields (a node is a leaf when leftChild < 0)
  private nodeCount = 0;
  private readonly splitFeature: Int32Array;
  private readonly thresholdBin: Int32Array;
  private readonly leftChild: Int32Array;
  private readonly rightChild: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
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
  /** lut[node * 256 + bin] = 1 when rows of that bin go left at node. */
  private readonly lut: Uint8Array;
  /** Leaves waiting to be split, each with a best split found. */
  private readonly candidates: Int32Array;
  private candidateCount = 0;

  private active: Int32Array = new Int32Array(0);
  private activeCount = 0;

  constructor(mapper: BinMapper, binned: readonly Uint8Array[], rows: number, options: GrowerOptions) {
    this.mapper = mapper;
    this.binned = binned;
    this.options = options;
    const { offsets, totalBins } = histogramOffsets(mapper.bins);
    this.offsets = offsets;
    this.rootCounts = countBins(binned, offsets, totalBins);
    this.pool = new HistogramPool(totalBins);
    this.finder = new SplitFinder(mapper.bins, mapper.categorical, offsets, options);
    this.idx = new Uint32Array(rows);
    this.scratch = new Uint32Array(rows);
    this.orderedGrad = new Float64Array(rows);
    this.orderedHess = new Float64Array(rows);
    const capacity = 2 * options.maxLeaves - 1;
    this.splitFeature = new Int32Array(capacity);
    this.thresholdBin = new Int32Array(capacity);
    this.leftChild = new Int32Array(capacity);
    this.rightChild = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
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
    this.lut = new Uint8Array(capacity * LUT);
    this.candidates = new Int32Array(options.maxLeaves);
  }

  /**
   * Grows a tree on the rows sample[0..sampleSize) (all rows, in order, when sample is null),
   * splitting only on the features active[0..activeCount).
   */
  grow(
    grad: Float64Array,
    hess: Float64Array,
    sample: Uint32Array | null,
    sampleSize: number,
    active: Int32Array,
    activeCount: number,
  ): void {
    this.active = active;
    this.activeCount = activeCount;
    this.pool.reset();
    const idx = this.idx;
    if (sample === null) fillIdentity(idx, sampleSize);
    else idx.set(sample.subarray(0, sampleSize));
    this.nodeCount = 0;
    this.candidateCount = 0;
    const root = this.newNode(0, sampleSize, 0, sumOver(grad, idx, sampleSize), sumOver(hess, idx, sampleSize), sampleSize);
    if (this.splittable(root)) {
      const slot = this.pool.acquire();
      this.histSlot[root] = slot;
      if (sample === null) {
        buildRootHistogram(
          this.pool.get(slot),
          this.binned,
          active,
          activeCount,
          this.offsets,
          this.mapper.bins,
          sampleSize,
          grad,
          hess,
          this.rootCounts,
        );
      } else {
        this.build(root, grad, hess);
      }
      this.evaluate(root);
    }
    let leaves = 1;
    while (leaves < this.options.maxLeaves) {
      const node = this.popBestCandidate();
      if (node < 0) break;
      leaves++;
      this.split(node, grad, hess, leaves < this.options.maxLeaves);
    }
  }

  private newNode(start: number, end: number, depth: number, g: number, h: number, rows: number): number {
    const node = this.nodeCount++;
    this.start[node] = start;
    this.end[node] = end;
    this.depth[node] = depth;
    this.sumGrad[node] = g;
    this.sumHess[node] = h;
    this.rows[node] = rows;
    this.value[node] = (-g / (h + this.options.l2)) * this.options.learningRate;
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

  /** Histogram of `node` into its slot, from its rows' gradients gathered in partition order. */
  private build(node: number, grad: Float64Array, hess: Float64Array): void {
    const s = this.start[node] as number;
    const e = this.end[node] as number;
    const idx = this.idx;
    const og = this.orderedGrad;
    const oh = this.orderedHess;
    gather(grad, hess, idx, s, e, og, oh);
    buildHistogram(
      this.pool.get(this.histSlot[node] as number),
      this.binned,
      this.active,
      this.activeCount,
      this.offsets,
      this.mapper.bins,
      idx,
      s,
      e,
      og,
      oh,
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

  private split(parent: number, grad: Float64Array, hess: Float64Array, more: boolean): void {
    const s = this.start[parent] as number;
    const e = this.end[parent] as number;
    const mid = this.partition(parent, s, e);
    const depth = (this.depth[parent] as number) + 1;
    const gl = this.leftGrad[parent] as number;
    const hl = this.leftHess[parent] as number;
    const l = this.newNode(s, mid, depth, gl, hl, mid - s);
    const r = this.newNode(
      mid,
      e,
      depth,
      (this.sumGrad[parent] as number) - gl,
      (this.sumHess[parent] as number) - hl,
      e - mid,
    );
    this.leftChild[parent] = l;
    this.rightChild[parent] = r;
    const parentSlot = this.histSlot[parent] as number;
    this.histSlot[parent] = -1;
    const splitL = more && this.splittable(l);
    const splitR = more && this.splittable(r);
    if (!splitL && !splitR) {
      this.pool.release(parentSlot);
      return;
    }
    const small = (this.rows[l] as number) <= (this.rows[r] as number) ? l : r;
    const large = small === l ? r : l;
    const splitSmall = small === l ? splitL : splitR;
    const splitLarge = small === l ? splitR : splitL;
    // the smaller child's histogram is needed for itself or to derive the larger one's
    this.histSlot[small] = this.pool.acquire();
    this.build(small, grad, hess);
    if (splitLarge) {
      const smallHist = this.pool.get(this.histSlot[small] as number);
      subtractHistogram(this.pool.get(parentSlot), smallHist, this.active, this.activeCount, this.offsets, this.mapper.bins);
      this.histSlot[large] = parentSlot;
      this.evaluate(large);
    } else {
      this.pool.release(parentSlot);
    }
    if (splitSmall) this.evaluate(small);
    else {
      this.pool.release(this.histSlot[small] as number);
      this.histSlot[small] = -1;
    }
  }

  /** Stable in-place partition of idx[s..e) by the node's split; returns the first right index. */
  private partition(node: number, s: number, e: number): number {
    const col = this.binned[this.splitFeature[node] as number] as Uint8Array;
    const right = partitionRows(this.idx, this.scratch, s, e, col, this.lut, node * LUT);
    const mid = e - right;
    this.idx.set(this.scratch.subarray(0, right), mid);
    return mid;
  }

  /** raw[row] += leaf value for every row of the sample the tree was grown on. */
  addLeafValues(raw: Float64Array): void {
    const idx = this.idx;
    for (let node = 0; node < this.nodeCount; node++) {
      if ((this.leftChild[node] as number) >= 0) continue;
      const v = this.value[node] as number;
      const e = this.end[node] as number;
      for (let i = this.start[node] as number; i < e; i++) {
        const r = idx[i] as number;
        raw[r] = (raw[r] as number) + v;
      }
    }
  }

  /** raw[r] += this tree's value for binned rows (rows[0..count), or 0..count when rows is null). */
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

  /** The grown tree with real thresholds and category-code bitsets; covers from `weights`. */
  toTree(weights: Float64Array | null): Tree {
    const n = this.nodeCount;
    const mapper = this.mapper;
    const cover = this.cover;
    for (let node = n - 1; node >= 0; node--) {
      const l = this.leftChild[node] as number;
      if (l >= 0) {
        cover[node] = (cover[l] as number) + (cover[this.rightChild[node] as number] as number);
        continue;
      }
      const s = this.start[node] as number;
      const e = this.end[node] as number;
      if (weights === null) cover[node] = e - s;
      else {
        let sum = 0;
        for (let i = s; i < e; i++) sum += weights[this.idx[i] as number] as number;
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
}

// Loops live in small functions of their own: when V8 compiles a long method mid-loop
// (on-stack replacement), code after the loop lacks type feedback and deoptimizes.

function fillIdentity(idx: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) idx[i] = i;
}

function sumOver(values: Float64Array, idx: Uint32Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[idx[i] as number] as number;
  return sum;
}

/** og/oh[i - s] = grad/hess of row idx[i], for i in s..e-1. */
function gather(
  grad: Float64Array,
  hess: Float64Array,
  idx: Uint32Array,
  s: number,
  e: number,
  og: Float64Array,
  oh: Float64Array,
): void {
  for (let i = s; i < e; i++) {
    const r = idx[i] as number;
    og[i - s] = grad[r] as number;
    oh[i - s] = hess[r] as number;
  }
}

/** Moves the rows going left to the front of idx[s..e), in order; the others to scratch. Returns their count. */
function partitionRows(
  idx: Uint32Array,
  scratch: Uint32Array,
  s: number,
  e: number,
  col: Uint8Array,
  lut: Uint8Array,
  base: number,
): number {
  let li = s;
  let ri = 0;
  for (let i = s; i < e; i++) {
    const r = idx[i] as number;
    if (lut[base + (col[r] as number)] === 1) idx[li++] = r;
    else scratch[ri++] = r;
  }
  return ri;
}
