/**
 * The best split of a node, from its histogram (after LightGBM's `FeatureHistogram::
 * FindBestThreshold*` and scikit-learn's `splitting.pyx`, re-derived here).
 *
 * Gain of splitting a node with sums (G, H) into (G_L, H_L) and (G_R, H_R), from the
 * second-order expansion of the loss (Chen & Guestrin 2016, eq. 7, without the ½ — the same
 * scale as LightGBM's and scikit-learn's gains):
 *   G_L² / (H_L + l2) + G_R² / (H_R + l2) − G² / (H + l2).
 *
 * - numeric features: ordered scan of the value bins, once with the missing bin on the right
 *   and once on the left, so missing values go where the data says; a node without missing
 *   values sends them to the child with more rows.
 * - categorical features: bins with at least CAT_MIN_ROWS rows (the missing bin counts as
 *   one more category) are sorted by G / (H + CAT_SMOOTH) and every prefix, from both ends,
 *   is tried as the left set (Fisher 1958, as used by LightGBM). Rarer categories go right.
 *
 * A split is described by `leftBins`: for each bin of the feature (missing bin included),
 * 1 when its rows go left. Numeric and categorical splits share that form in the grower.
 *
 * Monotone constraints (LightGBM's "basic" method): a node may carry bounds [lo, hi] on its
 * output (before the learning rate). With constraints, each child's output is clamped to the
 * bounds, the gain is computed for those clamped outputs, and on a feature constrained to
 * rise (+1) a split whose left (lower) output exceeds its right one is refused (-1: the
 * reverse). The grower then bounds the children's subtrees by the midpoint of their outputs,
 * so every leaf left of the split stays below every leaf right of it.
 */
import { HIST_STRIDE } from "./histogram.js";

/** Categories with fewer rows in a node take no part in the sort (LightGBM's min_data_per_group). */
export const CAT_MIN_ROWS = 10;
/** Added to the hessian when ordering categories, so tiny categories do not sort to the ends. */
export const CAT_SMOOTH = 10;
/** Children need at least this hessian (scikit-learn's min_hessian_to_split). */
export const MIN_CHILD_HESSIAN = 1e-3;
/** One more than the largest bin index. */
export const MAX_BINS_PER_FEATURE = 256;

export interface SplitConstraints {
  readonly l2: number;
  readonly minLeafRows: number;
  readonly minGainToSplit: number;
  /** Per feature: +1 (output may only rise with the value), -1 (only fall), 0; null when none is constrained. */
  readonly monotone?: Int8Array | null;
}

/** The output of a leaf with sums (grad, hess), clamped to [lo, hi]. */
export function boundedOutput(grad: number, hess: number, l2: number, lo: number, hi: number): number {
  const v = -grad / (hess + l2);
  return v < lo ? lo : v > hi ? hi : v;
}

/** Loss reduction of a leaf with sums (grad, hess) and output v: −(2·grad·v + (hess + l2)·v²). */
function gainGivenOutput(grad: number, hess: number, l2: number, v: number): number {
  return -(2 * grad * v + (hess + l2) * v * v);
}

/** A node's best split, reused across nodes (no allocation per node). */
export class SplitCandidate {
  gain = 0;
  feature = -1;
  leftGrad = 0;
  leftHess = 0;
  leftRows = 0;
  /** Numeric splits: the last value bin going left (else -1). */
  thresholdBin = -1;
  readonly leftBins = new Uint8Array(MAX_BINS_PER_FEATURE);
}

export class SplitFinder {
  private readonly bins: Int32Array;
  private readonly categorical: Uint8Array;
  private readonly offsets: Int32Array;
  private readonly l2: number;
  private readonly minRows: number;
  private readonly minGain: number;
  private readonly monotone: Int8Array | null;
  // bounds of the node being searched (only used with monotone constraints)
  private lo = Number.NEGATIVE_INFINITY;
  private hi = Number.POSITIVE_INFINITY;
  // scratch for categorical scans
  private readonly order = new Int32Array(MAX_BINS_PER_FEATURE);
  private readonly ratio = new Float64Array(MAX_BINS_PER_FEATURE);
  private readonly bestOrder = new Int32Array(MAX_BINS_PER_FEATURE);

  constructor(bins: Int32Array, categorical: Uint8Array, offsets: Int32Array, constraints: SplitConstraints) {
    this.bins = bins;
    this.categorical = categorical;
    this.offsets = offsets;
    this.l2 = constraints.l2;
    this.minRows = constraints.minLeafRows;
    this.minGain = constraints.minGainToSplit;
    this.monotone = constraints.monotone ?? null;
  }

  /** Whether any feature is constrained (then node bounds matter). */
  get constrained(): boolean {
    return this.monotone !== null;
  }

  /** Leaf objective term G² / (H + l2). */
  private score(grad: number, hess: number): number {
    return (grad * grad) / (hess + this.l2);
  }

  /** Gain of children (gl, hl) and the rest of (sumGrad, sumHess), or -Infinity when the constraint on `mono` forbids it. */
  private boundedGain(gl: number, hl: number, sumGrad: number, hr: number, parentScore: number, mono: number): number {
    const l2 = this.l2;
    const gr = sumGrad - gl;
    const left = boundedOutput(gl, hl, l2, this.lo, this.hi);
    const right = boundedOutput(gr, hr, l2, this.lo, this.hi);
    if ((mono > 0 && left > right) || (mono < 0 && left < right)) return Number.NEGATIVE_INFINITY;
    return gainGivenOutput(gl, hl, l2, left) + gainGivenOutput(gr, hr, l2, right) - parentScore;
  }

  /**
   * Writes the best split over the active features into `out`; false when no split has gain
   * above minGainToSplit under the row and hessian limits. Ties keep the earlier feature.
   * `lo`/`hi` bound the node's output (monotone constraints only).
   */
  find(
    hist: Float64Array,
    active: Int32Array,
    activeCount: number,
    sumGrad: number,
    sumHess: number,
    rows: number,
    out: SplitCandidate,
    lo = Number.NEGATIVE_INFINITY,
    hi = Number.POSITIVE_INFINITY,
  ): boolean {
    this.lo = lo;
    this.hi = hi;
    const parentScore =
      this.monotone === null
        ? this.score(sumGrad, sumHess)
        : gainGivenOutput(sumGrad, sumHess, this.l2, boundedOutput(sumGrad, sumHess, this.l2, lo, hi));
    out.gain = this.minGain;
    out.feature = -1;
    // what describes the best split until it is written into out.leftBins
    let bestMissingLeft = false;
    let bestCatLength = 0;
    for (let a = 0; a < activeCount; a++) {
      const f = active[a] as number;
      if (this.categorical[f] === 1) {
        const length = this.scanCategorical(hist, f, sumGrad, sumHess, rows, parentScore, out);
        if (length > 0) bestCatLength = length;
      } else {
        const found = this.scanNumeric(hist, f, sumGrad, sumHess, rows, parentScore, out);
        if (found !== 0) bestMissingLeft = found > 0;
      }
    }
    if (out.feature < 0) return false;
    this.writeLeftBins(hist, out, bestMissingLeft, bestCatLength, rows);
    return true;
  }

  /** Returns +1 (best so far, missing left), -1 (best so far, missing right) or 0. */
  private scanNumeric(
    hist: Float64Array,
    f: number,
    sumGrad: number,
    sumHess: number,
    rows: number,
    parentScore: number,
    out: SplitCandidate,
  ): number {
    const base = (this.offsets[f] as number) * HIST_STRIDE;
    const valueBins = (this.bins[f] as number) - 1;
    const m = base + valueBins * HIST_STRIDE;
    const missingGrad = hist[m] as number;
    const missingHess = hist[m + 1] as number;
    const missingRows = hist[m + 2] as number;
    const minRows = this.minRows;
    const bounded = this.monotone !== null;
    const mono = bounded ? ((this.monotone as Int8Array)[f] as number) : 0;
    let result = 0;
    // pass 0: missing right; pass 1: missing left (only when the node has missing values)
    for (let pass = 0; pass < (missingRows > 0 ? 2 : 1); pass++) {
      let gl = pass === 1 ? missingGrad : 0;
      let hl = pass === 1 ? missingHess : 0;
      let cl = pass === 1 ? missingRows : 0;
      const lastT = pass === 0 && missingRows > 0 ? valueBins - 1 : valueBins - 2;
      for (let t = 0; t <= lastT; t++) {
        const k = base + t * HIST_STRIDE;
        gl += hist[k] as number;
        hl += hist[k + 1] as number;
        cl += hist[k + 2] as number;
        const cr = rows - cl;
        if (cr < minRows) break;
        if (cl < minRows || hl < MIN_CHILD_HESSIAN) continue;
        const hr = sumHess - hl;
        if (hr < MIN_CHILD_HESSIAN) continue;
        const gain = bounded
          ? this.boundedGain(gl, hl, sumGrad, hr, parentScore, mono)
          : this.score(gl, hl) + this.score(sumGrad - gl, hr) - parentScore;
        if (gain > out.gain) {
          out.gain = gain;
          out.feature = f;
          out.thresholdBin = t;
          out.leftGrad = gl;
          out.leftHess = hl;
          out.leftRows = cl;
          // without missing values here, they follow the larger child
          result = (missingRows > 0 ? pass === 1 : cl >= cr) ? 1 : -1;
        }
      }
    }
    return result;
  }

  /** Returns the left-set length when this feature holds the best split so far, else 0. */
  private scanCategorical(
    hist: Float64Array,
    f: number,
    sumGrad: number,
    sumHess: number,
    rows: number,
    parentScore: number,
    out: SplitCandidate,
  ): number {
    const base = (this.offsets[f] as number) * HIST_STRIDE;
    const nb = this.bins[f] as number;
    const order = this.order;
    const ratio = this.ratio;
    let used = 0;
    for (let b = 0; b < nb; b++) {
      const k = base + b * HIST_STRIDE;
      if ((hist[k + 2] as number) < CAT_MIN_ROWS) continue;
      // insertion sort by ratio, ties by bin: at most 256 entries
      const r = (hist[k] as number) / ((hist[k + 1] as number) + CAT_SMOOTH);
      let j = used++;
      while (j > 0 && (ratio[j - 1] as number) > r) {
        ratio[j] = ratio[j - 1] as number;
        order[j] = order[j - 1] as number;
        j--;
      }
      ratio[j] = r;
      order[j] = b;
    }
    if (used < 2 && used === nb) return 0;
    const minRows = this.minRows;
    const bounded = this.monotone !== null;
    let bestLength = 0;
    let bestReversed = false;
    for (let dir = 0; dir < 2; dir++) {
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let j = 0; j < used; j++) {
        const k = base + (order[dir === 0 ? j : used - 1 - j] as number) * HIST_STRIDE;
        gl += hist[k] as number;
        hl += hist[k + 1] as number;
        cl += hist[k + 2] as number;
        const cr = rows - cl;
        if (cr < minRows) break;
        if (cl < minRows || hl < MIN_CHILD_HESSIAN) continue;
        const hr = sumHess - hl;
        if (hr < MIN_CHILD_HESSIAN) continue;
        const gain = bounded
          ? this.boundedGain(gl, hl, sumGrad, hr, parentScore, 0)
          : this.score(gl, hl) + this.score(sumGrad - gl, hr) - parentScore;
        if (gain > out.gain) {
          out.gain = gain;
          out.feature = f;
          out.thresholdBin = -1;
          out.leftGrad = gl;
          out.leftHess = hl;
          out.leftRows = cl;
          bestLength = j + 1;
          bestReversed = dir === 1;
        }
      }
    }
    if (bestLength === 0) return 0;
    // keep the left set, in case a later feature does not beat it
    for (let j = 0; j < bestLength; j++) {
      this.bestOrder[j] = order[bestReversed ? used - 1 - j : j] as number;
    }
    return bestLength;
  }

  private writeLeftBins(
    hist: Float64Array,
    out: SplitCandidate,
    missingLeft: boolean,
    catLength: number,
    rows: number,
  ): void {
    const f = out.feature;
    const nb = this.bins[f] as number;
    const left = out.leftBins;
    left.fill(0);
    if (this.categorical[f] === 1) {
      for (let j = 0; j < catLength; j++) left[this.bestOrder[j] as number] = 1;
      const m = ((this.offsets[f] as number) + nb - 1) * HIST_STRIDE;
      // no missing rows in this node: they follow the larger child
      if ((hist[m + 2] as number) === 0) left[nb - 1] = out.leftRows >= rows - out.leftRows ? 1 : 0;
    } else {
      for (let b = 0; b <= out.thresholdBin; b++) left[b] = 1;
      left[nb - 1] = missingLeft ? 1 : 0;
    }
  }
}
