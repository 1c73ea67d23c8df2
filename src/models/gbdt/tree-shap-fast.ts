/**
 * Explains rows with a TreeShapPlan (tree-shap-plan.ts). Rows go through the model in blocks
 * of rows: each row's features become model-wide bins once (tree-shap-bins.ts); then for every
 * block of every tree, summing one look-up per key feature gives the row's key, and the table
 * entries at that key are added to the row's contributions, one per output feature. No tree is
 * walked, and each tree's tables stay in cache while a block of rows uses them.
 *
 * A row's contributions are always summed in the same order (tree by tree, block by block,
 * feature by feature), so they do not depend on how rows are grouped or split among threads.
 * Trees the plan leaves to the reference algorithm (tree-shap.ts) are explained row by row.
 */
import { Tree } from "./tree.js";
import { binRows } from "./tree-shap-bins.js";
import { TreeShapWorkspace } from "./tree-shap.js";
import { TREE_FAST, TREE_REFERENCE, type TreeShapPlan } from "./tree-shap-plan.js";

/** Rows per block: bins and sums of a block (rows × features × 12 bytes) stay in the L2 cache. */
function blockRows(features: number): number {
  return Math.max(64, Math.min(1024, Math.floor(65536 / Math.max(1, features))));
}

/** Working memory for one plan on one thread; reuse it across calls. */
export class TreeShapRunner {
  readonly plan: TreeShapPlan;
  private readonly rows: number;
  private readonly bins: Int32Array;
  private readonly keys: Int32Array;
  private readonly sums: Float64Array;
  private readonly referenceTrees: (Tree | null)[];
  private readonly workspace: TreeShapWorkspace | null;
  private readonly row: Float64Array;
  private readonly rowSums: Float64Array;

  constructor(plan: TreeShapPlan) {
    this.plan = plan;
    const F = plan.features;
    this.rows = blockRows(F);
    this.bins = new Int32Array(F * this.rows);
    this.keys = new Int32Array(this.rows);
    this.sums = new Float64Array(F * this.rows);
    this.referenceTrees = Array.from({ length: plan.trees }, (_, t) => (plan.treeMode[t] === TREE_REFERENCE ? referenceTree(plan, t) : null));
    const anyReference = this.referenceTrees.some((tree) => tree !== null);
    this.workspace = anyReference ? new TreeShapWorkspace(plan.referenceDepth, F) : null;
    this.row = new Float64Array(F);
    this.rowSums = new Float64Array(F);
  }

  /**
   * out[r·F + f] = contribution of feature f to row r (F = plan.features), for the rows
   * start..end−1 of the feature columns.
   */
  explainRows(columns: readonly Float64Array[], start: number, end: number, out: Float64Array): void {
    const F = this.plan.features;
    const sums = this.sums;
    for (let first = start; first < end; first += this.rows) {
      const count = Math.min(this.rows, end - first);
      binRows(this.plan, columns, first, count, this.bins, this.rows);
      sums.fill(0);
      for (let t = 0; t < this.plan.trees; t++) {
        const mode = this.plan.treeMode[t];
        if (mode === TREE_FAST) this.fastTree(t, count);
        else if (mode === TREE_REFERENCE) this.referenceTree(t, columns, first, count);
      }
      const rows = this.rows;
      for (let i = 0; i < count; i++) {
        const o = (first + i) * F;
        for (let f = 0; f < F; f++) out[o + f] = sums[f * rows + i] as number;
      }
    }
  }

  /** Adds tree t's contributions for the first `count` rows of the current block. */
  private fastTree(t: number, count: number): void {
    const plan = this.plan;
    const rows = this.rows;
    const bins = this.bins;
    const keys = this.keys;
    const sums = this.sums;
    const keyFeature = plan.keyFeature;
    const keyLookupStart = plan.keyLookupStart;
    const keyLookup = plan.keyLookup;
    const outFeature = plan.outFeature;
    const table = plan.table;
    const lastBlock = plan.treeBlockStart[t + 1] as number;
    for (let b = plan.treeBlockStart[t] as number; b < lastBlock; b++) {
      // the key: the table offset plus one look-up per key feature (two per pass over the rows)
      const base = plan.blockTable[b] as number;
      const lastKey = plan.blockKeyStart[b + 1] as number;
      let q = plan.blockKeyStart[b] as number;
      if (q === lastKey) {
        for (let i = 0; i < count; i++) keys[i] = base;
      } else {
        const lookup = keyLookupStart[q] as number;
        const binAt = (keyFeature[q] as number) * rows;
        for (let i = 0; i < count; i++) keys[i] = base + (keyLookup[lookup + (bins[binAt + i] as number)] as number);
        q++;
      }
      for (; q + 1 < lastKey; q += 2) {
        const lookup1 = keyLookupStart[q] as number;
        const binAt1 = (keyFeature[q] as number) * rows;
        const lookup2 = keyLookupStart[q + 1] as number;
        const binAt2 = (keyFeature[q + 1] as number) * rows;
        for (let i = 0; i < count; i++) {
          keys[i] =
            (keys[i] as number) +
            (keyLookup[lookup1 + (bins[binAt1 + i] as number)] as number) +
            (keyLookup[lookup2 + (bins[binAt2 + i] as number)] as number);
        }
      }
      if (q < lastKey) {
        const lookup = keyLookupStart[q] as number;
        const binAt = (keyFeature[q] as number) * rows;
        for (let i = 0; i < count; i++) keys[i] = (keys[i] as number) + (keyLookup[lookup + (bins[binAt + i] as number)] as number);
      }
      // the entries at the key, one per output feature (two per pass over the rows)
      const width = plan.blockWidth[b] as number;
      const outAt = plan.blockOutStart[b] as number;
      let p = 0;
      for (; p + 3 < width; p += 4) {
        const sumAt1 = (outFeature[outAt + p] as number) * rows;
        const sumAt2 = (outFeature[outAt + p + 1] as number) * rows;
        const sumAt3 = (outFeature[outAt + p + 2] as number) * rows;
        const sumAt4 = (outFeature[outAt + p + 3] as number) * rows;
        for (let i = 0; i < count; i++) {
          const entry = (keys[i] as number) + p;
          sums[sumAt1 + i] = (sums[sumAt1 + i] as number) + (table[entry] as number);
          sums[sumAt2 + i] = (sums[sumAt2 + i] as number) + (table[entry + 1] as number);
          sums[sumAt3 + i] = (sums[sumAt3 + i] as number) + (table[entry + 2] as number);
          sums[sumAt4 + i] = (sums[sumAt4 + i] as number) + (table[entry + 3] as number);
        }
      }
      for (; p + 1 < width; p += 2) {
        const sumAt1 = (outFeature[outAt + p] as number) * rows;
        const sumAt2 = (outFeature[outAt + p + 1] as number) * rows;
        for (let i = 0; i < count; i++) {
          const entry = (keys[i] as number) + p;
          sums[sumAt1 + i] = (sums[sumAt1 + i] as number) + (table[entry] as number);
          sums[sumAt2 + i] = (sums[sumAt2 + i] as number) + (table[entry + 1] as number);
        }
      }
      if (p < width) {
        const sumAt = (outFeature[outAt + p] as number) * rows;
        for (let i = 0; i < count; i++) sums[sumAt + i] = (sums[sumAt + i] as number) + (table[(keys[i] as number) + p] as number);
      }
    }
  }

  /** Adds tree t's contributions by the reference algorithm, row by row. */
  private referenceTree(t: number, columns: readonly Float64Array[], first: number, count: number): void {
    const F = this.plan.features;
    const tree = this.referenceTrees[t] as Tree;
    const workspace = this.workspace as TreeShapWorkspace;
    const row = this.row;
    const rowSums = this.rowSums;
    for (let i = 0; i < count; i++) {
      for (let f = 0; f < F; f++) row[f] = (columns[f] as Float64Array)[first + i] as number;
      rowSums.fill(0);
      workspace.explainRow(tree, row, 0, rowSums, 0);
      for (let f = 0; f < F; f++) {
        const at = f * this.rows + i;
        this.sums[at] = (this.sums[at] as number) + (rowSums[f] as number);
      }
    }
  }
}

/** Tree t of the plan's reference trees as a Tree (views on the plan's arrays). */
function referenceTree(plan: TreeShapPlan, t: number): Tree {
  const r = plan.reference;
  const a = r.nodeStart[t] as number;
  const b = r.nodeStart[t + 1] as number;
  return new Tree({
    feature: r.feature.subarray(a, b),
    threshold: r.threshold.subarray(a, b),
    missingLeft: r.missingLeft.subarray(a, b),
    categorical: r.categorical.subarray(a, b),
    // offsets into the concatenated bitsets route exactly as the tree's own
    catOffset: r.catOffset.subarray(a, b),
    catWords: r.catWords.subarray(a, b),
    catBits: r.catBits,
    left: r.left.subarray(a, b),
    right: r.right.subarray(a, b),
    value: r.value.subarray(a, b),
    cover: r.cover.subarray(a, b),
    gain: new Float64Array(b - a),
  });
}
