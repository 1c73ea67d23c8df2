/**
 * Group-specific thresholds, a post-processing mitigation: the probabilities (and so the
 * AUC) stay as they are, and each group gets its own cut so that a fairness goal holds at
 * the overall operating point of the model's threshold t:
 *
 * - demographic parity: every group has the overall selection rate (the share with p ≥ t);
 * - equal opportunity: every group has the overall rate of the favourable decision among
 *   rows whose outcome is the favourable one (TPR when selection is favourable; the
 *   approval rate of good payers, 1 − FPR, when the favourable decision is negative).
 *
 * A row is selected when p ≥ its group's threshold. A threshold above 1 selects no one.
 * Groups too small to tune a cut on (fewer than `minRows`) keep the model's threshold.
 */
import { Rng } from "../core/rng.js";
import type { Favourable } from "./fairness.js";

export type FairnessGoal = "demographic-parity" | "equal-opportunity";
export const FAIRNESS_GOALS: readonly FairnessGoal[] = ["demographic-parity", "equal-opportunity"];

/** Selects no one. */
export const NO_SELECTION = 2;

export interface GroupThresholdInput {
  readonly proba: Float64Array;
  readonly labels: Uint8Array;
  readonly groupOf: Int32Array;
  readonly groups: number;
  /** The model's single threshold: it fixes the overall rate every group is brought to. */
  readonly threshold: number;
  readonly goal: FairnessGoal;
  readonly favourable: Favourable;
  /** Groups with fewer rows than this (in the rows fitted on) keep the model's threshold: too few to tune a cut on. */
  readonly minRows?: number;
}

/** One threshold per group, fitted on the rows given (or on `rows` only). */
export function fitGroupThresholds(input: GroupThresholdInput, rows?: ArrayLike<number>): number[] {
  const { proba, labels, groupOf, threshold, goal, favourable } = input;
  const use = rows ?? Int32Array.from({ length: proba.length }, (_, i) => i);
  // Whose rate is equalised: all rows (parity), or the rows with the favourable outcome (opportunity).
  const counts = (r: number): boolean => goal === "demographic-parity" || (labels[r] === 1) === (favourable === "positive");
  let eligible = 0;
  let selected = 0;
  const members: number[][] = Array.from({ length: input.groups }, () => []);
  const sizes = new Int32Array(input.groups);
  for (let i = 0; i < use.length; i++) {
    const r = use[i] as number;
    sizes[groupOf[r] as number] = (sizes[groupOf[r] as number] as number) + 1;
    if (!counts(r)) continue;
    eligible++;
    if ((proba[r] as number) >= threshold) selected++;
    (members[groupOf[r] as number] as number[]).push(proba[r] as number);
  }
  const rate = eligible > 0 ? selected / eligible : 0;
  return members.map((values, g) => {
    if (values.length === 0 || (sizes[g] as number) < (input.minRows ?? 0)) return threshold;
    values.sort((a, b) => b - a);
    const k = Math.round(rate * values.length);
    if (k === 0) return NO_SELECTION;
    return values[k - 1] as number;
  });
}

/** 1 where p ≥ the row's group threshold. */
export function decideByGroup(proba: Float64Array, groupOf: Int32Array, thresholds: readonly number[]): Uint8Array {
  return Uint8Array.from(proba, (p, r) => (p >= (thresholds[groupOf[r] as number] as number) ? 1 : 0));
}

/**
 * Decisions where each row's group thresholds were fitted without it (K-fold cross-fitting,
 * seeded): an honest view of what the thresholds do on rows they were not tuned on.
 */
export function crossFittedDecisions(input: GroupThresholdInput, folds: number, seed: number): Uint8Array {
  const n = input.proba.length;
  const order = new Rng(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const foldOf = new Int32Array(n);
  order.forEach((r, i) => {
    foldOf[r] = i % folds;
  });
  const decisions = new Uint8Array(n);
  for (let k = 0; k < folds; k++) {
    const fitRows = Int32Array.from({ length: n }, (_, i) => i).filter((r) => foldOf[r] !== k);
    const thresholds = fitGroupThresholds(input, fitRows);
    for (let r = 0; r < n; r++) {
      if (foldOf[r] === k) decisions[r] = (input.proba[r] as number) >= (thresholds[input.groupOf[r] as number] as number) ? 1 : 0;
    }
  }
  return decisions;
}
