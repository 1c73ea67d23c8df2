/**
 * A flattened predictor for a whole ensemble (scikit-learn keeps the structure used to grow a
 * tree apart from the one used to predict; this is ours). Instead of walking each tree node
 * by node — a chain of dependent loads, one cache miss after another — it follows
 * QuickScorer (Lucchese et al., SIGIR 2015) on binned inputs:
 *
 * 1. every feature value is mapped once to a bin between the thresholds the model uses
 *    (categorical codes are their own bins; missing values have a bin of their own);
 * 2. for each (feature, bin) a precomputed word per tree clears the leaves that a row with
 *    that bin cannot reach; the AND over the row's features leaves the reached leaf as the
 *    lowest set bit (leaves numbered left to right; at most 32 leaves per tree).
 *
 * Step 2 runs in a small WebAssembly loop (leaf-mask-kernel.ts) over memory shared with the
 * worker threads, which take disjoint runs of rows. A row's sum is formed in a fixed order of
 * its own (see the kernel), so it may differ from a tree-by-tree sum in the last bits, never
 * between runs or thread counts.
 * Models it cannot represent (a tree with more than 32 leaves) get null from `build`, and the
 * caller walks the trees instead.
 */
import { type WorkerTeam, siblingModule, workerTeam } from "../../core/worker-pool.js";
import {
  type KernelRun,
  TREES_PER_CHUNK,
  type WasmMemory,
  type WasmModule,
  kernelInstance,
  kernelModule,
  sharedMemory,
  wasmApi,
} from "./leaf-mask-kernel.js";
import type { Tree } from "./tree.js";

const PAGE = 65536;
/** Upper limit of the memory the kernel module accepts: 2 GiB, far above any table. */
const MAX_PAGES = 32768;
/** Rows binned and scored per round. */
const CHUNK_ROWS = 32_768;
/** Below this many rows the calling thread scores alone. */
const PARALLEL_MIN_ROWS = 8_192;
/** Rows a thread takes at a time when threads share a chunk. */
const SLICE_ROWS = 2_048;
const LEAF_SLOTS = 32;

const HANDLER = siblingModule(import.meta.url, "predictor-tasks");
let nextPredictor = 1;

/** How one feature's values become bins. */
export type FeatureBinning =
  | { readonly kind: "numeric"; readonly feature: number; readonly edges: Float64Array; readonly padded: Float64Array }
  | { readonly kind: "categorical"; readonly feature: number; readonly codes: number };

/** Addresses in the shared memory (bytes). */
export interface PredictorLayout {
  readonly features: number;
  readonly chunks: number;
  readonly featureBase: number;
  readonly leaves: number;
  readonly rowTables: number;
  /** The chunk's input values: used feature u of chunk row i at values + (u * CHUNK_ROWS + i) * 8. */
  readonly values: number;
  readonly bins: number;
  readonly out: number;
}

export class FlatPredictor {
  private readonly binnings: readonly FeatureBinning[];
  private readonly initScore: number;
  private readonly memory: WasmMemory;
  private readonly layout: PredictorLayout;
  private readonly run: KernelRun;
  private readonly id = nextPredictor++;
  /** claim[0]: the next slice of the current chunk a thread may take. */
  private readonly claim = new Int32Array(new SharedArrayBuffer(4));
  /** Workers that have this predictor's memory (set up on first parallel use). */
  private team: WorkerTeam | null | undefined;

  private constructor(binnings: FeatureBinning[], initScore: number, memory: WasmMemory, layout: PredictorLayout) {
    this.binnings = binnings;
    this.initScore = initScore;
    this.memory = memory;
    this.layout = layout;
    this.run = kernelInstance(kernelModule(MAX_PAGES), memory);
  }

  /** The predictor of `trees` over `features` inputs, or null when a tree has more than 32 leaves or an unusual layout. */
  static build(trees: readonly Tree[], features: number, initScore: number): FlatPredictor | null {
    if (wasmApi() === null) return null;
    const leafIndex: Int32Array[] = [];
    const leftLeaves: Int32Array[] = [];
    for (const tree of trees) {
      const numbered = numberLeaves(tree);
      if (numbered === null) return null;
      leafIndex.push(numbered.leafIndex);
      leftLeaves.push(numbered.leftLeaves);
    }
    const binnings = featureBinnings(trees, features);
    if (binnings === null) return null;
    const chunks = Math.ceil(Math.max(1, trees.length) / TREES_PER_CHUNK);
    const rowWords = chunks * TREES_PER_CHUNK;
    const binCount = binnings.map(binsOf);
    const tableWords = binCount.reduce((a, b) => a + b, 0) * rowWords;
    const threads = 16;
    const used = binnings.length;
    const sizes = {
      table: tableWords * 4,
      leaves: chunks * TREES_PER_CHUNK * LEAF_SLOTS * 8,
      featureBase: Math.max(1, used) * 4,
      rowTables: threads * Math.max(1, used) * 4,
      values: CHUNK_ROWS * Math.max(1, used) * 8,
      bins: CHUNK_ROWS * Math.max(1, used) * 2,
      out: CHUNK_ROWS * 8,
    };
    const leaves = align(sizes.table);
    const featureBase = align(leaves + sizes.leaves);
    const rowTables = align(featureBase + sizes.featureBase);
    const values = align(rowTables + sizes.rowTables);
    const bins = align(values + sizes.values);
    const out = align(bins + sizes.bins);
    const total = out + sizes.out;
    const pages = Math.ceil(total / PAGE);
    if (pages > MAX_PAGES) return null;
    // sized exactly: a shared memory reserves address space for its maximum
    const memory = sharedMemory(pages, pages);
    const buffer = memory.buffer;
    // tables: every word starts as "all leaves reachable"
    const table = new Int32Array(buffer, 0, tableWords).fill(-1);
    const base = new Int32Array(buffer, featureBase, used);
    const slotOf = new Int32Array(features).fill(-1);
    let at = 0;
    binnings.forEach((binning, u) => {
      base[u] = at * 4;
      slotOf[binning.feature] = u;
      at += (binCount[u] as number) * rowWords;
    });
    trees.forEach((tree, t) => {
      for (let node = 0; node < tree.nodeCount; node++) {
        const f = tree.feature[node] as number;
        if (f < 0) continue;
        const u = slotOf[f] as number;
        const binning = binnings[u] as FeatureBinning;
        const clear = ~(leftLeaves[t] as Int32Array)[node]!;
        const first = (base[u] as number) / 4;
        const rows = binCount[u] as number;
        for (let b = 0; b < rows; b++) {
          if (!binGoesLeft(tree, node, binning, b)) table[first + b * rowWords + t] = (table[first + b * rowWords + t] as number) & clear;
        }
      }
    });
    const leafValues = new Float64Array(buffer, leaves, chunks * TREES_PER_CHUNK * LEAF_SLOTS);
    trees.forEach((tree, t) => {
      const index = leafIndex[t] as Int32Array;
      for (let node = 0; node < tree.nodeCount; node++) {
        if ((tree.feature[node] as number) < 0) leafValues[t * LEAF_SLOTS + (index[node] as number)] = tree.value[node] as number;
      }
    });
    const layout: PredictorLayout = { features: used, chunks, featureBase, leaves, rowTables, values, bins, out };
    return new FlatPredictor(binnings, initScore, memory, layout);
  }

  /** out[r] = initScore + Σ trees, for rows 0..rows-1 of `columns` (one Float64Array per feature). */
  predict(columns: readonly Float64Array[], rows: number, out: Float64Array): void {
    const { layout } = this;
    const buffer = this.memory.buffer;
    const values = new Float64Array(buffer, layout.values, CHUNK_ROWS * Math.max(1, layout.features));
    const results = new Float64Array(buffer, layout.out, CHUNK_ROWS);
    const team = rows >= PARALLEL_MIN_ROWS ? this.workers() : null;
    for (let from = 0; from < rows; from += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rows - from);
      // the chunk's inputs into shared memory, where every thread can bin its own rows
      this.binnings.forEach((binning, u) => values.set((columns[binning.feature] as Float64Array).subarray(from, from + count), u * CHUNK_ROWS));
      if (team === null || count < PARALLEL_MIN_ROWS) this.score(0, 0, count);
      else this.scoreShared(team, count);
      out.set(results.subarray(0, count), from);
    }
  }

  /** Rows first..end-1 of the current chunk, with thread `thread`'s scratch. */
  private score(thread: number, first: number, end: number): void {
    binAndScore(this.run, this.memory, this.layout, this.binnings, this.initScore, thread, first, end);
  }

  private scoreShared(team: WorkerTeam, count: number): void {
    const threads = team.size + 1;
    Atomics.store(this.claim, 0, 0);
    for (let t = 1; t < threads; t++) {
      const task: PredictorMessage = { kind: "score", predictor: this.id, thread: t, count };
      team.post(t - 1, HANDLER, task);
    }
    let failure: unknown = null;
    try {
      scoreClaimed(this.run, this.memory, this.layout, this.binnings, this.initScore, this.claim, 0, count);
    } catch (error) {
      failure = error;
    }
    for (let t = 1; t < threads; t++) {
      if (team.withdraw(t - 1)) continue; // it never began: the calling thread did its share
      try {
        team.wait(t - 1);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
  }

  /** The worker team, after handing it this predictor's memory (once). */
  private workers(): WorkerTeam | null {
    if (this.team !== undefined) return this.team;
    const team = workerTeam();
    this.team = team === null || team.size + 1 > 16 ? null : team;
    if (this.team !== null) {
      const setup: PredictorMessage = {
        kind: "setup",
        predictor: this.id,
        module: kernelModule(MAX_PAGES),
        memory: this.memory,
        layout: this.layout,
        binnings: this.binnings,
        initScore: this.initScore,
        claim: this.claim,
      };
      this.team.broadcast(HANDLER, setup);
      // workers drop the memory when this predictor is collected
      releaseWhenCollected.register(this, { team: this.team, id: this.id });
    }
    return this.team;
  }
}

const releaseWhenCollected = new FinalizationRegistry<{ team: WorkerTeam; id: number }>(({ team, id }) => {
  try {
    team.broadcast(HANDLER, { kind: "release", predictor: id } satisfies PredictorMessage);
  } catch {
    // a worker that cannot be reached holds nothing worth releasing
  }
});

export type PredictorMessage =
  | {
      readonly kind: "setup";
      readonly predictor: number;
      readonly module: WasmModule;
      readonly memory: WasmMemory;
      readonly layout: PredictorLayout;
      readonly binnings: readonly FeatureBinning[];
      readonly initScore: number;
      readonly claim: Int32Array;
    }
  | { readonly kind: "score"; readonly predictor: number; readonly thread: number; readonly count: number }
  | { readonly kind: "release"; readonly predictor: number };

/** Takes slices of the chunk's `count` rows from `claim` until none is left, binning and scoring each (any thread). */
export function scoreClaimed(
  run: KernelRun,
  memory: WasmMemory,
  layout: PredictorLayout,
  binnings: readonly FeatureBinning[],
  initScore: number,
  claim: Int32Array,
  thread: number,
  count: number,
): void {
  for (let k = Atomics.add(claim, 0, 1); k * SLICE_ROWS < count; k = Atomics.add(claim, 0, 1)) {
    binAndScore(run, memory, layout, binnings, initScore, thread, k * SLICE_ROWS, Math.min(count, (k + 1) * SLICE_ROWS));
  }
}

/** Bins rows first..end-1 of the chunk's values, then scores them into the chunk's results (any thread). */
export function binAndScore(
  run: KernelRun,
  memory: WasmMemory,
  layout: PredictorLayout,
  binnings: readonly FeatureBinning[],
  initScore: number,
  thread: number,
  first: number,
  end: number,
): void {
  if (end <= first) return;
  const used = Math.max(1, layout.features);
  const values = new Float64Array(memory.buffer, layout.values, CHUNK_ROWS * used);
  const bins = new Uint16Array(memory.buffer, layout.bins, CHUNK_ROWS * used);
  binnings.forEach((binning, u) => binColumn(binning, values, u * CHUNK_ROWS, first, end - first, bins, u, layout.features));
  scoreRows(run, layout, initScore, thread, first, end);
}

/** Scores rows first..end-1 of the binned chunk into the chunk's results. */
function scoreRows(run: KernelRun, layout: PredictorLayout, initScore: number, thread: number, first: number, end: number): void {
  run(
    layout.bins + first * layout.features * 2,
    end - first,
    layout.features,
    layout.featureBase,
    layout.chunks,
    layout.leaves,
    layout.out + first * 8,
    initScore,
    layout.rowTables + thread * Math.max(1, layout.features) * 4,
  );
}

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

function binsOf(binning: FeatureBinning): number {
  return binning.kind === "numeric" ? binning.edges.length + 2 : binning.codes + 1;
}

/**
 * Leaves numbered left to right, and for each internal node the mask of the leaves under its
 * left child; null when the tree has more than 32 leaves.
 */
function numberLeaves(tree: Tree): { leafIndex: Int32Array; leftLeaves: Int32Array } | null {
  const n = tree.nodeCount;
  const leafIndex = new Int32Array(n).fill(-1);
  const under = new Int32Array(n);
  const leftLeaves = new Int32Array(n);
  let next = 0;
  // iterative in-order walk (children come after their parent, so a stack suffices)
  const stack: number[] = [0];
  const order: number[] = [];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    order.push(node);
    if ((tree.feature[node] as number) >= 0) {
      stack.push(tree.right[node] as number);
      stack.push(tree.left[node] as number);
    }
  }
  for (const node of order) {
    if ((tree.feature[node] as number) < 0) {
      if (next >= LEAF_SLOTS) return null;
      leafIndex[node] = next++;
    }
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as number;
    if ((tree.feature[node] as number) < 0) under[node] = 1 << (leafIndex[node] as number);
    else {
      const l = tree.left[node] as number;
      under[node] = (under[l] as number) | (under[tree.right[node] as number] as number);
      leftLeaves[node] = under[l] as number;
    }
  }
  return { leafIndex, leftLeaves };
}

/** The bins of every feature some tree splits on; null when a feature is split both ways or has too many codes. */
function featureBinnings(trees: readonly Tree[], features: number): FeatureBinning[] | null {
  const thresholds = Array.from({ length: features }, () => new Set<number>());
  const codes = new Int32Array(features);
  const kind = new Int8Array(features); // 0 unused, 1 numeric, 2 categorical
  for (const tree of trees) {
    for (let node = 0; node < tree.nodeCount; node++) {
      const f = tree.feature[node] as number;
      if (f < 0) continue;
      const k = tree.categorical[node] === 1 ? 2 : 1;
      if (kind[f] !== 0 && kind[f] !== k) return null;
      kind[f] = k;
      if (k === 1) (thresholds[f] as Set<number>).add(tree.threshold[node] as number);
      else codes[f] = Math.max(codes[f] as number, (tree.catWords[node] as number) * 32);
    }
  }
  const out: FeatureBinning[] = [];
  for (let f = 0; f < features; f++) {
    if (kind[f] === 1) {
      const edges = Float64Array.from(thresholds[f] as Set<number>).sort();
      if (edges.length + 2 > 65535) return null;
      out.push({ kind: "numeric", feature: f, edges, padded: padEdges(edges) });
    } else if (kind[f] === 2) {
      if ((codes[f] as number) + 1 > 65535) return null;
      out.push({ kind: "categorical", feature: f, codes: codes[f] as number });
    }
  }
  return out;
}

/** Edges padded with +Infinity to 2^k - 1 entries (at least 255), for a branch-free binary search. */
function padEdges(edges: Float64Array): Float64Array {
  let size = 256;
  while (size - 1 < edges.length) size *= 2;
  const padded = new Float64Array(size - 1).fill(Number.POSITIVE_INFINITY);
  padded.set(edges);
  return padded;
}

/** Whether rows in bin b of this feature go left at `node`, by the tree's own rule. */
function binGoesLeft(tree: Tree, node: number, binning: FeatureBinning, b: number): boolean {
  if (binning.kind === "numeric") {
    const m = binning.edges.length;
    if (b > m) return tree.missingLeft[node] === 1;
    // bin b holds values in (edges[b-1], edges[b]]: a representative is edges[b] (or above the last edge)
    const threshold = tree.threshold[node] as number;
    return b < m ? (binning.edges[b] as number) <= threshold : false;
  }
  if (b >= binning.codes) return tree.missingLeft[node] === 1;
  return tree.goesLeft(node, b);
}

/**
 * Bins of one feature for chunk rows first..first+count-1 (values at values[at + row]) into
 * column u of the row-major chunk bins.
 */
function binColumn(binning: FeatureBinning, values: Float64Array, at: number, first: number, count: number, bins: Uint16Array, u: number, stride: number): void {
  if (binning.kind === "numeric") binNumeric(values, at + first, count, binning.padded, binning.edges.length + 1, bins, first * stride + u, stride);
  else binCodes(values, at + first, count, binning.codes, bins, first * stride + u, stride);
}

/**
 * lo = the number of edges below x (x <= edges[lo], x > edges[lo - 1]), by binary search
 * without branches: a mispredicted branch per step made binning cost more than scoring.
 */
function binNumeric(column: Float64Array, from: number, count: number, padded: Float64Array, missing: number, bins: Uint16Array, start: number, stride: number): void {
  if (padded.length === 255) {
    binNumeric255(column, from, count, padded, missing, bins, start, stride);
    return;
  }
  const half = (padded.length + 1) >>> 1;
  for (let i = 0, k = start; i < count; i++, k += stride) {
    const x = column[from + i] as number;
    if (x - x !== 0) {
      bins[k] = missing; // NaN, ±Infinity
      continue;
    }
    let lo = 0;
    for (let step = half; step >= 1; step >>>= 1) lo += +((padded[lo + step - 1] as number) < x) * step;
    bins[k] = lo;
  }
}

/** The same for up to 255 edges (every model this library trains), the eight steps written out. */
function binNumeric255(column: Float64Array, from: number, count: number, padded: Float64Array, missing: number, bins: Uint16Array, start: number, stride: number): void {
  for (let i = 0, k = start; i < count; i++, k += stride) {
    const x = column[from + i] as number;
    if (x - x !== 0) {
      bins[k] = missing; // NaN, ±Infinity
      continue;
    }
    let lo = 0;
    lo += +((padded[lo + 127] as number) < x) << 7;
    lo += +((padded[lo + 63] as number) < x) << 6;
    lo += +((padded[lo + 31] as number) < x) << 5;
    lo += +((padded[lo + 15] as number) < x) << 4;
    lo += +((padded[lo + 7] as number) < x) << 3;
    lo += +((padded[lo + 3] as number) < x) << 2;
    lo += +((padded[lo + 1] as number) < x) << 1;
    lo += +((padded[lo] as number) < x);
    bins[k] = lo;
  }
}

function binCodes(column: Float64Array, from: number, count: number, codes: number, bins: Uint16Array, start: number, stride: number): void {
  for (let i = 0, k = start; i < count; i++, k += stride) {
    const x = column[from + i] as number;
    bins[k] = x >= 0 && x < codes && (x | 0) === x ? x : codes;
  }
}
