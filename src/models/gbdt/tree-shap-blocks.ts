/**
 * Cuts a tree into "blocks" for fast TreeSHAP: a block is a node with its whole subtree, and
 * the blocks of a tree partition its leaves. What a block adds to the Shapley values of a row
 * depends only on how the row routes at the splits on the paths to its leaves, and only through
 * a few "patterns" per feature: the distinct ways the feature's values can route at those splits
 * (for a split above the block root only whether the row leaves the path matters). So each block
 * has a table indexed by one pattern per feature (a mixed-radix key) holding, for every output
 * feature, the sum of its leaves' shares (tree-shap-leaf.ts) — one look-up per feature per block
 * replaces a walk over the leaves.
 *
 * Single leaves as blocks are Fast TreeSHAP v2's per-leaf tables (Yang 2021); larger blocks are
 * fewer look-ups per row but bigger tables. `chooseBlocks` picks the cut minimising
 *   Σ_blocks (row cost + λ · table entries)
 * by dynamic programming over the tree; the plan (tree-shap-plan.ts) sets λ to fit a memory budget.
 */
import { CATEGORICAL, binCount, type FeatureBins } from "./tree-shap-bins.js";
import { LeafShares } from "./tree-shap-leaf.js";
import type { Tree } from "./tree.js";

/** A leaf with more distinct path features than this sends its tree to the reference algorithm. */
export const MAX_LEAF_SLOTS = 13;
/** A block may hold at most this many splits on one feature (its patterns are numbered exactly in a double). */
const MAX_INSIDE_SPLITS = 50;
/** No block table larger than this many entries. */
export const MAX_BLOCK_ENTRIES = 1 << 17;

// Per-row cost of a block, in rough inner-loop operations: setting up its key, one bin
// look-up per key feature, one table read and add per output feature.
const COST_BLOCK = 2;
const COST_KEY = 1;
const COST_OUT = 1.5;

/** A chosen block, described: its table is filled later, in place (`fill`). */
export interface BlockPlan {
  /** Features whose pattern is part of the key, with the pattern of every global bin. */
  readonly keyFeatures: readonly number[];
  readonly keyPatterns: readonly Int32Array[];
  /** Patterns per key feature (the radices of the key, first feature fastest). */
  readonly radices: readonly number[];
  /** Output features: table entry key · width + p belongs to outFeatures[p]. */
  readonly outFeatures: readonly number[];
  /** Table entries: Π radices × width. */
  readonly entries: number;
  /** Writes the table into `table` (entries long, zeros), using `scratch` for working memory. */
  fill(table: Float64Array, scratch: FillScratch): void;
}

/** Working memory reused across blocks (grown when a block needs more). */
export class FillScratch {
  private memo = new Float64Array(0);

  /** An array of at least `length` doubles, not cleared: callers write every entry they read. */
  shares(length: number): Float64Array {
    if (this.memo.length < length) this.memo = new Float64Array(Math.max(length, 2 * this.memo.length));
    return this.memo;
  }
}

/** Row-independent facts about one tree, and the candidate blocks. */
export class TreeLayout {
  readonly tree: Tree;
  /** Whether the fast algorithm can explain this tree (small enough paths, no empty child). */
  readonly tableable: boolean;
  private readonly parent: Int32Array;
  /** Distinct features on the path from the root to each node (excluding its own split). */
  private readonly pathFeatures: number[][];
  private readonly pathZ: number[][];
  /** Internal nodes of each node's subtree, in index order. */
  private readonly subtreeSplits: number[][];
  /** Per feature used: its tree-local representative values and every split's routing of them. */
  private readonly localValues: Map<number, Float64Array>;
  private readonly goesLeftOf: Uint8Array[];
  /** Per feature: the tree-local value index of each model-wide bin (filled when first asked). */
  private readonly localOfBins = new Map<number, Int32Array>();
  /** Candidate block at each node: table entries (Infinity if not allowed) and row cost. */
  readonly blockSize: Float64Array;
  readonly blockCost: Float64Array;

  constructor(tree: Tree) {
    this.tree = tree;
    const n = tree.nodeCount;
    this.parent = new Int32Array(n).fill(-1);
    this.pathFeatures = new Array<number[]>(n);
    this.pathZ = new Array<number[]>(n);
    this.pathFeatures[0] = [];
    this.pathZ[0] = [];
    let tableable = true;
    for (let node = 0; node < n; node++) {
      const f = tree.feature[node] as number;
      const features = this.pathFeatures[node] as number[];
      const z = this.pathZ[node] as number[];
      if (f < 0) {
        if (features.length > MAX_LEAF_SLOTS) tableable = false;
        continue;
      }
      const slot = features.indexOf(f);
      for (const child of [tree.left[node] as number, tree.right[node] as number]) {
        this.parent[child] = node;
        const ratio = (tree.cover[child] as number) / (tree.cover[node] as number);
        // a zero fraction would divide by zero in the leaf shares: leave such trees to the reference
        if (!(ratio > 0)) tableable = false;
        const childFeatures = slot < 0 ? [...features, f] : features;
        const childZ = z.slice();
        if (slot < 0) childZ.push(ratio);
        else childZ[slot] = (childZ[slot] as number) * ratio;
        this.pathFeatures[child] = childFeatures;
        this.pathZ[child] = childZ;
      }
    }
    this.tableable = tableable;

    this.subtreeSplits = new Array<number[]>(n);
    for (let node = n - 1; node >= 0; node--) {
      if ((tree.feature[node] as number) < 0) {
        this.subtreeSplits[node] = [];
        continue;
      }
      const merged = [node, ...(this.subtreeSplits[tree.left[node] as number] as number[]), ...(this.subtreeSplits[tree.right[node] as number] as number[])];
      this.subtreeSplits[node] = merged.sort((a, b) => a - b);
    }

    this.localValues = new Map();
    this.goesLeftOf = new Array<Uint8Array>(n);
    for (let node = 0; node < n; node++) {
      const f = tree.feature[node] as number;
      if (f >= 0 && !this.localValues.has(f)) this.localValues.set(f, localRepresentatives(tree, f));
    }
    for (let node = 0; node < n; node++) {
      const f = tree.feature[node] as number;
      if (f < 0) continue;
      const values = this.localValues.get(f) as Float64Array;
      this.goesLeftOf[node] = Uint8Array.from(values, (v) => (tree.goesLeft(node, v) ? 1 : 0));
    }

    this.blockSize = new Float64Array(n).fill(Infinity);
    this.blockCost = new Float64Array(n).fill(Infinity);
    if (!tableable) return;
    for (let node = 0; node < n; node++) {
      const features = this.blockFeatures(node);
      let size = features.length;
      let keys = 0;
      for (const f of features) {
        const patterns = this.patternCount(node, f);
        if (patterns > 1) keys++;
        size *= patterns;
        if (size > MAX_BLOCK_ENTRIES) break;
      }
      if (size > MAX_BLOCK_ENTRIES) continue;
      this.blockSize[node] = size;
      this.blockCost[node] = COST_BLOCK + COST_KEY * keys + COST_OUT * features.length;
    }
  }

  /** The output features of a block at `node`: its path features, then those split below. */
  blockFeatures(node: number): number[] {
    const features = (this.pathFeatures[node] as number[]).slice();
    for (const split of this.subtreeSplits[node] as number[]) {
      const f = this.tree.feature[split] as number;
      if (!features.includes(f)) features.push(f);
    }
    return features;
  }

  /**
   * Splits on feature f that matter to a block at `node`: those above it, with the direction
   * the path takes, and those inside it.
   */
  private relevantSplits(node: number, f: number): { above: [number, boolean][]; inside: number[] } {
    const above: [number, boolean][] = [];
    for (let child = node, p = this.parent[node] as number; p >= 0; child = p, p = this.parent[p] as number) {
      if (this.tree.feature[p] === f) above.push([p, this.tree.left[p] === child]);
    }
    const inside = (this.subtreeSplits[node] as number[]).filter((split) => this.tree.feature[split] === f);
    return { above, inside };
  }

  /** A value's pattern for a block at `node`: whether it leaves the path above, and its turns inside. */
  private signature(above: readonly [number, boolean][], inside: readonly number[], index: number): number {
    let leaves = 0;
    for (let i = 0; i < above.length; i++) {
      const [split, left] = above[i] as [number, boolean];
      if (((this.goesLeftOf[split] as Uint8Array)[index] === 1) !== left) leaves = 1;
    }
    // a number with one bit per split (at most MAX_INSIDE_SPLITS of them, so it stays exact)
    let signature = leaves;
    for (let i = 0; i < inside.length; i++) signature = signature * 2 + ((this.goesLeftOf[inside[i] as number] as Uint8Array)[index] as number);
    return signature;
  }

  private patternCount(node: number, f: number): number {
    const { above, inside } = this.relevantSplits(node, f);
    if (inside.length > MAX_INSIDE_SPLITS) return Infinity;
    const seen = new Set<number>();
    const count = (this.localValues.get(f) as Float64Array).length;
    for (let i = 0; i < count; i++) seen.add(this.signature(above, inside, i));
    return seen.size;
  }

  /**
   * The block roots minimising Σ (row cost + λ · entries), or null if some leaf cannot be a
   * block. λ = Infinity minimises the entries (then the cost).
   */
  chooseBlocks(lambda: number): { roots: number[]; entries: number; cost: number } | null {
    if (!this.tableable) return null;
    const tree = this.tree;
    const n = tree.nodeCount;
    const score = (entries: number, cost: number): number => (lambda === Infinity ? entries + cost * 1e-9 : cost + lambda * entries);
    const bestEntries = new Float64Array(n);
    const bestCost = new Float64Array(n);
    const own = new Uint8Array(n);
    for (let node = n - 1; node >= 0; node--) {
      let entries = this.blockSize[node] as number;
      let cost = this.blockCost[node] as number;
      own[node] = 1;
      if ((tree.feature[node] as number) >= 0) {
        const l = tree.left[node] as number;
        const r = tree.right[node] as number;
        const splitEntries = (bestEntries[l] as number) + (bestEntries[r] as number);
        const splitCost = (bestCost[l] as number) + (bestCost[r] as number);
        if (entries === Infinity || score(splitEntries, splitCost) < score(entries, cost)) {
          entries = splitEntries;
          cost = splitCost;
          own[node] = 0;
        }
      }
      if (entries === Infinity) return null;
      bestEntries[node] = entries;
      bestCost[node] = cost;
    }
    const roots: number[] = [];
    const visit = (node: number): void => {
      if (own[node] === 1) roots.push(node);
      else {
        visit(tree.left[node] as number);
        visit(tree.right[node] as number);
      }
    };
    visit(0);
    return { roots, entries: bestEntries[0] as number, cost: bestCost[0] as number };
  }

  /** For each model-wide bin of feature f, the index of the tree-local value that routes like it. */
  private localIndexOfBins(f: number, bins: FeatureBins): Int32Array {
    const known = this.localOfBins.get(f);
    if (known !== undefined) return known;
    const local = this.localValues.get(f) as Float64Array;
    const missing = local.length - 1; // NaN comes last
    const count = binCount(bins, f);
    const out = new Int32Array(count);
    if (bins.kind[f] === CATEGORICAL) {
      // codes past this tree's bitsets route as missing
      out[0] = missing;
      for (let bin = 1; bin < count; bin++) out[bin] = bin - 1 < missing ? bin - 1 : missing;
      this.localOfBins.set(f, out);
      return out;
    }
    // numeric: local thresholds are some of the global ones, both ascending; bin g holds
    // T_{g−1} < x <= T_g, below which lie the local thresholds <= T_{g−1}
    const start = bins.thresholdStart[f] as number;
    let below = 0;
    for (let bin = 0; bin < count - 1; bin++) {
      if (bin > 0) {
        const previous = bins.thresholds[start + bin - 1] as number;
        while (below < missing - 1 && (local[below] as number) <= previous) below++;
      }
      out[bin] = below;
    }
    out[count - 1] = missing;
    this.localOfBins.set(f, out);
    return out;
  }

  /** The block at `root`, keyed by the patterns of the model-wide bins. */
  describeBlock(root: number, bins: FeatureBins): BlockPlan {
    const tree = this.tree;
    const outFeatures = this.blockFeatures(root);
    const width = outFeatures.length;
    // patterns of every global bin, numbered in order of first appearance
    const keyFeatures: number[] = [];
    const keyPatterns: Int32Array[] = [];
    const radices: number[] = [];
    const patternValue = new Map<number, number[]>(); // feature -> a representative value per pattern
    for (const f of outFeatures) {
      const { above, inside } = this.relevantSplits(root, f);
      const local = this.localValues.get(f) as Float64Array;
      const signatures = Float64Array.from(local, (_, index) => this.signature(above, inside, index));
      const localOfBin = this.localIndexOfBins(f, bins);
      const numbering = new Map<number, number>();
      const values: number[] = [];
      const patternOfBin = new Int32Array(localOfBin.length);
      for (let bin = 0; bin < localOfBin.length; bin++) {
        const index = localOfBin[bin] as number;
        const signature = signatures[index] as number;
        let pattern = numbering.get(signature);
        if (pattern === undefined) {
          pattern = numbering.size;
          numbering.set(signature, pattern);
          values.push(local[index] as number);
        }
        patternOfBin[bin] = pattern;
      }
      patternValue.set(f, values);
      if (values.length > 1) {
        keyFeatures.push(f);
        keyPatterns.push(patternOfBin);
        radices.push(values.length);
      }
    }
    const entries = radices.reduce((a, b) => a * b, 1) * width;

    // per leaf of the block: its shares, and for each slot and pattern whether the row follows the path
    const leaves: BlockLeaf[] = [];
    const stack = [root]; // depth first, left before right
    while (stack.length > 0) {
      const node = stack.pop() as number;
      if ((tree.feature[node] as number) >= 0) {
        stack.push(tree.right[node] as number, tree.left[node] as number);
        continue;
      }
      const features = this.pathFeatures[node] as number[];
      const shares = new LeafShares(tree.value[node] as number, features, this.pathZ[node] as number[]);
      const follows = features.map((f) => {
        const values = patternValue.get(f) as number[];
        return Uint8Array.from(values, (v) => (this.follows(node, f, v) ? 1 : 0));
      });
      leaves.push({
        shares,
        position: Int32Array.from(features, (f) => outFeatures.indexOf(f)),
        follows,
        keyIndex: Int32Array.from(features, (f) => keyFeatures.indexOf(f)),
      });
    }

    return {
      keyFeatures,
      keyPatterns,
      radices,
      outFeatures,
      entries,
      fill: (table, scratch) => fillTable(table, width, radices, leaves, scratch),
    };
  }

  /** Whether value v of feature f takes every edge on f along the path from the root to `leaf`. */
  private follows(leaf: number, f: number, v: number): boolean {
    const tree = this.tree;
    for (let child = leaf, p = this.parent[leaf] as number; p >= 0; child = p, p = this.parent[p] as number) {
      if (tree.feature[p] === f && tree.goesLeft(p, v) !== (tree.left[p] === child)) return false;
    }
    return true;
  }
}

/**
 * Values of feature f that route through this tree's splits on f in every distinct way: its
 * thresholds, one value above them all and NaN (numeric), or each code and NaN (categorical).
 */
function localRepresentatives(tree: Tree, f: number): Float64Array {
  const thresholds = new Set<number>();
  let codes = 0;
  for (let node = 0; node < tree.nodeCount; node++) {
    if (tree.feature[node] !== f) continue;
    if (tree.categorical[node] === 1) codes = Math.max(codes, 32 * (tree.catWords[node] as number));
    else thresholds.add(tree.threshold[node] as number);
  }
  // codes past every bitset route as missing, like NaN
  if (codes > 0) return Float64Array.from({ length: codes + 1 }, (_, c) => (c < codes ? c : NaN));
  return Float64Array.of(...Float64Array.from(thresholds).sort(), Number.MAX_VALUE, NaN);
}

interface BlockLeaf {
  readonly shares: LeafShares;
  /** Output position of each slot's feature. */
  readonly position: Int32Array;
  /** Per slot, per pattern of its feature: whether the row follows the leaf's path. */
  readonly follows: readonly Uint8Array[];
  /** Per slot: which key feature it is (−1: not a key feature, its single pattern is 0). */
  readonly keyIndex: Int32Array;
}

/**
 * Adds every leaf's shares at every key of a block table. Key by key, so each table row is
 * filled while in cache, and in each row leaf by leaf (each entry sums its leaves in order). A
 * leaf's hot set is an OR of one word per key feature (the bit of the leaf's slot for that
 * feature when its pattern follows the path); the shares of every leaf and hot set are computed first.
 */
function fillTable(table: Float64Array, width: number, radices: readonly number[], leaves: readonly BlockLeaf[], scratch: FillScratch): void {
  const count = leaves.length;
  const Q = radices.length;
  const radix0 = Q > 0 ? (radices[0] as number) : 1;
  // flat per-leaf data, so the loops below touch typed arrays only
  const slots = Int32Array.from(leaves, (leaf) => leaf.shares.slots);
  const positionStart = new Int32Array(count + 1);
  const memoStart = new Int32Array(count + 1);
  const bitsStart = new Int32Array(count * Q + 1);
  const radixSum = radices.reduce((a, b) => a + b, 0);
  for (let l = 0; l < count; l++) {
    const d = slots[l] as number;
    positionStart[l + 1] = (positionStart[l] as number) + d;
    memoStart[l + 1] = (memoStart[l] as number) + (d << d);
  }
  const positions = new Int32Array(positionStart[count] as number);
  // every leaf's shares for every hot set
  const memo = scratch.shares(memoStart[count] as number);
  leaves.forEach((leaf, l) => leaf.shares.allShares(memo, memoStart[l] as number));
  const bits = new Int32Array(count * radixSum);
  const fixedBits = new Int32Array(count);
  leaves.forEach((leaf, l) => {
    positions.set(leaf.position, positionStart[l] as number);
    let at = l * radixSum;
    radices.forEach((radix, q) => {
      bitsStart[l * Q + q] = at;
      at += radix;
    });
    leaf.keyIndex.forEach((q, s) => {
      const follows = leaf.follows[s] as Uint8Array;
      if (q < 0) {
        if (follows[0] === 1) fixedBits[l] = (fixedBits[l] as number) | (1 << s);
        return;
      }
      const start = bitsStart[l * Q + q] as number;
      for (let pattern = 0; pattern < (radices[q] as number); pattern++) if (follows[pattern] === 1) bits[start + pattern] = 1 << s;
    });
  });
  const keys = table.length / width;
  // hot bits from the key features after the first: each feature sets its own slot's bit, so
  // changing one digit swaps one word in or out (XOR) without recomputing the rest
  const prefix = Int32Array.from(fixedBits);
  for (let l = 0; l < count; l++) for (let q = 1; q < Q; q++) prefix[l] = (prefix[l] as number) ^ (bits[bitsStart[l * Q + q] as number] as number);
  const digits = new Int32Array(Q);
  for (let outer = 0; outer < keys; outer += radix0) {
    for (let digit = 0; digit < radix0; digit++) {
      const at = (outer + digit) * width;
      for (let l = 0; l < count; l++) {
        const d = slots[l] as number;
        const hot = Q > 0 ? (prefix[l] as number) | (bits[(bitsStart[l * Q] as number) + digit] as number) : (prefix[l] as number);
        const from = (memoStart[l] as number) + hot * d;
        const p0 = positionStart[l] as number;
        for (let s = 0; s < d; s++) {
          const e = at + (positions[p0 + s] as number);
          table[e] = (table[e] as number) + (memo[from + s] as number);
        }
      }
    }
    // the next combination of the other digits (an odometer, second key feature fastest)
    for (let q = 1; q < Q; q++) {
      const old = digits[q] as number;
      const next = old + 1 < (radices[q] as number) ? old + 1 : 0;
      digits[q] = next;
      for (let l = 0; l < count; l++) {
        const start = bitsStart[l * Q + q] as number;
        prefix[l] = (prefix[l] as number) ^ (bits[start + old] as number) ^ (bits[start + next] as number);
      }
      if (next !== 0) break;
    }
  }
}
