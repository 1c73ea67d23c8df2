/**
 * Platt scaling: P(positive) = sigmoid(a * raw + b), fitted on out-of-fold raw outputs
 * so the final model's probabilities mean what they say. Uses Platt's (1999) smoothed
 * targets, which keep a and b finite on separable data.
 */
import { sigmoid } from "../core/scorer.js";
import { isotonicAt } from "./isotonic.js";

export interface PlattCalibration {
  readonly method: "platt";
  readonly a: number;
  readonly b: number;
}

export interface IdentityCalibration {
  readonly method: "none";
}

/** Isotonic calibration: probability by linear interpolation between knots of the raw output. */
export interface IsotonicCalibration {
  readonly method: "isotonic";
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export type Calibration = PlattCalibration | IsotonicCalibration | IdentityCalibration;

/** Isotonic probabilities are kept this far from 0 and 1 so log-odds stay finite. */
const PROBABILITY_FLOOR = 1e-6;

export function fitPlatt(raw: Float64Array, y: Uint8Array): PlattCalibration {
  let positives = 0;
  for (const v of y) positives += v;
  const negatives = y.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  // Newton's method on the two-parameter log loss; the Hessian is tiny and solved directly.
  for (let iter = 0; iter < 100; iter++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 1e-12;
    let h01 = 0;
    let h11 = 1e-12;
    for (let i = 0; i < raw.length; i++) {
      const x = raw[i] as number;
      const p = sigmoid(a * x + b);
      const t = y[i] === 1 ? hi : lo;
      const d = p - t;
      const w = p * (1 - p);
      g0 += d * x;
      g1 += d;
      h00 += w * x * x;
      h01 += w * x;
      h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (det <= 0) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    const before = plattLoss(raw, y, a, b, hi, lo);
    let step = 1;
    while (step > 1e-6 && plattLoss(raw, y, a - step * da, b - step * db, hi, lo) > before + 1e-15) step /= 2;
    a -= step * da;
    b -= step * db;
    if (Math.abs(step * da) < 1e-10 && Math.abs(step * db) < 1e-10) break;
  }
  return { method: "platt", a, b };
}

function plattLoss(raw: Float64Array, y: Uint8Array, a: number, b: number, hi: number, lo: number): number {
  let loss = 0;
  for (let i = 0; i < raw.length; i++) {
    const z = a * (raw[i] as number) + b;
    const t = y[i] === 1 ? hi : lo;
    // log(1 + e^z) - t z, computed stably
    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t * z;
  }
  return loss;
}

/** Calibrated log-odds for a raw model output. */
export function calibratedLogOdds(calibration: Calibration, raw: number): number {
  switch (calibration.method) {
    case "platt":
      return calibration.a * raw + calibration.b;
    case "isotonic": {
      const p = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, isotonicAt(calibration, raw)));
      return Math.log(p / (1 - p));
    }
    case "none":
      return raw;
  }
}

export function calibrate(calibration: Calibration, raw: Float64Array): Float64Array {
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = sigmoid(calibratedLogOdds(calibration, raw[i] as number));
  return out;
}
