/**
 * Gradient / hessian / row-count histograms of one tree node over the binned features
 * (after LightGBM's `FeatureHistogram` and scikit-learn's `histogram.pyx`).
 *
 * One histogram is a Float64Array of `3 * totalBins` numbers: for bin b of feature f, entries
 * 3 * (offsets[f] + b) + {0, 1, 2} hold the sums of gradients, hessians and rows. Sums are
 * Float64 so that the parent-minus-child subtraction loses nothing that matters; counts are
 * exact integers in Float64. The loops that fill histograms are in row-blocks.ts.
 */

export const HIST_STRIDE = 3;

/** Offsets of each feature's first bin in a histogram, and the total number of bins. */
export function histogramOffsets(bins: Int32Array): { offsets: Int32Array; totalBins: number } {
  const offsets = new Int32Array(bins.length);
  let total = 0;
  for (let f = 0; f < bins.length; f++) {
    offsets[f] = total;
    total += bins[f] as number;
  }
  return { offsets, totalBins: total };
}

/**
 * Histograms for the nodes of the tree being grown. Slots are allocated on first use and
 * recycled, so growing a tree allocates nothing once the pool is warm.
 */
export class HistogramPool {
  readonly size: number;
  private readonly slots: Float64Array[] = [];
  private readonly free: number[] = [];

  constructor(totalBins: number) {
    this.size = totalBins * HIST_STRIDE;
  }

  acquire(): number {
    const slot = this.free.pop();
    if (slot !== undefined) return slot;
    this.slots.push(new Float64Array(this.size));
    return this.slots.length - 1;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  get(slot: number): Float64Array {
    return this.slots[slot] as Float64Array;
  }

  /** Marks every slot free (between trees). */
  reset(): void {
    this.free.length = 0;
    for (let s = this.slots.length - 1; s >= 0; s--) this.free.push(s);
  }
}

/** parent -= child over the active features: the sibling's histogram, in the parent's slot. */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  active: Int32Array,
  activeCount: number,
  offsets: Int32Array,
  bins: Int32Array,
): void {
  for (let a = 0; a < activeCount; a++) {
    const f = active[a] as number;
    const base = (offsets[f] as number) * HIST_STRIDE;
    const stop = base + (bins[f] as number) * HIST_STRIDE;
    for (let k = base; k < stop; k++) parent[k] = (parent[k] as number) - (child[k] as number);
  }
}

