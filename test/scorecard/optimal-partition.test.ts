import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { type PartitionInput, type PartitionShape, optimalPartition } from "../../src/scorecard/optimal-partition.js";

/** Every partition of P pre-bins into contiguous bins, checked against the constraints: the best IV by brute force. */
function bruteForce(input: PartitionInput): number | null {
  const P = input.counts.length;
  let best: number | null = null;
  for (let mask = 0; mask < 1 << (P - 1); mask++) {
    const starts = [0];
    for (let i = 1; i < P; i++) if (mask & (1 << (i - 1))) starts.push(i);
    if (starts.length > input.maxBins) continue;
    const bins = starts.map((s, b) => {
      const end = starts[b + 1] ?? P;
      let count = 0;
      let events = 0;
      for (let i = s; i < end; i++) {
        count += input.counts[i] as number;
        events += input.events[i] as number;
      }
      return { count, events };
    });
    const minEvents = Math.max(1, input.minEvents);
    if (bins.some((b) => b.count < input.minCount || b.events < minEvents || b.count - b.events < minEvents)) continue;
    const rates = bins.map((b) => b.events / b.count);
    if (!shapeHolds(rates, input.shape)) continue;
    let iv = 0;
    for (const b of bins) {
      const g = (b.count - b.events) / input.totalNonEvents;
      const d = b.events / input.totalEvents;
      iv += (g - d) * Math.log(g / d);
    }
    if (best === null || iv > best) best = iv;
  }
  return best;
}

function shapeHolds(r: number[], shape: PartitionShape): boolean {
  const steps = r.slice(1).map((v, i) => v - (r[i] as number));
  switch (shape) {
    case "none":
      return true;
    case "ascending":
      return steps.every((s) => s > 0);
    case "descending":
      return steps.every((s) => s < 0);
    case "peak":
    case "valley": {
      const sign = shape === "peak" ? 1 : -1;
      const turn = steps.findIndex((s) => sign * s < 0);
      if (steps.some((s) => s === 0)) return false;
      return turn < 0 || steps.slice(turn).every((s) => sign * s < 0);
    }
  }
}

test("optimal partition equals brute force over every partition (random tables, every shape)", () => {
  const rng = new Rng(7);
  const shapes: PartitionShape[] = ["ascending", "descending", "peak", "valley", "none"];
  for (let trial = 0; trial < 60; trial++) {
    const P = 3 + rng.int(7);
    const counts: number[] = [];
    const events: number[] = [];
    for (let i = 0; i < P; i++) {
      const c = 5 + rng.int(40);
      counts.push(c);
      events.push(rng.int(c + 1));
    }
    const totalEvents = events.reduce((a, b) => a + b, 0) + 3;
    const totalCount = counts.reduce((a, b) => a + b, 0) + 10;
    const input: PartitionInput = {
      counts,
      events,
      totalEvents,
      totalNonEvents: totalCount - totalEvents,
      minCount: rng.int(3) * 15,
      minEvents: 1 + rng.int(3),
      maxBins: 1 + rng.int(P),
      shape: shapes[trial % shapes.length] as PartitionShape,
    };
    const expected = bruteForce(input);
    const got = optimalPartition(input);
    if (expected === null) assert.equal(got, null, `trial ${trial}`);
    else {
      assert.ok(got, `trial ${trial}: a partition exists`);
      assert.ok(Math.abs(got.iv - expected) < 1e-12, `trial ${trial}: ${got.iv} vs ${expected}`);
      assert.equal(got.starts[0], 0);
      assert.ok(got.starts.length <= input.maxBins);
    }
  }
});

test("a known answer: four pre-bins with a clear upward trend stay apart; a dip is merged away", () => {
  const base = { totalEvents: 100, totalNonEvents: 300, minCount: 0, minEvents: 1, maxBins: 10, shape: "ascending" as const };
  const apart = optimalPartition({ ...base, counts: [100, 100, 100, 100], events: [10, 20, 30, 40] });
  assert.deepEqual(apart?.starts, [0, 1, 2, 3]);
  // Rates 0.1, 0.3, 0.2, 0.4: the dip must join a neighbour for the rate to rise.
  const merged = optimalPartition({ ...base, counts: [100, 100, 100, 100], events: [10, 30, 20, 40] });
  assert.equal(merged?.starts.length, 3);
  // A minimum count of 150 forces pairs.
  const pairs = optimalPartition({ ...base, minCount: 150, counts: [100, 100, 100, 100], events: [10, 20, 30, 40] });
  assert.deepEqual(pairs?.starts, [0, 2]);
});
