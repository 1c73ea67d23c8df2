/**
 * Chooses between Platt scaling and isotonic calibration by out-of-fold log loss:
 * each is fitted on the other folds' out-of-fold outputs and judged on the fold left
 * out (cross-fitting), then the winner is refitted on all out-of-fold outputs.
 */
import { logLoss } from "../evaluate/metrics.js";
import { takeLabels } from "../core/matrix.js";
import { fitIsotonic } from "./isotonic.js";
import { type Calibration, calibrate, fitPlatt } from "./platt.js";

export interface CalibrationChoice {
  readonly calibration: Calibration;
  /** Mean held-out log loss of each method. */
  readonly logLoss: { readonly platt: number; readonly isotonic: number };
}

export function chooseCalibration(raw: Float64Array, y: Uint8Array, foldOf: Int32Array, folds: number): CalibrationChoice {
  let platt = 0;
  let isotonic = 0;
  for (let k = 0; k < folds; k++) {
    const fitAt: number[] = [];
    const testAt: number[] = [];
    for (let i = 0; i < raw.length; i++) (foldOf[i] === k ? testAt : fitAt).push(i);
    const fitRaw = Float64Array.from(fitAt, (i) => raw[i] as number);
    const fitY = takeLabels(y, fitAt);
    const testRaw = Float64Array.from(testAt, (i) => raw[i] as number);
    const testY = takeLabels(y, testAt);
    platt += logLoss(calibrate(fitPlatt(fitRaw, fitY), testRaw), testY) / folds;
    isotonic += logLoss(calibrate(isotonicCalibration(fitRaw, fitY), testRaw), testY) / folds;
  }
  const calibration = isotonic < platt ? isotonicCalibration(raw, y) : fitPlatt(raw, y);
  return { calibration, logLoss: { platt, isotonic } };
}

function isotonicCalibration(raw: Float64Array, y: Uint8Array): Calibration {
  const fit = fitIsotonic(raw, y);
  return { method: "isotonic", x: fit.x, y: fit.y };
}
