/**
 * Quantised gradients for large fits (after Shi et al., "Quantized Training of Gradient
 * Boosting Decision Trees", NeurIPS 2022, as LightGBM's `use_quantized_grad`).
 *
 * Each row's gradient becomes a small integer (−31..31) and its hessian another (0..63), by
 * stochastic rounding, so sums stay unbiased. Gradient, hessian and a row count of 1 are then
 * packed into ONE exact integer held in a float64:
 *
 *     packed = (gq + 31) + hq · 2^19 + 2^38
 *
 * Adding packed numbers adds all three fields at once, without carries between them, as long
 * as at most WINDOW_ROWS rows are added into one bin (8192 · 62 < 2^19; 8192 · 2^38 < 2^53).
 * A histogram pass then does one read-modify-write per row and feature instead of three —
 * the loop's bottleneck (bench/NOTES.md §2) — and the window's packed sums are decoded into
 * the ordinary float64 histogram every WINDOW_ROWS rows.
 *
 * Quantisation only chooses the tree's shape; leaf values are then recomputed from the exact
 * gradient and hessian sums of each leaf's rows ("leaf renewal"), which the paper found keeps
 * accuracy at 2-3 bits; 6 bits is well clear of that. Small fits (below QUANTISED_MIN_ROWS)
 * keep the exact float path: they are fast already and their nodes are small enough for
 * rounding noise to matter.
 */

import { HIST_STRIDE } from "./histogram.js";

/** Fits with at least this many training rows use quantised gradients. */
export const QUANTISED_MIN_ROWS = 100_000;

export const GRAD_LEVELS = 31;
export const HESS_LEVELS = 63;
/** Rows added into one packed histogram before it is decoded. */
export const WINDOW_ROWS = 8192;

const HESS_UNIT = 2 ** 19;
const COUNT_UNIT = 2 ** 38;
// multiplying by a power of two is exact, and cheaper than dividing
const PER_HESS_UNIT = 2 ** -19;
const PER_COUNT_UNIT = 2 ** -38;

/**
 * A 32-bit hash of (row, salt) as a uniform number in [0, 1): the rounding noise of a row in a
 * tree, the same whichever thread gathers the row (murmur3's finaliser).
 */
export function roundingNoise(row: number, salt: number): number {
  let h = (row ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * The packed number of one row: gradient and hessian rounded stochastically to their grids
 * (`gradScale`, `hessScale`: levels per unit). One noise draw serves both; the hessian uses
 * its complement, so the two roundings are not pushed the same way.
 */
export function packRow(grad: number, hess: number, gradScale: number, hessScale: number, noise: number): number {
  let gq = Math.floor(grad * gradScale + noise);
  if (gq > GRAD_LEVELS) gq = GRAD_LEVELS;
  else if (gq < -GRAD_LEVELS) gq = -GRAD_LEVELS;
  let hq = Math.floor(hess * hessScale + (1 - noise));
  if (hq > HESS_LEVELS) hq = HESS_LEVELS;
  else if (hq < 0) hq = 0;
  return gq + GRAD_LEVELS + hq * HESS_UNIT + COUNT_UNIT;
}

/** Grid steps for a tree: the largest |gradient| and hessian map to the top levels. */
export function quantisationSteps(maxAbsGrad: number, maxHess: number): { gradStep: number; hessStep: number } {
  return {
    gradStep: maxAbsGrad > 0 ? maxAbsGrad / GRAD_LEVELS : 1,
    hessStep: maxHess > 0 ? maxHess / HESS_LEVELS : 1,
  };
}

/**
 * Adds the decoded window `packed` (one number per bin) to `hist` ([gradient, hessian, rows]
 * per bin) and clears the window.
 */
export function decodeWindow(packed: Float64Array, hist: Float64Array, totalBins: number, gradStep: number, hessStep: number): void {
  for (let k = 0; k < totalBins; k++) {
    const v = packed[k] as number;
    if (v === 0) continue;
    packed[k] = 0;
    const rows = Math.floor(v * PER_COUNT_UNIT);
    const rest = v - rows * COUNT_UNIT;
    const hq = Math.floor(rest * PER_HESS_UNIT);
    const gq = rest - hq * HESS_UNIT - rows * GRAD_LEVELS;
    const at = k * HIST_STRIDE;
    hist[at] = (hist[at] as number) + gq * gradStep;
    hist[at + 1] = (hist[at + 1] as number) + hq * hessStep;
    hist[at + 2] = (hist[at + 2] as number) + rows;
  }
}
