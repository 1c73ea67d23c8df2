/**
 * Everything fast TreeSHAP needs that does not depend on the rows, computed once per model:
 * model-wide feature bins (tree-shap-bins.ts), each tree cut into blocks with their tables
 * (tree-shap-blocks.ts), and the trees left to the reference algorithm. The block records,
 * look-ups and tables live in one shared WebAssembly memory read by the kernel
 * (tree-shap-kernel.ts), followed by one "slot" of working memory per thread (bins, keys and
 * sums for a batch of rows); the rest are typed arrays in shared memory. Worker threads read
 * the same plan without copying it.
 *
 * Memory: block tables grow as blocks grow, and fewer, larger blocks mean fewer look-ups per
 * row. The plan takes the smallest trade-off weight λ (from a fixed ladder, so the choice is
 * deterministic) whose tables fit TABLE_BUDGET entries; when even the smallest tables do not
 * fit, the trees past the budget are explained by the reference algorithm.
 */
import { type FeatureBins, binCount, conflictsWithBins, featureBins } from "./tree-shap-bins.js";
import { type BlockPlan, FillScratch, TreeLayout } from "./tree-shap-blocks.js";
import { BLOCK_RECORD, KEY_RECORD, OUT_RECORD, type WasmMemory, sharedMemory } from "./tree-shap-kernel.js";
import type { Tree } from "./tree.js";

/**
 * At most this many table entries per model (8 bytes each: 48 MiB). On a 300-tree, 31-leaf
 * model of bank-marketing the smallest tables (one block per leaf) need 3.8 M; 6 M buy blocks
 * that make explaining about 20 % faster.
 */
export const TABLE_BUDGET = 6 << 20;
/** Threads that can work on one plan at once (each needs a slot of memory). */
export const MAX_SLOTS = 64;
const PAGE = 65536;
/** The trade-off weights tried, smallest (largest tables) first. */
const LAMBDAS = Array.from({ length: 24 }, (_, k) => 1e-4 * 2 ** k);

/** How a tree is explained. */
export const TREE_FAST = 0;
export const TREE_REFERENCE = 1;
/** A tree that is a single leaf contributes nothing. */
export const TREE_CONSTANT = 2;

export interface TreeShapPlan extends FeatureBins {
  readonly features: number;
  readonly trees: number;
  /** TREE_FAST, TREE_REFERENCE or TREE_CONSTANT per tree. */
  readonly treeMode: Uint8Array;
  /** Blocks of tree t: treeBlockStart[t] .. treeBlockStart[t + 1] − 1 (consecutive trees, consecutive blocks). */
  readonly treeBlockStart: Int32Array;
  /** Table entries over all blocks (the memory they take is 8 bytes each). */
  readonly tableEntries: number;
  /** Rows the kernel takes at a time (a slot holds their bins, keys and sums). */
  readonly rows: number;
  /** Block records, key records, output records, look-ups and tables, then the slots. */
  readonly memory: WasmMemory;
  /** Byte addresses in `memory` (see tree-shap-kernel.ts for the records). */
  readonly blockAt: number;
  readonly keyAt: number;
  readonly outAt: number;
  readonly tableAt: number;
  /** Slot k starts at slotAt + k · slotBytes: bins (i32, features × rows), keys (i32, rows), sums (f64, features × rows). */
  readonly slotAt: number;
  readonly slotBytes: number;
  readonly keysOffset: number;
  readonly sumsOffset: number;
  /** Node arrays of the trees in TREE_REFERENCE mode, concatenated (other trees have none). */
  readonly reference: ReferenceTrees;
  /** Deepest reference tree, in edges (sizes its workspace). */
  readonly referenceDepth: number;
}

export interface ReferenceTrees {
  /** Nodes of tree t are nodeStart[t] .. nodeStart[t + 1] − 1 (empty unless TREE_REFERENCE). */
  readonly nodeStart: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Uint8Array;
  readonly categorical: Uint8Array;
  /** Offsets into the concatenated catBits. */
  readonly catOffset: Int32Array;
  readonly catWords: Int32Array;
  readonly catBits: Uint32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
}

type Typed = Int32Array | Uint8Array | Uint32Array | Float64Array;

/** A typed array of the same type in shared memory, with the same contents. */
function shared<T extends Typed>(array: T): T {
  const constructor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new constructor(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

/** Builds the plan for `trees` over `features` input features (see the file comment). */
export function buildTreeShapPlan(trees: readonly Tree[], features: number, budget: number = TABLE_BUDGET): TreeShapPlan {
  const bins = featureBins(trees, features);
  const layouts = trees.map((tree) => (tree.nodeCount > 1 && !conflictsWithBins(tree, bins) ? new TreeLayout(tree) : null));
  const mode = Uint8Array.from(trees, (tree, t) => (tree.nodeCount === 1 ? TREE_CONSTANT : layouts[t]?.tableable ? TREE_FAST : TREE_REFERENCE));

  // the smallest tables first: trees that do not fit even then go to the reference
  let lambda = Infinity;
  let total = 0;
  trees.forEach((_, t) => {
    if (mode[t] !== TREE_FAST) return;
    const choice = (layouts[t] as TreeLayout).chooseBlocks(Infinity);
    if (choice === null || total + choice.entries > budget) mode[t] = TREE_REFERENCE;
    else total += choice.entries;
  });
  for (const candidate of LAMBDAS) {
    let entries = 0;
    trees.forEach((_, t) => {
      if (mode[t] === TREE_FAST) entries += ((layouts[t] as TreeLayout).chooseBlocks(candidate) as { entries: number }).entries;
    });
    if (entries <= budget) {
      lambda = candidate;
      break;
    }
  }

  const blocks: BlockPlan[] = [];
  const treeBlockStart = new Int32Array(trees.length + 1);
  trees.forEach((_, t) => {
    treeBlockStart[t] = blocks.length;
    if (mode[t] !== TREE_FAST) return;
    const layout = layouts[t] as TreeLayout;
    const choice = layout.chooseBlocks(lambda) as { roots: number[] };
    for (const root of choice.roots) blocks.push(layout.describeBlock(root, bins));
  });
  treeBlockStart[trees.length] = blocks.length;

  return {
    features,
    trees: trees.length,
    kind: shared(bins.kind),
    thresholdStart: shared(bins.thresholdStart),
    thresholds: shared(bins.thresholds),
    codeLimit: shared(bins.codeLimit),
    treeMode: shared(mode),
    treeBlockStart: shared(treeBlockStart),
    ...kernelMemory(blocks, bins, features),
    reference: referenceTrees(trees, mode),
    referenceDepth: trees.reduce((depth, tree, t) => (mode[t] === TREE_REFERENCE ? Math.max(depth, tree.depth) : depth), 0),
  };
}

/** Rows per kernel batch: a slot's bins and sums (features × rows × 12 bytes) stay in the L2 cache. */
function batchRows(features: number): number {
  return Math.max(64, Math.min(1024, Math.floor(65536 / Math.max(1, features))));
}

type KernelLayout = Pick<
  TreeShapPlan,
  "tableEntries" | "rows" | "memory" | "blockAt" | "keyAt" | "outAt" | "tableAt" | "slotAt" | "slotBytes" | "keysOffset" | "sumsOffset"
>;

/** Lays the blocks out in a new shared WebAssembly memory with one slot (see TreeShapPlan). */
function kernelMemory(blocks: readonly BlockPlan[], bins: FeatureBins, features: number): KernelLayout {
  const rows = batchRows(features);
  let keys = 0;
  let outs = 0;
  let lookups = 0;
  let entries = 0;
  for (const block of blocks) {
    keys += block.keyFeatures.length;
    outs += block.outFeatures.length;
    entries += block.entries;
    for (const f of block.keyFeatures) lookups += binCount(bins, f);
  }
  const blockAt = 0;
  const keyAt = align(blockAt + BLOCK_RECORD * blocks.length, 8);
  const outAt = align(keyAt + KEY_RECORD * keys, 8);
  const lookupAt = align(outAt + OUT_RECORD * outs, 8);
  const tableAt = align(lookupAt + 4 * lookups, 8);
  const slotAt = align(tableAt + 8 * entries, PAGE);
  const keysOffset = 4 * features * rows;
  const sumsOffset = align(keysOffset + 4 * rows, 8);
  const slotBytes = align(sumsOffset + 8 * features * rows, PAGE);
  const pages = (slotAt + slotBytes) / PAGE;
  const memory = sharedMemory(pages, pages + (MAX_SLOTS - 1) * (slotBytes / PAGE));
  const buffer = memory.buffer;
  const blockRecords = new Int32Array(buffer, blockAt, 5 * blocks.length);
  const keyRecords = new Int32Array(buffer, keyAt, 2 * keys);
  const outRecords = new Int32Array(buffer, outAt, outs);
  const lookup = new Int32Array(buffer, lookupAt, lookups);
  const table = new Float64Array(buffer, tableAt, entries);
  let q = 0;
  let o = 0;
  let lookupNext = 0;
  let entryNext = 0;
  const scratch = new FillScratch();
  blocks.forEach((block, b) => {
    const width = block.outFeatures.length;
    blockRecords.set([entryNext, width, q, q + block.keyFeatures.length, o], 5 * b);
    block.fill(table.subarray(entryNext, entryNext + block.entries), scratch);
    entryNext += block.entries;
    for (const f of block.outFeatures) outRecords[o++] = 8 * f * rows;
    // bin → pattern × (product of the earlier radices) × width: summed, the key's table offset
    let stride = width;
    block.keyFeatures.forEach((f, i) => {
      keyRecords[2 * q] = 4 * f * rows;
      keyRecords[2 * q + 1] = lookupAt + 4 * lookupNext;
      const patterns = block.keyPatterns[i] as Int32Array;
      for (let bin = 0; bin < patterns.length; bin++) lookup[lookupNext + bin] = (patterns[bin] as number) * stride;
      lookupNext += patterns.length;
      stride *= block.radices[i] as number;
      q++;
    });
  });
  return { tableEntries: entries, rows, memory, blockAt, keyAt, outAt, tableAt, slotAt, slotBytes, keysOffset, sumsOffset };
}

function align(bytes: number, unit: number): number {
  return Math.ceil(bytes / unit) * unit;
}

/** How many threads' slots the plan's memory holds now. */
export function slotCount(plan: TreeShapPlan): number {
  return Math.floor((plan.memory.buffer.byteLength - plan.slotAt) / plan.slotBytes);
}

/** Grows the plan's memory to hold at least `slots` slots (at most MAX_SLOTS); returns how many it holds. */
export function ensureSlots(plan: TreeShapPlan, slots: number): number {
  const wanted = Math.min(slots, MAX_SLOTS);
  const have = slotCount(plan);
  if (wanted > have) plan.memory.grow(((wanted - have) * plan.slotBytes) / PAGE);
  return slotCount(plan);
}

function referenceTrees(trees: readonly Tree[], mode: Uint8Array): ReferenceTrees {
  const chosen = trees.filter((_, t) => mode[t] === TREE_REFERENCE);
  const nodes = chosen.reduce((sum, tree) => sum + tree.nodeCount, 0);
  const words = chosen.reduce((sum, tree) => sum + tree.catBits.length, 0);
  const out: ReferenceTrees = {
    nodeStart: new Int32Array(trees.length + 1),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    missingLeft: new Uint8Array(nodes),
    categorical: new Uint8Array(nodes),
    catOffset: new Int32Array(nodes),
    catWords: new Int32Array(nodes),
    catBits: new Uint32Array(words),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    value: new Float64Array(nodes),
    cover: new Float64Array(nodes),
  };
  let at = 0;
  let wordAt = 0;
  trees.forEach((tree, t) => {
    out.nodeStart[t] = at;
    if (mode[t] !== TREE_REFERENCE) return;
    out.feature.set(tree.feature, at);
    out.threshold.set(tree.threshold, at);
    out.missingLeft.set(tree.missingLeft, at);
    out.categorical.set(tree.categorical, at);
    for (let i = 0; i < tree.nodeCount; i++) out.catOffset[at + i] = (tree.catOffset[i] as number) + wordAt;
    out.catWords.set(tree.catWords, at);
    out.catBits.set(tree.catBits, wordAt);
    out.left.set(tree.left, at);
    out.right.set(tree.right, at);
    out.value.set(tree.value, at);
    out.cover.set(tree.cover, at);
    at += tree.nodeCount;
    wordAt += tree.catBits.length;
  });
  out.nodeStart[trees.length] = at;
  return {
    nodeStart: shared(out.nodeStart),
    feature: shared(out.feature),
    threshold: shared(out.threshold),
    missingLeft: shared(out.missingLeft),
    categorical: shared(out.categorical),
    catOffset: shared(out.catOffset),
    catWords: shared(out.catWords),
    catBits: shared(out.catBits),
    left: shared(out.left),
    right: shared(out.right),
    value: shared(out.value),
    cover: shared(out.cover),
  };
}
