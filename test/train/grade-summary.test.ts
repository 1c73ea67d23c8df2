import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gradeSummary } from "../../src/train/grade-summary.js";

describe("gradeSummary", () => {
  it("counts rows and positives per grade at the stored cut points", () => {
    const scale = { labels: ["A", "B", "C"], minProbability: [0.6, 0.3] };
    const proba = Float64Array.of(0.9, 0.6, 0.5, 0.3, 0.29, 0.1);
    const y = Uint8Array.of(1, 0, 1, 0, 0, 0);
    assert.deepEqual(gradeSummary(scale, proba, y), [
      { grade: "A", minProbability: 0.6, rows: 2, positives: 1, rate: 0.5 },
      { grade: "B", minProbability: 0.3, rows: 2, positives: 1, rate: 0.5 },
      { grade: "C", minProbability: 0, rows: 2, positives: 0, rate: 0 },
    ]);
  });

  it("gives a grade nobody earned a NaN rate", () => {
    const [a] = gradeSummary({ labels: ["A", "B"], minProbability: [0.99] }, Float64Array.of(0.5), Uint8Array.of(1));
    assert.equal(a?.rows, 0);
    assert.ok(Number.isNaN(a?.rate));
  });
});
