/**
 * Confidence-based performance estimation (CBPE, as NannyML calls it): the AUC a model
 * should reach on new rows before their outcomes are known. If the calibrated probability
 * p of each row is right, the row is positive with probability p, so at any cut the
 * expected true positives above it are Σp and the expected false positives Σ(1 − p); the
 * ROC curve of those expectations gives the estimate. It assumes the calibration still
 * holds: a change in how inputs relate to the outcome (concept drift) is invisible to it,
 * which is why the real AUC is checked once outcomes arrive.
 *
 * The range is where the realised AUC falls in 95 % of simulated outcome draws (labels drawn
 * from the probabilities with a seeded Rng): the noise expected from the sample size alone.
 */
import { Rng } from "../core/rng.js";
import { descendingOrder } from "../evaluate/auc.js";

export interface AucEstimate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly simulations: number;
}

export const CBPE_SIMULATIONS = 200;

export function estimateAuc(proba: Float64Array, seed = 42, simulations = CBPE_SIMULATIONS): AucEstimate {
  const order = descendingOrder(proba);
  const groupEnd = tieGroupEnds(proba, order);
  const value = aucOfWeights(order, groupEnd, (i) => proba[i] as number);
  const rng = new Rng(seed);
  const draws: number[] = [];
  const labels = new Float64Array(proba.length);
  for (let s = 0; s < simulations; s++) {
    for (let i = 0; i < proba.length; i++) labels[i] = rng.next() < (proba[i] as number) ? 1 : 0;
    const auc = aucOfWeights(order, groupEnd, (i) => labels[i] as number);
    if (!Number.isNaN(auc)) draws.push(auc);
  }
  draws.sort((a, b) => a - b);
  const pick = (q: number): number => (draws.length === 0 ? Number.NaN : (draws[Math.min(draws.length - 1, Math.floor(q * draws.length))] as number));
  return { value, low: pick(0.025), high: pick(0.975), simulations: draws.length };
}

/** For each position k of `order`, the position just past its group of tied scores. */
function tieGroupEnds(scores: Float64Array, order: Int32Array): Int32Array {
  const ends = new Int32Array(order.length);
  let k = 0;
  while (k < order.length) {
    let end = k + 1;
    while (end < order.length && scores[order[end] as number] === scores[order[k] as number]) end++;
    for (let j = k; j < end; j++) ends[j] = end;
    k = end;
  }
  return ends;
}

/** AUC where row i counts as `positive(i)` of a positive and 1 − that of a negative (ties by the trapezoid). */
function aucOfWeights(order: Int32Array, groupEnd: Int32Array, positive: (i: number) => number): number {
  let tp = 0;
  let fp = 0;
  let area = 0;
  let k = 0;
  while (k < order.length) {
    const end = groupEnd[k] as number;
    let dTp = 0;
    let dFp = 0;
    for (let j = k; j < end; j++) {
      const w = positive(order[j] as number);
      dTp += w;
      dFp += 1 - w;
    }
    area += dFp * (2 * tp + dTp);
    tp += dTp;
    fp += dFp;
    k = end;
  }
  return tp > 0 && fp > 0 ? area / (2 * tp * fp) : Number.NaN;
}
