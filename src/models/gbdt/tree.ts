/**
 * A fitted regression tree as a struct of typed arrays (after LightGBM's `Tree`): node i is
 * internal when feature[i] >= 0, with children left[i] > i and right[i] > i; otherwise a leaf.
 * The tree predicts on raw float features (real thresholds and category-code bitsets), so a
 * scorer needs no bin mapper.
 *
 * Routing at an internal node with feature value x:
 * - numeric: x <= threshold goes left; NaN and ±Infinity follow missingLeft.
 * - categorical: an integer code c with 0 <= c < 32 * catWords goes left when bit c of the
 *   node's bitset (catBits[catOffset..catOffset+catWords)) is set. Any other value (NaN,
 *   negative, too large, fractional) follows missingLeft. Codes unseen in training already
 *   have their bit equal to missingLeft, so unseen levels are treated exactly like missing.
 *
 * `value` is the leaf output already multiplied by the learning rate (internal nodes keep the
 * value they would have had as a leaf). `cover` is the sum of the sample weights of the
 * training rows reaching a node (row counts when unweighted); internal covers are the sums of
 * their children's, which path-dependent TreeSHAP relies on. `gain` is a split's loss reduction.
 */
import { LeadscoreError } from "../../core/errors.js";

export interface TreeArrays {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Uint8Array;
  readonly categorical: Uint8Array;
  readonly catOffset: Int32Array;
  readonly catWords: Int32Array;
  readonly catBits: Uint32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  readonly gain: Float64Array;
}

/** Plain-JSON form of a tree: the same arrays as numbers (flags as 0/1). */
export interface TreeJSON {
  readonly feature: number[];
  readonly threshold: number[];
  readonly missingLeft: number[];
  readonly categorical: number[];
  readonly catOffset: number[];
  readonly catWords: number[];
  readonly catBits: number[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
  readonly cover: number[];
  readonly gain: number[];
}

export class Tree implements TreeArrays {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Uint8Array;
  readonly categorical: Uint8Array;
  readonly catOffset: Int32Array;
  readonly catWords: Int32Array;
  readonly catBits: Uint32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  readonly gain: Float64Array;
  /** Edges on the longest root-to-leaf path. */
  readonly depth: number;

  constructor(arrays: TreeArrays) {
    this.feature = arrays.feature;
    this.threshold = arrays.threshold;
    this.missingLeft = arrays.missingLeft;
    this.categorical = arrays.categorical;
    this.catOffset = arrays.catOffset;
    this.catWords = arrays.catWords;
    this.catBits = arrays.catBits;
    this.left = arrays.left;
    this.right = arrays.right;
    this.value = arrays.value;
    this.cover = arrays.cover;
    this.gain = arrays.gain;
    const depths = new Int32Array(this.nodeCount);
    let depth = 0;
    for (let i = 0; i < this.nodeCount; i++) {
      const d = depths[i] as number;
      if (d > depth) depth = d;
      if ((this.feature[i] as number) >= 0) {
        depths[this.left[i] as number] = d + 1;
        depths[this.right[i] as number] = d + 1;
      }
    }
    this.depth = depth;
  }

  get nodeCount(): number {
    return this.feature.length;
  }

  /** Whether feature value x at internal node `node` goes to the left child. */
  goesLeft(node: number, x: number): boolean {
    if (this.categorical[node] === 1) {
      if (x >= 0 && x < (this.catWords[node] as number) * 32 && (x | 0) === x) {
        return (((this.catBits[(this.catOffset[node] as number) + (x >>> 5)] as number) >>> (x & 31)) & 1) === 1;
      }
      return this.missingLeft[node] === 1;
    }
    if (x - x === 0) return x <= (this.threshold[node] as number);
    return this.missingLeft[node] === 1;
  }

  /** The leaf reached by row r of the feature columns. */
  leafOf(columns: readonly Float64Array[], r: number): number {
    let node = 0;
    let f = this.feature[0] as number;
    while (f >= 0) {
      node = this.goesLeft(node, (columns[f] as Float64Array)[r] as number)
        ? (this.left[node] as number)
        : (this.right[node] as number);
      f = this.feature[node] as number;
    }
    return node;
  }

  /** This tree's value for row r of the feature columns. */
  predictRow(columns: readonly Float64Array[], r: number): number {
    return this.value[this.leafOf(columns, r)] as number;
  }

  /** out[r] += this tree's value for the rows start..end-1. */
  addPredictions(columns: readonly Float64Array[], start: number, end: number, out: Float64Array): void {
    // goesLeft inlined over local arrays: this loop runs rows × trees times
    const feature = this.feature;
    const threshold = this.threshold;
    const missingLeft = this.missingLeft;
    const categorical = this.categorical;
    const catOffset = this.catOffset;
    const catWords = this.catWords;
    const catBits = this.catBits;
    const left = this.left;
    const right = this.right;
    const value = this.value;
    for (let r = start; r < end; r++) {
      let node = 0;
      let f = feature[0] as number;
      while (f >= 0) {
        const x = (columns[f] as Float64Array)[r] as number;
        let goLeft: boolean;
        if (categorical[node] === 1) {
          goLeft =
            x >= 0 && x < (catWords[node] as number) * 32 && (x | 0) === x
              ? (((catBits[(catOffset[node] as number) + (x >>> 5)] as number) >>> (x & 31)) & 1) === 1
              : missingLeft[node] === 1;
        } else {
          goLeft = x - x === 0 ? x <= (threshold[node] as number) : missingLeft[node] === 1;
        }
        node = goLeft ? (left[node] as number) : (right[node] as number);
        f = feature[node] as number;
      }
      out[r] = (out[r] as number) + (value[node] as number);
    }
  }

  /** E[tree output] over the training distribution as described by the covers. */
  expectedValue(): number {
    const visit = (node: number): number => {
      if ((this.feature[node] as number) < 0) return this.value[node] as number;
      const l = this.left[node] as number;
      const r = this.right[node] as number;
      const total = this.cover[node] as number;
      return ((this.cover[l] as number) * visit(l) + (this.cover[r] as number) * visit(r)) / total;
    };
    return visit(0);
  }

  toJSON(): TreeJSON {
    return {
      feature: Array.from(this.feature),
      threshold: Array.from(this.threshold),
      missingLeft: Array.from(this.missingLeft),
      categorical: Array.from(this.categorical),
      catOffset: Array.from(this.catOffset),
      catWords: Array.from(this.catWords),
      catBits: Array.from(this.catBits),
      left: Array.from(this.left),
      right: Array.from(this.right),
      value: Array.from(this.value),
      cover: Array.from(this.cover),
      gain: Array.from(this.gain),
    };
  }
}

/** Rebuilds a tree from its JSON, checking that it is a well-formed tree over `features` features. */
export function treeFromJSON(json: unknown, features: number, where: string): Tree {
  const fail = (problem: string): never => {
    throw new LeadscoreError("model", `Invalid gradient-boosting model: ${where} ${problem}.`);
  };
  if (typeof json !== "object" || json === null) return fail("is not an object");
  const record = json as Record<string, unknown>;
  const numbers = (name: string): number[] => {
    const value = record[name];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
      return fail(`field '${name}' is not an array of finite numbers`);
    }
    return value as number[];
  };
  const feature = numbers("feature");
  const n = feature.length;
  if (n === 0) fail("has no nodes");
  const perNode = ["threshold", "missingLeft", "categorical", "catOffset", "catWords", "left", "right", "value", "cover", "gain"];
  for (const name of perNode) if (numbers(name).length !== n) fail(`field '${name}' does not have one entry per node`);
  const catBits = numbers("catBits");
  if (!catBits.every((b) => Number.isInteger(b) && b >= 0 && b <= 0xffffffff)) fail("has catBits that are not 32-bit words");
  const left = numbers("left");
  const right = numbers("right");
  const catOffset = numbers("catOffset");
  const catWords = numbers("catWords");
  const categorical = numbers("categorical");
  const cover = numbers("cover");
  for (let i = 0; i < n; i++) {
    const f = feature[i] as number;
    if (!Number.isInteger(f) || f < -1 || f >= features) fail(`node ${i} uses feature ${f} of ${features}`);
    if (!((cover[i] as number) >= 0)) fail(`node ${i} has a negative cover`);
    if (f < 0) continue;
    const l = left[i] as number;
    const r = right[i] as number;
    // children after their parent: prediction always terminates
    if (!Number.isInteger(l) || !Number.isInteger(r) || l <= i || r <= i || l >= n || r >= n || l === r) {
      fail(`node ${i} has invalid children`);
    }
    if ((cover[i] as number) <= 0) fail(`node ${i} has no cover`);
    if (categorical[i] === 1) {
      const o = catOffset[i] as number;
      const w = catWords[i] as number;
      if (!Number.isInteger(o) || !Number.isInteger(w) || o < 0 || w < 1 || o + w > catBits.length) {
        fail(`node ${i} has an invalid category bitset`);
      }
    }
  }
  return new Tree({
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(numbers("threshold")),
    missingLeft: Uint8Array.from(numbers("missingLeft"), (v) => (v === 1 ? 1 : 0)),
    categorical: Uint8Array.from(categorical, (v) => (v === 1 ? 1 : 0)),
    catOffset: Int32Array.from(catOffset),
    catWords: Int32Array.from(catWords),
    catBits: Uint32Array.from(catBits),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(numbers("value")),
    cover: Float64Array.from(cover),
    gain: Float64Array.from(numbers("gain")),
  });
}
