/**
 * The calibration map's share of a Wald interval. The probability shown is g(ẑ): the
 * model's log-odds ẑ through a calibration map g fitted on out-of-fold outputs. Both are
 * estimates; by the delta method the calibrated log-odds vary with
 *
 *   variance ≈ g'(ẑ)² · se(ẑ)² + Var(ĝ(ẑ))
 *
 * (the two treated as independent). Platt scaling: g' = a and Var(ĝ) from the sandwich
 * covariance of (a, b). Isotonic regression: no closed form, so Var(ĝ) and the slope of g
 * come from refitting it on bootstrap resamples of the out-of-fold pairs (B = 100, seeded),
 * on a grid of 200 raw-output quantiles; that part is an approximation.
 */
import { Rng } from "../core/rng.js";
import { sigmoid } from "../core/scorer.js";
import { poolAdjacentViolators } from "./isotonic.js";
import type { Calibration } from "./platt.js";

export type CalibrationNoise =
  | { readonly method: "platt"; /** Covariance of (a, b): [Var a, Cov(a, b), Var b]. */ readonly covariance: readonly number[] }
  | {
      readonly method: "isotonic";
      /** Increasing raw outputs at which the two below are known (linear between, flat beyond). */
      readonly raw: readonly number[];
      /** Bootstrap standard deviation of the calibrated log-odds. */
      readonly logOddsSd: readonly number[];
      /** Slope of the (bagged) calibrated log-odds per unit of raw log-odds. */
      readonly slope: readonly number[];
    };

const BOOTSTRAP_REPLICATES = 100;
const GRID_POINTS = 200;
/** The slope is a central difference over this many grid points each side (≈ 10 % of rows), steady against bootstrap noise. */
const SLOPE_SPAN = 20;
/** As isotonic calibration (platt.ts): probabilities kept this far from 0 and 1. */
const PROBABILITY_FLOOR = 1e-6;

export function fitCalibrationNoise(calibration: Calibration, raw: Float64Array, y: Uint8Array, seed: number): CalibrationNoise | null {
  switch (calibration.method) {
    case "none":
      return null;
    case "platt":
      return { method: "platt", covariance: plattCovariance(calibration.a, calibration.b, raw, y) };
    case "isotonic":
      return isotonicNoise(raw, y, seed);
  }
}

/** The slope of the calibrated log-odds at `raw` and the calibration's own standard deviation there. */
export function calibrationNoiseAt(noise: CalibrationNoise | null | undefined, calibration: Calibration, raw: number): { slope: number; sd: number } {
  if (noise === null || noise === undefined) return { slope: calibration.method === "platt" ? calibration.a : 1, sd: 0 };
  if (noise.method === "platt") {
    const [vaa, vab, vbb] = noise.covariance as [number, number, number];
    const variance = raw * raw * vaa + 2 * raw * vab + vbb;
    return { slope: calibration.method === "platt" ? calibration.a : 1, sd: Math.sqrt(Math.max(0, variance)) };
  }
  return { slope: interpolate(noise.raw, noise.slope, raw), sd: interpolate(noise.raw, noise.logOddsSd, raw) };
}

/** Sandwich covariance of Platt's (a, b) on the pairs it was fitted on. */
function plattCovariance(a: number, b: number, raw: Float64Array, y: Uint8Array): number[] {
  let h00 = 0;
  let h01 = 0;
  let h11 = 0;
  let j00 = 0;
  let j01 = 0;
  let j11 = 0;
  for (let i = 0; i < raw.length; i++) {
    const z = raw[i] as number;
    const p = sigmoid(a * z + b);
    const w = p * (1 - p);
    const r = ((y[i] as number) - p) ** 2;
    h00 += w * z * z;
    h01 += w * z;
    h11 += w;
    j00 += r * z * z;
    j01 += r * z;
    j11 += r;
  }
  const det = h00 * h11 - h01 * h01;
  if (!(det > 0)) return [0, 0, 0];
  // H⁻¹ = [[h11, −h01], [−h01, h00]] / det; covariance H⁻¹ J H⁻¹.
  const i00 = h11 / det;
  const i01 = -h01 / det;
  const i11 = h00 / det;
  const m00 = i00 * j00 + i01 * j01;
  const m01 = i00 * j01 + i01 * j11;
  const m10 = i01 * j00 + i11 * j01;
  const m11 = i01 * j01 + i11 * j11;
  return [m00 * i00 + m01 * i01, m00 * i01 + m01 * i11, m10 * i01 + m11 * i11];
}

function isotonicNoise(raw: Float64Array, y: Uint8Array, seed: number): CalibrationNoise {
  const n = raw.length;
  const order = Array.from(raw.keys()).sort((a, b) => (raw[a] as number) - (raw[b] as number) || a - b);
  // Tied raw outputs form one group, as in fitIsotonic.
  const groupX: number[] = [];
  const groupOf = new Int32Array(n);
  for (const i of order) {
    const x = raw[i] as number;
    if (groupX.length === 0 || groupX[groupX.length - 1] !== x) groupX.push(x);
    groupOf[i] = groupX.length - 1;
  }
  const groups = groupX.length;
  const grid: number[] = [];
  for (let k = 0; k < GRID_POINTS; k++) {
    const g = groupOf[order[Math.min(n - 1, Math.floor(((k + 0.5) * n) / GRID_POINTS))] as number] as number;
    if (grid.length === 0 || grid[grid.length - 1] !== g) grid.push(g);
  }
  const sum = new Float64Array(grid.length);
  const squares = new Float64Array(grid.length);
  const probability = new Float64Array(grid.length);
  const rng = new Rng(seed).fork(0x15070);
  const weight = new Float64Array(groups);
  const positives = new Float64Array(groups);
  for (let b = 0; b < BOOTSTRAP_REPLICATES; b++) {
    weight.fill(0);
    positives.fill(0);
    for (let j = 0; j < n; j++) {
      const i = rng.int(n);
      const g = groupOf[i] as number;
      weight[g] = (weight[g] as number) + 1;
      positives[g] = (positives[g] as number) + (y[i] as number);
    }
    const present: number[] = [];
    for (let g = 0; g < groups; g++) if ((weight[g] as number) > 0) present.push(g);
    const fitted = poolAdjacentViolators(
      Float64Array.from(present, (g) => (positives[g] as number) / (weight[g] as number)),
      Float64Array.from(present, (g) => weight[g] as number),
    );
    // This replicate's map at each grid point: linear between the groups it drew.
    let at = 0;
    grid.forEach((g, k) => {
      while (at < present.length - 1 && (present[at + 1] as number) <= g) at++;
      const left = present[at] as number;
      let p: number;
      if (left >= g || at === present.length - 1) p = fitted[at] as number;
      else {
        const right = present[at + 1] as number;
        const t = ((groupX[g] as number) - (groupX[left] as number)) / ((groupX[right] as number) - (groupX[left] as number));
        p = (fitted[at] as number) + t * ((fitted[at + 1] as number) - (fitted[at] as number));
      }
      const z = logit(p);
      sum[k] = (sum[k] as number) + z;
      squares[k] = (squares[k] as number) + z * z;
      probability[k] = (probability[k] as number) + p / BOOTSTRAP_REPLICATES;
    });
  }
  const x = grid.map((g) => groupX[g] as number);
  const logOddsSd = grid.map((_, k) => {
    const mean = (sum[k] as number) / BOOTSTRAP_REPLICATES;
    return Math.sqrt(Math.max(0, ((squares[k] as number) - BOOTSTRAP_REPLICATES * mean * mean) / (BOOTSTRAP_REPLICATES - 1)));
  });
  const bagged = Array.from(probability, logit);
  const slope = grid.map((_, k) => {
    const lo = Math.max(0, k - SLOPE_SPAN);
    const hi = Math.min(grid.length - 1, k + SLOPE_SPAN);
    const run = (x[hi] as number) - (x[lo] as number);
    return run > 0 ? Math.max(0, ((bagged[hi] as number) - (bagged[lo] as number)) / run) : 0;
  });
  return { method: "isotonic", raw: x, logOddsSd, slope };
}

function logit(p: number): number {
  const q = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, p));
  return Math.log(q / (1 - q));
}

function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (n === 0) return 0;
  if (x <= (xs[0] as number)) return ys[0] as number;
  if (x >= (xs[n - 1] as number)) return ys[n - 1] as number;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) <= x) lo = mid;
    else hi = mid;
  }
  const t = (x - (xs[lo] as number)) / ((xs[hi] as number) - (xs[lo] as number));
  return (ys[lo] as number) + t * ((ys[hi] as number) - (ys[lo] as number));
}
