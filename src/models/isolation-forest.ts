/**
 * Isolation forest anomaly detector (Liu, Ting & Zhou 2008): rows unlike the training data are
 * isolated by few random splits. Each tree is grown on `sampleRows` rows drawn without
 * replacement, splitting a random feature at a random point, until a row is alone or the depth
 * reaches ⌈log2 sampleRows⌉. A row's path length h(x) is the depth of its leaf plus c(leaf
 * rows), the average depth still needed there; the anomaly score is
 *   s(x) = 2^(−mean_trees h(x) / c(sampleRows)),  c(n) = 2·H(n − 1) − 2(n − 1)/n,
 * near 1 for anomalies, about 0.5 or below for ordinary rows. The threshold is the
 * (1 − contamination) quantile of the training rows' scores (scikit-learn's `offset_`), so a
 * share `contamination` of the training rows is flagged.
 *
 * It takes the "tree" encoding: numeric features (a random threshold between the node's
 * smallest and largest value) and categorical codes (a random subset of the node's levels).
 * Missing values go to a side drawn at random at each split (or, when a feature is only
 * missing or not, make the split themselves); codes unseen in training follow them. Trees are
 * stored in the gradient-boosting Tree format, leaf values being path lengths.
 */
import { LeadscoreError } from "../core/errors.js";
import type { Matrix } from "../core/matrix.js";
import { resolveParams, type ParamTable, type ParamValues } from "../core/params.js";
import { Rng } from "../core/rng.js";
import { sampleRows } from "./gbdt/bin-mapper.js";
import { type Tree, type TreeJSON } from "./gbdt/tree.js";
import { finiteNumbers } from "./json-numbers.js";
import { parseTree } from "./tree/tree-json.js";
import { ALL_VALUES_LEFT } from "./tree/cart-builder.js";
import { GrownTree } from "./tree/grown-tree.js";
import { checkScoringData, checkTrainingData } from "./training-data.js";

export const ISOLATION_PARAMS = {
  trees: { type: "int", default: 100, min: 1, max: 10_000, help: "number of isolation trees" },
  sampleRows: { type: "int", default: 256, min: 2, max: 1_000_000, help: "rows each tree is grown on (drawn without replacement)" },
  contamination: {
    type: "float",
    default: 0.01,
    min: 0,
    exclusiveMin: true,
    max: 0.5,
    help: "share of the training rows flagged as anomalies: sets the threshold",
  },
  seed: { type: "int", default: 42, min: 0, max: 4_294_967_295, help: "seed for the row samples and the random splits" },
} as const satisfies ParamTable;

export type IsolationParams = ParamValues<typeof ISOLATION_PARAMS>;

export interface IsolationForestJSON {
  readonly kind: "isolation-forest";
  readonly version: 1;
  readonly params: IsolationParams;
  readonly features: number;
  /** Rows each tree was grown on: min(sampleRows, training rows). */
  readonly sampleSize: number;
  /** Rows scoring above this are anomalies. */
  readonly threshold: number;
  /** Leaf values are path lengths; covers are row counts. */
  readonly trees: TreeJSON[];
}

const EULER_GAMMA = 0.5772156649015329;

/** c(n): the average path length of an unsuccessful search in a binary search tree of n rows. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

export class IsolationForest {
  readonly params: Readonly<IsolationParams>;
  readonly features: number;
  readonly sampleSize: number;
  readonly threshold: number;
  readonly trees: readonly Tree[];

  private constructor(params: IsolationParams, features: number, sampleSize: number, threshold: number, trees: readonly Tree[]) {
    this.params = Object.freeze({ ...params });
    this.features = features;
    this.sampleSize = sampleSize;
    this.threshold = threshold;
    this.trees = trees;
  }

  /** Grows the forest on X (no labels needed); see ISOLATION_PARAMS. */
  static fit(X: Matrix, given: Readonly<Record<string, string | number | boolean>> = {}): IsolationForest {
    const params = resolveParams("isolation forest", ISOLATION_PARAMS, given);
    checkTrainingData("an isolation forest", X, null, undefined);
    const sampleSize = Math.min(params.sampleRows, X.rows);
    const depthLimit = Math.ceil(Math.log2(Math.max(2, sampleSize)));
    const rng = new Rng(params.seed);
    const trees: Tree[] = [];
    const chosen = new Uint32Array(sampleSize);
    for (let t = 0; t < params.trees; t++) {
      const treeRng = rng.fork(t);
      sampleRows(X.rows, sampleSize, treeRng, chosen);
      trees.push(growIsolationTree(X, Int32Array.from(chosen), depthLimit, treeRng));
    }
    const provisional = new IsolationForest(params, X.columns.length, sampleSize, Infinity, trees);
    const scores = provisional.score(X).sort();
    const threshold = quantile(scores, 1 - params.contamination);
    return new IsolationForest(params, X.columns.length, sampleSize, threshold, trees);
  }

  /** Anomaly score per row, in (0, 1]: above about 0.6, rarely seen; near 1, very unlike the training rows. */
  score(X: Matrix): Float64Array {
    checkScoringData("isolation-forest", X, this.features);
    const depth = new Float64Array(X.rows);
    for (const tree of this.trees) tree.addPredictions(X.columns, 0, X.rows, depth);
    const norm = averagePathLength(this.sampleSize) * this.trees.length;
    for (let r = 0; r < X.rows; r++) depth[r] = norm > 0 ? 2 ** (-(depth[r] as number) / norm) : 0.5;
    return depth;
  }

  /** 1 for rows scoring above the threshold. */
  isAnomaly(X: Matrix): Uint8Array {
    const scores = this.score(X);
    return Uint8Array.from(scores, (s) => (s > this.threshold ? 1 : 0));
  }

  toJSON(): IsolationForestJSON {
    return {
      kind: "isolation-forest",
      version: 1,
      params: { trees: this.params.trees, sampleRows: this.params.sampleRows, contamination: this.params.contamination, seed: this.params.seed },
      features: this.features,
      sampleSize: this.sampleSize,
      threshold: this.threshold,
      trees: this.trees.map((t) => t.toJSON()),
    };
  }

  /** Rebuilds a detector from `toJSON()`, refusing anything malformed. */
  static fromJSON(json: unknown): IsolationForest {
    const fail = (problem: string): never => {
      throw new LeadscoreError("model", `Invalid isolation-forest anomaly detector: ${problem}.`);
    };
    if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("not an object");
    const doc = json as Record<string, unknown>;
    if (doc["kind"] !== "isolation-forest") fail(`kind is ${JSON.stringify(doc["kind"])}, expected "isolation-forest"`);
    if (doc["version"] !== 1) fail(`version ${JSON.stringify(doc["version"])} is not supported (expected 1)`);
    const rawParams = doc["params"];
    if (typeof rawParams !== "object" || rawParams === null || Array.isArray(rawParams)) return fail("params is not an object");
    let params: IsolationParams;
    try {
      params = resolveParams("isolation forest", ISOLATION_PARAMS, rawParams as Record<string, string | number | boolean>);
    } catch (error) {
      return fail(`params are invalid (${error instanceof Error ? error.message : String(error)})`);
    }
    const features = doc["features"];
    if (typeof features !== "number" || !Number.isInteger(features) || features < 1) return fail("features is not a positive whole number");
    const sampleSize = doc["sampleSize"];
    if (typeof sampleSize !== "number" || !Number.isInteger(sampleSize) || sampleSize < 1) return fail("sampleSize is not a positive whole number");
    const [threshold] = finiteNumbers([doc["threshold"]], "threshold", fail);
    const trees = doc["trees"];
    if (!Array.isArray(trees) || trees.length === 0) return fail("trees is not a non-empty array");
    const parsed = trees.map((t: unknown, i) => parseTree(t, features, "isolation-forest", `tree ${i}`));
    return new IsolationForest(params, features, sampleSize, threshold as number, parsed);
  }
}

/** One isolation tree on the rows `rows` of X (node values: depth + c(rows left)). */
function growIsolationTree(X: Matrix, rows: Int32Array, depthLimit: number, rng: Rng): Tree {
  const grown = new GrownTree();
  const depthOf: number[] = [];
  const F = X.columns.length;
  const order = Int32Array.from({ length: F }, (_, f) => f);
  const build = (start: number, end: number, depth: number): number => {
    const count = end - start;
    const node = grown.addLeaf(count, 0, count);
    depthOf[node] = depth;
    if (count <= 1 || depth >= depthLimit) return node;
    // features in random order until one can split these rows
    for (let k = 0; k < F; k++) {
      const j = k + rng.int(F - k);
      const f = order[j] as number;
      order[j] = order[k] as number;
      order[k] = f;
      const split = randomSplit(X, f, rows, start, end, rng);
      if (split === null) continue;
      let i = start;
      let e = end - 1;
      const column = X.columns[f] as Float64Array;
      while (i <= e) {
        const r = rows[i] as number;
        if (split.goesLeft(column[r] as number)) i++;
        else {
          rows[i] = rows[e] as number;
          rows[e] = r;
          e--;
        }
      }
      grown.feature[node] = f;
      grown.threshold[node] = split.threshold;
      grown.missingLeft[node] = split.missingLeft ? 1 : 0;
      grown.codes[node] = split.codes;
      grown.left[node] = build(start, i, depth + 1);
      grown.right[node] = build(i, end, depth + 1);
      return node;
    }
    return node;
  };
  build(0, rows.length, 0);
  return grown.toTree((_, count, node) => (depthOf[node] as number) + averagePathLength(count));
}

interface RandomSplit {
  readonly threshold: number;
  readonly missingLeft: boolean;
  readonly codes: Uint32Array | null;
  goesLeft(x: number): boolean;
}

function randomSplit(X: Matrix, f: number, rows: Int32Array, start: number, end: number, rng: Rng): RandomSplit | null {
  const column = X.columns[f] as Float64Array;
  const info = X.features[f];
  let missing = 0;
  if (info?.type === "categorical") {
    const present = new Set<number>();
    for (let k = start; k < end; k++) {
      const x = column[rows[k] as number] as number;
      if (x >= 0 && (x | 0) === x) present.add(x);
      else missing++;
    }
    const levels = [...present].sort((a, b) => a - b);
    if (levels.length + (missing > 0 ? 1 : 0) < 2) return null;
    // a random side for each level (and for missing values), not all on one side
    let left: Set<number>;
    let missingLeft: boolean;
    do {
      left = new Set(levels.filter(() => rng.next() < 0.5));
      missingLeft = rng.next() < 0.5;
    } while (isOneSided(left.size, levels.length, missing > 0, missingLeft));
    const codes = info.categories ?? (levels[levels.length - 1] as number) + 1;
    const words = new Uint32Array(Math.max(1, Math.ceil(codes / 32)));
    // codes absent from these rows (and unseen ones) follow missing values
    for (let c = 0; c < 32 * words.length; c++) {
      const goes = present.has(c) ? left.has(c) : missingLeft;
      if (goes) words[c >>> 5] = ((words[c >>> 5] as number) | (1 << (c & 31))) >>> 0;
    }
    const goesLeft = (x: number): boolean => (x >= 0 && (x | 0) === x && x < 32 * words.length ? (((words[x >>> 5] as number) >>> (x & 31)) & 1) === 1 : missingLeft);
    return { threshold: 0, missingLeft, codes: words, goesLeft };
  }
  let low = Infinity;
  let high = -Infinity;
  for (let k = start; k < end; k++) {
    const x = column[rows[k] as number] as number;
    if (x - x !== 0) {
      missing++;
      continue;
    }
    if (x < low) low = x;
    if (x > high) high = x;
  }
  if (high > low) {
    // uniform in [low, high): some value is above it, and low is not
    let threshold = low + rng.next() * (high - low);
    if (!(threshold < high)) threshold = low;
    const missingLeft = rng.next() < 0.5;
    return { threshold, missingLeft, codes: null, goesLeft: (x) => (x - x === 0 ? x <= threshold : missingLeft) };
  }
  if (missing > 0 && missing < end - start) {
    return { threshold: ALL_VALUES_LEFT, missingLeft: false, codes: null, goesLeft: (x) => x - x === 0 };
  }
  return null;
}

function isOneSided(leftLevels: number, levels: number, hasMissing: boolean, missingLeft: boolean): boolean {
  const leftCount = leftLevels + (hasMissing && missingLeft ? 1 : 0);
  const total = levels + (hasMissing ? 1 : 0);
  return leftCount === 0 || leftCount === total;
}

/** The q-quantile of sorted values (linear interpolation, as numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Infinity;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + (at - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}
