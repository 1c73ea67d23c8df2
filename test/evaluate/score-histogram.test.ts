import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scoreHistogram } from "../../src/evaluate/score-histogram.js";

describe("scoreHistogram", () => {
  it("counts positives and negatives per equal-width bin, 1 in the last bin", () => {
    const h = scoreHistogram(Float64Array.of(0, 0.24, 0.25, 0.5, 0.99, 1, 0.3), Uint8Array.of(0, 0, 1, 1, 1, 1, 0), 4);
    assert.deepEqual(h.edges, [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(h.positives, [0, 1, 1, 2]);
    assert.deepEqual(h.negatives, [2, 1, 0, 0]);
  });

  it("has 50 bins by default with round edges", () => {
    const h = scoreHistogram(Float64Array.of(0.3), Uint8Array.of(1));
    assert.equal(h.edges.length, 51);
    assert.equal(h.edges[15], 0.3);
    assert.equal(h.positives[15], 1);
  });
});
