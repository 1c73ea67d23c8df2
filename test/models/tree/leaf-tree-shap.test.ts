import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TreeShapWorkspace } from "../../../src/models/gbdt/tree-shap.js";
import { RandomForestLearner } from "../../../src/models/forest/random-forest.js";
import { LeafTreeShap } from "../../../src/models/tree/leaf-tree-shap.js";
import { conformanceData } from "../conformance.js";

describe("LeafTreeShap", () => {
  it("gives the values of the reference TreeSHAP recursion on deep trees with categories and missing values", () => {
    const { X, y } = conformanceData("tree", 600, 41);
    const forest = new RandomForestLearner({ trees: 8, threads: 1, maxDepth: 0, minLeafRows: 1, maxFeatures: 2 }).fit(X, y);
    const F = X.columns.length;
    const probe = conformanceData("tree", 40, 42).X;
    // add rows with an unseen category code and everything missing
    const rows: number[][] = [];
    for (let r = 0; r < probe.rows; r++) rows.push(probe.columns.map((c) => c[r] as number));
    rows.push([Number.NaN, Number.NaN, Number.NaN, Number.NaN], [0.5, 3, -1, 9]);
    let deepest = 0;
    for (const tree of forest.trees) {
      deepest = Math.max(deepest, tree.depth);
      const fast = new LeafTreeShap(tree);
      assert.ok(fast.usable);
      const tables = new Float64Array(fast.tableSize);
      fast.prepare(tables);
      const reference = new TreeShapWorkspace(tree.depth, F);
      for (const row of rows) {
        const x = Float64Array.from(row);
        const a = new Float64Array(F);
        const b = new Float64Array(F);
        fast.explainRow(x, 0, a, 0, tables);
        reference.explainRow(tree, x, 0, b, 0);
        for (let f = 0; f < F; f++) assert.ok(Math.abs((a[f] as number) - (b[f] as number)) < 1e-12, `feature ${f}: ${a[f]} vs ${b[f]}`);
      }
    }
    assert.ok(deepest >= 10, `deepest tree ${deepest}`);
  });
});
