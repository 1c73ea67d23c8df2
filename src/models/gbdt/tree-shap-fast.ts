/**
 * Explains rows with a TreeShapPlan (tree-shap-plan.ts). Rows go through the model in batches:
 * each row's features become model-wide bins once (tree-shap-bins.ts); then for every block of
 * every tree, summing one look-up per key feature gives the row's key, and the table entries at
 * that key are added to the row's contributions, one per output feature (the WebAssembly kernel
 * of tree-shap-kernel.ts). No tree is walked, and each tree's tables stay in cache while a batch
 * of rows uses them.
 *
 * A row's contributions are always summed in the same order (tree by tree, block by block,
 * feature by feature), so they do not depend on how rows are batched or split among threads.
 * Trees the plan leaves to the reference algorithm (tree-shap.ts) are explained row by row.
 */
import { Tree } from "./tree.js";
import { binRows } from "./tree-shap-bins.js";
import { type KernelBlocks, kernelOver } from "./tree-shap-kernel.js";
import { TreeShapWorkspace } from "./tree-shap.js";
import { TREE_FAST, TREE_REFERENCE, type TreeShapPlan, slotCount } from "./tree-shap-plan.js";

/** One thread's use of a plan, through its own slot of the plan's memory. */
export class TreeShapRunner {
  readonly plan: TreeShapPlan;
  private readonly kernel: KernelBlocks;
  private readonly binsAt: number;
  private readonly referenceTrees: (Tree | null)[];
  private readonly workspace: TreeShapWorkspace | null;
  private readonly row: Float64Array;
  private readonly rowSums: Float64Array;

  /** `slot`: which of the plan's slots this thread uses (0 ≤ slot < slotCount(plan)). */
  constructor(plan: TreeShapPlan, slot = 0) {
    if (!(slot >= 0 && slot < slotCount(plan))) throw new RangeError(`The plan has no slot ${slot}.`);
    this.plan = plan;
    // instantiating the small compiled module is cheap, so each runner has its own instance
    this.kernel = kernelOver(plan.memory);
    this.binsAt = plan.slotAt + slot * plan.slotBytes;
    const F = plan.features;
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
    const plan = this.plan;
    const F = plan.features;
    const rows = plan.rows;
    // views made now: the memory may have grown since this runner was made
    const buffer = plan.memory.buffer;
    const bins = new Int32Array(buffer, this.binsAt, F * rows);
    const sums = new Float64Array(buffer, this.binsAt + plan.sumsOffset, F * rows);
    const keysAt = this.binsAt + plan.keysOffset;
    const sumsAt = this.binsAt + plan.sumsOffset;
    for (let first = start; first < end; first += rows) {
      const count = Math.min(rows, end - first);
      binRows(plan, columns, first, count, bins, rows);
      sums.fill(0);
      // consecutive fast trees have consecutive blocks: one kernel call for each run of them
      let t = 0;
      while (t < plan.trees) {
        const mode = plan.treeMode[t];
        if (mode === TREE_FAST) {
          let last = t + 1;
          while (last < plan.trees && plan.treeMode[last] !== TREE_REFERENCE) last++;
          const firstBlock = plan.treeBlockStart[t] as number;
          const lastBlock = plan.treeBlockStart[last] as number;
          this.kernel(firstBlock, lastBlock, count, this.binsAt, keysAt, sumsAt, plan.blockAt, plan.keyAt, plan.outAt, plan.tableAt);
          t = last;
        } else {
          if (mode === TREE_REFERENCE) this.referenceTree(t, columns, first, count, sums);
          t++;
        }
      }
      for (let i = 0; i < count; i++) {
        const o = (first + i) * F;
        for (let f = 0; f < F; f++) out[o + f] = sums[f * rows + i] as number;
      }
    }
  }

  /** Adds tree t's contributions by the reference algorithm, row by row. */
  private referenceTree(t: number, columns: readonly Float64Array[], first: number, count: number, sums: Float64Array): void {
    const F = this.plan.features;
    const rows = this.plan.rows;
    const tree = this.referenceTrees[t] as Tree;
    const workspace = this.workspace as TreeShapWorkspace;
    const row = this.row;
    const rowSums = this.rowSums;
    for (let i = 0; i < count; i++) {
      for (let f = 0; f < F; f++) row[f] = (columns[f] as Float64Array)[first + i] as number;
      rowSums.fill(0);
      workspace.explainRow(tree, row, 0, rowSums, 0);
      for (let f = 0; f < F; f++) sums[f * rows + i] = (sums[f * rows + i] as number) + (rowSums[f] as number);
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
