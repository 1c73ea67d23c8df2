/**
 * Everything fast TreeSHAP needs that does not depend on the rows, computed once per model:
 * model-wide feature bins (tree-shap-bins.ts), each tree cut into blocks with their tables
 * (tree-shap-blocks.ts), and the trees left to the reference algorithm, all as flat typed
 * arrays in shared memory, so that worker threads read one plan without copying it.
 *
 * Memory: block tables grow as blocks grow, and fewer, larger blocks mean fewer look-ups per
 * row. The plan takes the smallest trade-off weight λ (from a fixed ladder, so the choice is
 * deterministic) whose tables fit TABLE_BUDGET entries; when even the smallest tables do not
 * fit, the trees past the budget are explained by the reference algorithm.
 */
import { type FeatureBins, binCount, conflictsWithBins, featureBins } from "./tree-shap-bins.js";
import { type BlockTable, TreeLayout } from "./tree-shap-blocks.js";
import type { Tree } from "./tree.js";

/** At most this many table entries per model (8 bytes each: 32 MiB). */
export const TABLE_BUDGET = 1 << 22;
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
  /** Blocks of tree t: treeBlockStart[t] .. treeBlockStart[t + 1] − 1. */
  readonly treeBlockStart: Int32Array;
  /** Offset of the block's table in `table`. */
  readonly blockTable: Int32Array;
  /** Output features of the block (entries per key). */
  readonly blockWidth: Int32Array;
  /** The block's key features are keyFeature[blockKeyStart[b] .. blockKeyStart[b + 1]). */
  readonly blockKeyStart: Int32Array;
  /** The block's output features are outFeature[blockOutStart[b] .. + blockWidth[b]). */
  readonly blockOutStart: Int32Array;
  readonly keyFeature: Int32Array;
  /** Where the key feature's look-up starts in `keyLookup`, indexed by the feature's bin. */
  readonly keyLookupStart: Int32Array;
  /** bin → pattern × (product of the earlier radices) × width: summed, the key's table offset. */
  readonly keyLookup: Int32Array;
  readonly outFeature: Int32Array;
  readonly table: Float64Array;
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

  const blocks: BlockTable[] = [];
  const treeBlockStart = new Int32Array(trees.length + 1);
  trees.forEach((_, t) => {
    treeBlockStart[t] = blocks.length;
    if (mode[t] !== TREE_FAST) return;
    const layout = layouts[t] as TreeLayout;
    const choice = layout.chooseBlocks(lambda) as { roots: number[] };
    for (const root of choice.roots) blocks.push(layout.buildBlock(root, bins));
  });
  treeBlockStart[trees.length] = blocks.length;

  const blockTable = new Int32Array(blocks.length);
  const blockWidth = new Int32Array(blocks.length);
  const blockKeyStart = new Int32Array(blocks.length + 1);
  const blockOutStart = new Int32Array(blocks.length);
  let tableSize = 0;
  let keyCount = 0;
  let lookupSize = 0;
  let outCount = 0;
  blocks.forEach((block, b) => {
    blockTable[b] = tableSize;
    blockWidth[b] = block.outFeatures.length;
    blockKeyStart[b] = keyCount;
    blockOutStart[b] = outCount;
    tableSize += block.table.length;
    keyCount += block.keyFeatures.length;
    for (const f of block.keyFeatures) lookupSize += binCount(bins, f);
    outCount += block.outFeatures.length;
  });
  blockKeyStart[blocks.length] = keyCount;
  const table = new Float64Array(tableSize);
  const keyFeature = new Int32Array(keyCount);
  const keyLookupStart = new Int32Array(keyCount);
  const keyLookup = new Int32Array(lookupSize);
  const outFeature = new Int32Array(outCount);
  let lookupAt = 0;
  blocks.forEach((block, b) => {
    table.set(block.table, blockTable[b] as number);
    outFeature.set(block.outFeatures, blockOutStart[b] as number);
    let stride = block.outFeatures.length;
    block.keyFeatures.forEach((f, i) => {
      const q = (blockKeyStart[b] as number) + i;
      keyFeature[q] = f;
      keyLookupStart[q] = lookupAt;
      const patterns = block.keyPatterns[i] as Int32Array;
      for (let bin = 0; bin < patterns.length; bin++) keyLookup[lookupAt + bin] = (patterns[bin] as number) * stride;
      lookupAt += patterns.length;
      stride *= block.radices[i] as number;
    });
  });

  return {
    features,
    trees: trees.length,
    kind: shared(bins.kind),
    thresholdStart: shared(bins.thresholdStart),
    thresholds: shared(bins.thresholds),
    codeLimit: shared(bins.codeLimit),
    treeMode: shared(mode),
    treeBlockStart: shared(treeBlockStart),
    blockTable: shared(blockTable),
    blockWidth: shared(blockWidth),
    blockKeyStart: shared(blockKeyStart),
    blockOutStart: shared(blockOutStart),
    keyFeature: shared(keyFeature),
    keyLookupStart: shared(keyLookupStart),
    keyLookup: shared(keyLookup),
    outFeature: shared(outFeature),
    table: shared(table),
    reference: referenceTrees(trees, mode),
    referenceDepth: trees.reduce((depth, tree, t) => (mode[t] === TREE_REFERENCE ? Math.max(depth, tree.depth) : depth), 0),
  };
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
