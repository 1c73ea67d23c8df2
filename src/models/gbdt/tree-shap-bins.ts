/**
 * Model-wide bins per input feature, so that a row's routing at every split of every tree
 * follows from one small integer per feature (the fast TreeSHAP kernel never walks a tree).
 *
 * - numeric feature with sorted distinct split thresholds T_0 < … < T_{M−1} over all trees:
 *   a finite x falls in bin #{k : T_k < x} ∈ [0, M], so x <= T_k exactly when bin <= k;
 *   NaN and ±Infinity (routed as missing) fall in bin M + 1.
 * - categorical feature: code c (an integer 0 <= c < limit, limit = 32 × the widest bitset)
 *   falls in bin c + 1; anything else (missing, fractional, negative, too large: routed as
 *   missing by every split) in bin 0.
 * Every bin has a representative value that routes like all of its members, which is how the
 * plan evaluates splits (with Tree.goesLeft itself) without ever seeing a row.
 */
import type { Tree } from "./tree.js";

export const UNUSED = 0;
export const NUMERIC = 1;
export const CATEGORICAL = 2;

export interface FeatureBins {
  /** UNUSED, NUMERIC or CATEGORICAL per feature. */
  readonly kind: Uint8Array;
  /** Numeric feature f: its thresholds are thresholds[thresholdStart[f] .. thresholdStart[f + 1]). */
  readonly thresholdStart: Int32Array;
  readonly thresholds: Float64Array;
  /** Categorical feature: codes below this are bins of their own. */
  readonly codeLimit: Int32Array;
}

/**
 * Bins for the splits of `trees`. A feature split both ways (never the case for models trained
 * here) is binned as categorical; `conflicts(tree)` then tells which trees need the reference.
 */
export function featureBins(trees: readonly Tree[], features: number): FeatureBins {
  const kind = new Uint8Array(features);
  const codeLimit = new Int32Array(features);
  const cuts: Set<number>[] = Array.from({ length: features }, () => new Set<number>());
  for (const tree of trees) {
    for (let node = 0; node < tree.nodeCount; node++) {
      const f = tree.feature[node] as number;
      if (f < 0) continue;
      if (tree.categorical[node] === 1) {
        kind[f] = CATEGORICAL;
        codeLimit[f] = Math.max(codeLimit[f] as number, 32 * (tree.catWords[node] as number));
      } else {
        if (kind[f] === UNUSED) kind[f] = NUMERIC;
        (cuts[f] as Set<number>).add(tree.threshold[node] as number);
      }
    }
  }
  const thresholdStart = new Int32Array(features + 1);
  const sorted = cuts.map((set, f) => (kind[f] === NUMERIC ? Float64Array.from(set).sort() : new Float64Array(0)));
  for (let f = 0; f < features; f++) thresholdStart[f + 1] = (thresholdStart[f] as number) + (sorted[f] as Float64Array).length;
  const thresholds = new Float64Array(thresholdStart[features] as number);
  sorted.forEach((values, f) => thresholds.set(values, thresholdStart[f] as number));
  return { kind, thresholdStart, thresholds, codeLimit };
}

/** Whether `tree` splits a feature in a way its bins cannot express (numeric split on a categorical feature). */
export function conflictsWithBins(tree: Tree, bins: FeatureBins): boolean {
  for (let node = 0; node < tree.nodeCount; node++) {
    const f = tree.feature[node] as number;
    if (f >= 0 && tree.categorical[node] !== 1 && bins.kind[f] !== NUMERIC) return true;
  }
  return false;
}

/** How many bins feature f has (0 when unused). */
export function binCount(bins: FeatureBins, f: number): number {
  if (bins.kind[f] === NUMERIC) return (bins.thresholdStart[f + 1] as number) - (bins.thresholdStart[f] as number) + 2;
  if (bins.kind[f] === CATEGORICAL) return (bins.codeLimit[f] as number) + 1;
  return 0;
}

/** A value that falls in bin `bin` of feature f. */
export function binRepresentative(bins: FeatureBins, f: number, bin: number): number {
  if (bins.kind[f] === CATEGORICAL) return bin === 0 ? NaN : bin - 1;
  const start = bins.thresholdStart[f] as number;
  const m = (bins.thresholdStart[f + 1] as number) - start;
  if (bin < m) return bins.thresholds[start + bin] as number;
  // thresholds are finite, so the largest double lies above them all
  if (bin === m) return Number.MAX_VALUE;
  return NaN;
}

/** out[f·stride + i] = bin of feature f for row start + i, i < count, for every used feature. */
export function binRows(bins: FeatureBins, columns: readonly Float64Array[], start: number, count: number, out: Int32Array, stride: number): void {
  const thresholds = bins.thresholds;
  for (let f = 0; f < bins.kind.length; f++) {
    const kind = bins.kind[f];
    if (kind === UNUSED) continue;
    const column = columns[f] as Float64Array;
    const o = f * stride;
    if (kind === CATEGORICAL) {
      const limit = bins.codeLimit[f] as number;
      for (let i = 0; i < count; i++) {
        const x = column[start + i] as number;
        out[o + i] = x >= 0 && x < limit && (x | 0) === x ? x + 1 : 0;
      }
      continue;
    }
    const lo0 = bins.thresholdStart[f] as number;
    const hi0 = bins.thresholdStart[f + 1] as number;
    const missing = hi0 - lo0 + 1;
    for (let i = 0; i < count; i++) {
      const x = column[start + i] as number;
      if (x - x !== 0) {
        out[o + i] = missing;
        continue;
      }
      // number of thresholds below x, by bisection
      let lo = lo0;
      let hi = hi0;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((thresholds[mid] as number) < x) lo = mid + 1;
        else hi = mid;
      }
      out[o + i] = lo - lo0;
    }
  }
}
