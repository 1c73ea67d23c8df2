import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rocCurve } from "../../src/evaluate/auc.js";
import { curvePoints, thinByRows } from "../../src/evaluate/curve-points.js";
import { prCurve } from "../../src/evaluate/pr-auc.js";
import { Rng } from "../../src/core/rng.js";

describe("curvePoints", () => {
  it("keeps every point of a short curve, rounded, with the +∞ threshold stored as 1", () => {
    const proba = Float64Array.of(0.9, 0.8, 0.7, 0.6, 0.5);
    const y = Uint8Array.of(1, 0, 1, 0, 1);
    const { roc, pr } = curvePoints(proba, y);
    const full = rocCurve(proba, y);
    assert.equal(roc.length, full.fpr.length);
    assert.deepEqual(roc[0], { threshold: 1, fpr: 0, tpr: 0 });
    assert.deepEqual(roc[2], { threshold: 0.8, fpr: 0.5, tpr: 0.3333 });
    assert.deepEqual(roc.at(-1), { threshold: 0.5, fpr: 1, tpr: 1 });
    const fullPr = prCurve(proba, y);
    assert.equal(pr.length, fullPr.recall.length);
    assert.deepEqual(pr[3], { threshold: 0.7, recall: 0.6667, precision: 0.6667 });
  });

  it("thins a long curve to at most 200 points, keeping both ends and the order", () => {
    const rng = new Rng(3);
    const n = 20000;
    const y = Uint8Array.from({ length: n }, () => (rng.next() < 0.1 ? 1 : 0));
    const proba = Float64Array.from(y, (label) => Math.min(1, rng.next() * 0.7 + 0.3 * label));
    const { roc, pr } = curvePoints(proba, y);
    assert.ok(roc.length <= 200 && roc.length > 150, `${roc.length} ROC points`);
    assert.ok(pr.length <= 200 && pr.length > 150, `${pr.length} PR points`);
    assert.deepEqual([roc[0]?.fpr, roc[0]?.tpr, roc.at(-1)?.fpr, roc.at(-1)?.tpr], [0, 0, 1, 1]);
    assert.equal(pr.at(-1)?.recall, 1);
    for (let k = 1; k < roc.length; k++) {
      assert.ok((roc[k]?.fpr as number) >= (roc[k - 1]?.fpr as number) && (roc[k]?.tpr as number) >= (roc[k - 1]?.tpr as number), "ROC points in order");
      assert.ok((roc[k]?.threshold as number) <= (roc[k - 1]?.threshold as number));
    }
  });

  it("spaces the kept points evenly in rows flagged, up to the rows the last point flags", () => {
    // 1,000 points each flagging one more row: keep 0, then the first point at each tenth.
    const flagged = Array.from({ length: 1001 }, (_, k) => k);
    assert.deepEqual(thinByRows(flagged, 11), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    assert.deepEqual(thinByRows([0, 5, 10], 200), [0, 1, 2]);
  });
});
