import assert from "node:assert/strict";
import { test } from "node:test";
import { fitVennAbers, vennAbersAt } from "../../src/train/venn-abers.js";

test("Venn-Abers pairs by hand on three bins", () => {
  // Bins (one score each): score 0: 2 rows, 0 positive; score 1: 2 rows, 1 positive; score 2: 2 rows, 2 positive.
  const raw = Float64Array.of(0, 0, 1, 1, 2, 2);
  const y = Uint8Array.of(0, 0, 0, 1, 1, 1);
  const va = fitVennAbers(raw, y, 3);
  assert.deepEqual(va.upper, [0, 1, 2]);
  // Middle bin: add a 0 -> rates 0, 1/3, 1 -> p0 = 1/3; add a 1 -> 0, 2/3, 1 -> p1 = 2/3.
  assert.ok(Math.abs((va.p0[1] as number) - 1 / 3) < 1e-15);
  assert.ok(Math.abs((va.p1[1] as number) - 2 / 3) < 1e-15);
  // Top bin: add a 0 -> 0, 1/2, 2/3 (monotone, no pooling) -> p0 = 2/3; add a 1 -> p1 = 1.
  assert.ok(Math.abs((va.p0[2] as number) - 2 / 3) < 1e-15);
  assert.equal(va.p1[2], 1);
  // Bottom bin: add a 0 -> 0 ; add a 1 -> 1/3 then 1/2 in bin 1: pooling not needed (1/3 < 1/2) -> p1 = 1/3.
  assert.equal(va.p0[0], 0);
  assert.ok(Math.abs((va.p1[0] as number) - 1 / 3) < 1e-15);
  assert.deepEqual(vennAbersAt(va, -3), { low: va.p0[0], high: va.p1[0] });
  assert.deepEqual(vennAbersAt(va, 0.5), { low: va.p0[1], high: va.p1[1] });
  assert.deepEqual(vennAbersAt(va, 7), { low: va.p0[2], high: va.p1[2] });
});
