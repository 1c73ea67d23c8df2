/**
 * Stratified k-fold cross-validation of one model family: everything fitted (encodings,
 * model, early-stopping split) is fitted on the training folds only, and each row gets
 * a raw output from the model that did not see it.
 */
import { takeLabels, takeWeights } from "../core/matrix.js";
import type { Frame } from "../core/frame.js";
import { computeMetrics } from "../evaluate/metrics.js";
import { fitPreprocessor, transform } from "../features/preprocessor.js";
import { type LearnerOptions, type ParamInput, type TrainableFamily, createLearner, encodingStyleOf } from "../models/registry.js";
import { probaFromRaw } from "../core/scorer.js";
import { type PermutationImportance, permutationImportance } from "./permutation-importance.js";

export type FoldMetrics = ReturnType<typeof computeMetrics>;

export interface CrossValidation {
  readonly family: TrainableFamily;
  readonly params: Readonly<Record<string, unknown>>;
  /** Out-of-fold raw output (log-odds) per row of `rows`. */
  readonly oofRaw: Float64Array;
  readonly foldMetrics: readonly FoldMetrics[];
  readonly fitSeconds: number;
  /** AUC drop per input column when shuffled, on the first fold's held-out rows. */
  readonly permutation: readonly PermutationImportance[];
}

export interface CvInput {
  readonly frame: Frame;
  readonly featureColumns: readonly string[];
  /** The rows taking part (indices into frame), and their labels. */
  readonly rows: Int32Array;
  readonly labels: Uint8Array;
  /** Fold of each entry of `rows`. */
  readonly foldOf: Int32Array;
  readonly folds: number;
  readonly seed: number;
  /** Sample weights per frame row (e.g. fairness reweighing); none means 1 each. */
  readonly weights?: Float64Array;
  /** Structured learner settings (e.g. a scorecard's special values and hand-made bins). */
  readonly learnerOptions?: LearnerOptions;
}

/**
 * Cross-validates one family. `keepGoing(foldSeconds, foldsDone, foldAuc)` is asked after each fold;
 * when it says no (a time budget would be overrun) the run is abandoned and undefined returned.
 */
export function crossValidate(
  input: CvInput,
  family: TrainableFamily,
  params: ParamInput,
  onFoldDone: () => void,
): CrossValidation;
export function crossValidate(
  input: CvInput,
  family: TrainableFamily,
  params: ParamInput,
  onFoldDone: () => void,
  keepGoing: (foldSeconds: number, foldsDone: number, foldAuc: number) => boolean,
): CrossValidation | undefined;
export function crossValidate(
  input: CvInput,
  family: TrainableFamily,
  params: ParamInput,
  onFoldDone: () => void,
  keepGoing?: (foldSeconds: number, foldsDone: number, foldAuc: number) => boolean,
): CrossValidation | undefined {
  const { frame, rows, labels, foldOf, folds, seed } = input;
  const oofRaw = new Float64Array(rows.length);
  const foldMetrics: FoldMetrics[] = [];
  let fitMs = 0;
  let resolved: Readonly<Record<string, unknown>> = {};
  let permutation: PermutationImportance[] = [];
  for (let k = 0; k < folds; k++) {
    const trainAt: number[] = [];
    const validAt: number[] = [];
    for (let i = 0; i < rows.length; i++) (foldOf[i] === k ? validAt : trainAt).push(i);
    const trainRows = Int32Array.from(trainAt, (i) => rows[i] as number);
    const validRows = Int32Array.from(validAt, (i) => rows[i] as number);
    const started = performance.now();
    const pre = fitPreprocessor(frame, input.featureColumns, encodingStyleOf(family), trainRows);
    const learner = createLearner(family, params, seed, input.learnerOptions);
    resolved = learner.params as Readonly<Record<string, unknown>>;
    const scorer = learner.fit(transform(pre, frame, trainRows), takeLabels(labels, trainAt), input.weights ? takeWeights(input.weights, trainRows) : undefined);
    fitMs += performance.now() - started;
    const validX = transform(pre, frame, validRows);
    const raw = scorer.predictRaw(validX);
    if (k === 0) permutation = permutationImportance(scorer, validX, takeLabels(labels, validAt), seed);
    validAt.forEach((i, j) => {
      oofRaw[i] = raw[j] as number;
    });
    foldMetrics.push(computeMetrics(probaFromRaw(raw), takeLabels(labels, validAt)));
    onFoldDone();
    if (keepGoing && k < folds - 1 && !keepGoing((performance.now() - started) / 1000, k + 1, (foldMetrics[k] as FoldMetrics).auc)) return undefined;
  }
  return { family, params: resolved, oofRaw, foldMetrics, fitSeconds: fitMs / 1000 / Math.max(1, folds), permutation };
}
