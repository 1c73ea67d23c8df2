/**
 * Grows one CART classification tree (Breiman et al. 1984) depth-first on binned features
 * (gbdt/bin-mapper.ts: ≤ 255 quantile bins per numeric feature, one bin per category code,
 * the last bin for missing values). Shared by the decision tree, the random forest and its
 * worker threads.
 *
 * At each node, every candidate feature gets a histogram of (positive weight, negative
 * weight, rows) per bin, and every split of it is scored by impurity decrease (impurity.ts):
 * - numeric: bins ≤ b go left; missing rows are tried on both sides, and when the node has
 *   none they later go to the heavier child. The threshold is the bin edge in the middle of
 *   the gap between the two present bins it separates (scikit-learn's midpoint, on edges).
 *   "Every value left, missing right" is a split too.
 * - categorical: levels sorted by positive rate, then every prefix goes left: for two
 *   classes this finds the best of all 2^(k−1) partitions (Breiman's theorem). Levels absent
 *   from the node, and unseen codes, go where missing values go.
 * A split must leave `minLeafRows` distinct rows on each side. Ties keep the first split
 * found, so growth is deterministic. With `maxFeatures` below the number of features, each
 * node draws features at random (seeded) until that many non-constant ones were tried, as
 * scikit-learn's random forests do.
 */
import { LeadscoreError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import { GrownTree } from "./grown-tree.js";
import { impurityCost, type ImpurityCost } from "./impurity.js";

/** The binned training data: what BinMapper.fit/transform produce, as plain arrays. */
export interface BinnedData {
  readonly rows: number;
  /** binned[f][r]: the bin of feature f for row r. */
  readonly binned: readonly Uint8Array[];
  /** Bins per feature, the missing bin (the last) included. */
  readonly bins: Int32Array;
  readonly categorical: Uint8Array;
  /** Numeric features: the upper edge of each value bin but the last. */
  readonly thresholds: readonly Float64Array[];
  /** Categorical features: code → bin (the missing bin for codes unseen in training). */
  readonly codeBins: readonly Int32Array[];
  readonly y: Uint8Array;
}

export interface CartOptions {
  readonly entropy: boolean;
  /** 0: no limit. */
  readonly maxDepth: number;
  readonly minLeafRows: number;
  readonly minSplitRows: number;
  /** Non-constant features tried per node (all of them when ≥ the number of features). */
  readonly maxFeatures: number;
  /**
   * Which of two equally good splits on different features wins: the lower rank (e.g. the
   * rank of the feature's name), so the tree does not depend on the order of the features.
   * Without it, the first feature tried wins.
   */
  readonly tieRank?: Int32Array;
}

/** A threshold no finite value exceeds: "every value left, missing right". */
export const ALL_VALUES_LEFT = Number.MAX_VALUE;

const MAX_BINS = 256;

export class CartBuilder {
  private readonly data: BinnedData;
  private readonly options: CartOptions;
  private readonly cost: ImpurityCost;
  /** Features with more than one bin in use over all rows. */
  private readonly eligible: Int32Array;
  private readonly order: Int32Array;
  private readonly idx: Int32Array;
  private readonly wp: Float64Array;
  private readonly wn: Float64Array;
  private readonly hp = new Float64Array(MAX_BINS);
  private readonly hn = new Float64Array(MAX_BINS);
  private readonly hc = new Int32Array(MAX_BINS);
  private readonly sorted = new Int32Array(MAX_BINS);
  private readonly rate = new Float64Array(MAX_BINS);
  private readonly direction = new Uint8Array(MAX_BINS);
  // the best split of the node being searched
  private bestGain = -1;
  private bestFeature = -1;
  private bestCategorical = false;
  private bestEdge = -1;
  private bestMissingLeft = -1;
  /** Weight of the best split's left side (with missing rows when they go left). */
  private bestLeftWeight = 0;
  private bestLevels = 0;
  /** Levels present in the node (the first bestLevels of bestSorted go left, the rest right). */
  private bestPresent = 0;
  private present = 0;
  private readonly bestSorted = new Int32Array(MAX_BINS);
  private rng: Rng | null = null;
  private readonly tieRank: Int32Array;
  private tree: GrownTree = new GrownTree();

  constructor(data: BinnedData, options: CartOptions) {
    this.data = data;
    this.options = options;
    this.cost = impurityCost(options.entropy);
    this.tieRank = options.tieRank ?? Int32Array.from(data.bins.keys());
    for (const b of data.bins) {
      if (b > MAX_BINS) throw new LeadscoreError("internal", `A binned feature has ${b} bins; trees take at most ${MAX_BINS}.`);
    }
    this.eligible = Int32Array.from(eligibleFeatures(data));
    this.order = new Int32Array(this.eligible.length);
    this.idx = new Int32Array(data.rows);
    this.wp = new Float64Array(data.rows);
    this.wn = new Float64Array(data.rows);
  }

  /**
   * Grows a tree on the rows with weight above 0 (a bootstrap sample gives its counts as
   * weights). `rng` draws the features of each node when maxFeatures < features.
   */
  grow(weights: Float64Array, rng: Rng | null): GrownTree {
    const { y, rows } = this.data;
    let n = 0;
    let p = 0;
    let w = 0;
    for (let r = 0; r < rows; r++) {
      const wr = weights[r] as number;
      if (wr > 0) {
        this.idx[n++] = r;
        const positive = y[r] === 1 ? wr : 0;
        this.wp[r] = positive;
        this.wn[r] = wr - positive;
        p += positive;
        w += wr;
      }
    }
    this.rng = rng;
    this.tree = new GrownTree();
    this.build(0, n, p, w - p, 0);
    const tree = this.tree;
    this.tree = new GrownTree();
    this.rng = null;
    return tree;
  }

  /** Builds the subtree of rows idx[start..end) (class weights P, N) and returns its root. */
  private build(start: number, end: number, P: number, N: number, depth: number): number {
    const count = end - start;
    const node = this.tree.addLeaf(P + N, P, count);
    const o = this.options;
    if ((o.maxDepth > 0 && depth >= o.maxDepth) || count < o.minSplitRows || count < 2 * o.minLeafRows || P <= 0 || N <= 0) {
      return node;
    }
    if (!this.findSplit(start, end, P, N)) return node;
    const f = this.bestFeature;
    const bins = this.data.bins[f] as number;
    const missing = bins - 1;
    const direction = this.direction;
    let missingLeft = this.bestMissingLeft;
    // the node's rows decide the side of each bin; bins absent from the node follow missing values
    direction.fill(2, 0, bins);
    if (this.bestCategorical) {
      for (let k = 0; k < this.bestPresent; k++) direction[this.bestSorted[k] as number] = k < this.bestLevels ? 1 : 0;
    } else {
      for (let b = 0; b <= this.bestEdge && b < missing; b++) direction[b] = 1;
      for (let b = this.bestEdge + 1; b < missing; b++) direction[b] = 0;
    }
    // partition in place: left rows to the front
    const idx = this.idx;
    const column = this.data.binned[f] as Uint8Array;
    let lp = 0;
    let lw = 0;
    let i = start;
    let j = end - 1;
    // no missing rows here: missing values will join the heavier side
    if (missingLeft < 0) missingLeft = this.bestLeftWeight >= P + N - this.bestLeftWeight ? 1 : 0;
    for (let b = 0; b < bins; b++) if (direction[b] === 2) direction[b] = missingLeft;
    while (i <= j) {
      const r = idx[i] as number;
      if (direction[column[r] as number] === 1) {
        lp += this.wp[r] as number;
        lw += (this.wp[r] as number) + (this.wn[r] as number);
        i++;
      } else {
        idx[i] = idx[j] as number;
        idx[j] = r;
        j--;
      }
    }
    const tree = this.tree;
    tree.feature[node] = f;
    tree.gain[node] = Math.max(0, this.bestGain);
    tree.missingLeft[node] = missingLeft;
    if (this.bestCategorical) {
      tree.codes[node] = codeBits(this.data.codeBins[f] as Int32Array, direction, missingLeft);
    } else {
      const edges = this.data.thresholds[f] as Float64Array;
      tree.threshold[node] = this.bestEdge < edges.length ? (edges[this.bestEdge] as number) : ALL_VALUES_LEFT;
    }
    const ln = lw - lp;
    const left = this.build(start, i, lp, ln, depth + 1);
    const right = this.build(i, end, P - lp, N - ln, depth + 1);
    tree.left[node] = left;
    tree.right[node] = right;
    // sums of the children, so covers add up exactly (TreeSHAP relies on it)
    tree.weight[node] = (tree.weight[left] as number) + (tree.weight[right] as number);
    tree.positive[node] = (tree.positive[left] as number) + (tree.positive[right] as number);
    return node;
  }

  /** Searches the node's candidate features; true when a valid split was found. */
  private findSplit(start: number, end: number, P: number, N: number): boolean {
    this.bestGain = -Infinity;
    this.bestFeature = -1;
    const parentCost = this.cost(P, N);
    const F = this.eligible.length;
    const order = this.order;
    order.set(this.eligible);
    const limit = this.rng === null ? F : Math.min(F, this.options.maxFeatures);
    let tried = 0;
    for (let k = 0; k < F && tried < limit; k++) {
      if (this.rng !== null) {
        const j = k + this.rng.int(F - k);
        const t = order[k] as number;
        order[k] = order[j] as number;
        order[j] = t;
      }
      const f = order[k] as number;
      const varied =
        this.data.categorical[f] === 1 ? this.searchCategorical(f, start, end, P, N, parentCost) : this.searchNumeric(f, start, end, P, N, parentCost);
      if (varied) tried++;
    }
    return this.bestFeature >= 0;
  }

  /** Fills the histograms of feature f over the node's rows; returns the number of bins. */
  private histogram(f: number, start: number, end: number): number {
    const bins = this.data.bins[f] as number;
    const hp = this.hp;
    const hn = this.hn;
    const hc = this.hc;
    hp.fill(0, 0, bins);
    hn.fill(0, 0, bins);
    hc.fill(0, 0, bins);
    const column = this.data.binned[f] as Uint8Array;
    const idx = this.idx;
    const wp = this.wp;
    const wn = this.wn;
    for (let k = start; k < end; k++) {
      const r = idx[k] as number;
      const b = column[r] as number;
      hp[b] = (hp[b] as number) + (wp[r] as number);
      hn[b] = (hn[b] as number) + (wn[r] as number);
      hc[b] = (hc[b] as number) + 1;
    }
    return bins;
  }

  /**
   * Scores a split whose non-missing left side is (lp, ln, lc) and offers it (with missing
   * values on each side when there are some). Returns nothing; updates the best split.
   */
  private offer(
    f: number,
    categorical: boolean,
    edgeOrLevels: number,
    lp: number,
    ln: number,
    lc: number,
    vp: number,
    vn: number,
    vc: number,
    mp: number,
    mn: number,
    mc: number,
    parentCost: number,
    missingRightOnly: boolean,
  ): void {
    const minLeaf = this.options.minLeafRows;
    const rp = vp - lp;
    const rn = vn - ln;
    const rc = vc - lc;
    const cost = this.cost;
    if (mc === 0) {
      if (lc < minLeaf || rc < minLeaf) return;
      const gain = parentCost - cost(lp, ln) - cost(rp, rn);
      if (this.better(gain, f)) this.record(f, categorical, edgeOrLevels, -1, gain, lp + ln);
      return;
    }
    if (!missingRightOnly && lc + mc >= minLeaf && rc >= minLeaf) {
      const gain = parentCost - cost(lp + mp, ln + mn) - cost(rp, rn);
      if (this.better(gain, f)) this.record(f, categorical, edgeOrLevels, 1, gain, lp + ln + mp + mn);
    }
    if (lc >= minLeaf && rc + mc >= minLeaf) {
      const gain = parentCost - cost(lp, ln) - cost(rp + mp, rn + mn);
      if (this.better(gain, f)) this.record(f, categorical, edgeOrLevels, 0, gain, lp + ln);
    }
  }

  private better(gain: number, f: number): boolean {
    return gain > this.bestGain || (gain === this.bestGain && f !== this.bestFeature && (this.tieRank[f] as number) < (this.tieRank[this.bestFeature] as number));
  }

  private record(f: number, categorical: boolean, edgeOrLevels: number, missingLeft: number, gain: number, leftWeight: number): void {
    this.bestGain = gain;
    this.bestLeftWeight = leftWeight;
    this.bestFeature = f;
    this.bestCategorical = categorical;
    this.bestMissingLeft = missingLeft;
    if (categorical) {
      this.bestLevels = edgeOrLevels;
      this.bestPresent = this.present;
      this.bestSorted.set(this.sorted.subarray(0, this.present));
    } else {
      this.bestEdge = edgeOrLevels;
    }
  }

  private searchNumeric(f: number, start: number, end: number, P: number, N: number, parentCost: number): boolean {
    const bins = this.histogram(f, start, end);
    const missing = bins - 1;
    const hp = this.hp;
    const hn = this.hn;
    const hc = this.hc;
    const mp = hp[missing] as number;
    const mn = hn[missing] as number;
    const mc = hc[missing] as number;
    const vp = P - mp;
    const vn = N - mn;
    const vc = end - start - mc;
    let lp = 0;
    let ln = 0;
    let lc = 0;
    let previous = -1;
    let present = 0;
    for (let b = 0; b < missing; b++) {
      if (hc[b] === 0) continue;
      present++;
      if (previous >= 0) {
        // the edge in the middle of the empty bins between previous and b
        const edge = previous + ((b - 1 - previous) >> 1);
        this.offer(f, false, edge, lp, ln, lc, vp, vn, vc, mp, mn, mc, parentCost, false);
      }
      lp += hp[b] as number;
      ln += hn[b] as number;
      lc += hc[b] as number;
      previous = b;
    }
    if (mc > 0 && present > 0) {
      this.offer(f, false, missing - 1, vp, vn, vc, vp, vn, vc, mp, mn, mc, parentCost, true);
    }
    return present + (mc > 0 ? 1 : 0) >= 2;
  }

  private searchCategorical(f: number, start: number, end: number, P: number, N: number, parentCost: number): boolean {
    const bins = this.histogram(f, start, end);
    const missing = bins - 1;
    const hp = this.hp;
    const hn = this.hn;
    const hc = this.hc;
    const sorted = this.sorted;
    const rate = this.rate;
    let levels = 0;
    for (let b = 0; b < missing; b++) {
      if (hc[b] === 0) continue;
      sorted[levels++] = b;
      const w = (hp[b] as number) + (hn[b] as number);
      rate[b] = w > 0 ? (hp[b] as number) / w : 0;
    }
    const mp = hp[missing] as number;
    const mn = hn[missing] as number;
    const mc = hc[missing] as number;
    if (levels + (mc > 0 ? 1 : 0) < 2) return false;
    // insertion sort by positive rate, ties by bin: short lists, and stable
    for (let a = 1; a < levels; a++) {
      const b = sorted[a] as number;
      const rb = rate[b] as number;
      let k = a - 1;
      while (k >= 0 && (rate[sorted[k] as number] as number) > rb) {
        sorted[k + 1] = sorted[k] as number;
        k--;
      }
      sorted[k + 1] = b;
    }
    const vp = P - mp;
    const vn = N - mn;
    const vc = end - start - mc;
    this.present = levels;
    let lp = 0;
    let ln = 0;
    let lc = 0;
    for (let k = 0; k < levels; k++) {
      const b = sorted[k] as number;
      lp += hp[b] as number;
      ln += hn[b] as number;
      lc += hc[b] as number;
      if (k + 1 < levels) this.offer(f, true, k + 1, lp, ln, lc, vp, vn, vc, mp, mn, mc, parentCost, false);
    }
    if (mc > 0) this.offer(f, true, levels, vp, vn, vc, vp, vn, vc, mp, mn, mc, parentCost, true);
    return true;
  }
}

/** Features whose bins are not all the same over the rows. */
function eligibleFeatures(data: BinnedData): number[] {
  const out: number[] = [];
  data.binned.forEach((column, f) => {
    const first = column[0];
    for (let r = 1; r < data.rows; r++) {
      if (column[r] !== first) {
        out.push(f);
        return;
      }
    }
  });
  return out;
}

/**
 * The bitset of category codes whose bin goes left (direction 1); codes past the known ones
 * (up to the end of the last word) go where missing values go, as in the Tree format.
 */
function codeBits(codeBins: Int32Array, direction: Uint8Array, missingLeft: number): Uint32Array {
  const words = new Uint32Array(Math.max(1, Math.ceil(codeBins.length / 32)));
  for (let c = 0; c < 32 * words.length; c++) {
    const left = c < codeBins.length ? direction[codeBins[c] as number] === 1 : missingLeft === 1;
    if (left) words[c >>> 5] = ((words[c >>> 5] as number) | (1 << (c & 31))) >>> 0;
  }
  return words;
}
