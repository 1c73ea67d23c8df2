/**
 * Proxy detection: which model inputs could stand in for a protected attribute. For each
 * group of a protected column (one against the rest), the AUC with which each input alone
 * tells the group's rows from the others (numbers ranked as they are, in either direction;
 * categories by their group share, learned out of fold), and the cross-validated AUC of a
 * logistic regression on every input together. An AUC near 0.5 means the inputs carry
 * little of the attribute; at or above PROXY_AUC they carry enough to rebuild it, so
 * leaving the attribute out of the model does not keep it out of the scores.
 */
import type { Column, Frame } from "../core/frame.js";
import { takeLabels } from "../core/matrix.js";
import { rankAuc, separationAuc } from "../data/single-column-auc.js";
import { stratifiedFolds } from "../evaluate/folds.js";
import { fitPreprocessor, transform } from "../features/preprocessor.js";
import { LogisticLearner } from "../models/logistic.js";
import { MIN_GROUP_ROWS } from "./fairness.js";
import { type Grouping, MISSING_GROUP } from "./protected-groups.js";

export const PROXY_AUC = 0.7;
const FOLDS = 3;

export interface ProxyResult {
  readonly column: string;
  /** The group told apart from the rest. */
  readonly group: string;
  /** Cross-validated AUC of every input together. */
  readonly together: number;
  /** Each input alone, strongest first. */
  readonly features: readonly { readonly feature: string; readonly auc: number }[];
  /** together ≥ PROXY_AUC. */
  readonly strong: boolean;
}

/** `frame` holds the model's inputs (typed with its schema); groupings cover the same rows. */
export function detectProxies(frame: Frame, featureColumns: readonly string[], groupings: readonly Grouping[], seed: number): ProxyResult[] {
  const results: ProxyResult[] = [];
  for (const grouping of groupings) {
    const sizes = new Int32Array(grouping.labels.length);
    for (const g of grouping.groupOf) sizes[g] = (sizes[g] as number) + 1;
    const n = grouping.groupOf.length;
    let targets = grouping.labels
      .map((label, g) => ({ label, g }))
      .filter(({ label, g }) => label !== MISSING_GROUP && (sizes[g] as number) >= MIN_GROUP_ROWS && n - (sizes[g] as number) >= MIN_GROUP_ROWS);
    // With two groups, one against the other says it all.
    if (targets.length === 2 && grouping.labels.length === 2) targets = targets.slice(0, 1);
    for (const { label, g } of targets) {
      const y = Uint8Array.from(grouping.groupOf, (v) => (v === g ? 1 : 0));
      const foldOf = stratifiedFolds(y, FOLDS, seed);
      const features = featureColumns
        .map((name) => ({ feature: name, auc: singleInputAuc(frame.columns.find((c) => c.name === name) as Column, y, foldOf) }))
        .filter((f) => !Number.isNaN(f.auc))
        .sort((a, b) => b.auc - a.auc || (a.feature < b.feature ? -1 : 1));
      const together = togetherAuc(frame, featureColumns, y, foldOf);
      results.push({ column: grouping.column, group: label, together, features, strong: together >= PROXY_AUC });
    }
  }
  return results;
}

function singleInputAuc(column: Column, y: Uint8Array, foldOf: Int32Array): number {
  if (column.kind === "numeric" || column.kind === "datetime") return separationAuc(rankAuc(column.values, y));
  if (column.kind !== "categorical" && column.kind !== "boolean") return Number.NaN;
  // Out-of-fold group share per level (missing is a level of its own), smoothed towards the overall share.
  const slots = column.levels.length + 1;
  const slotOf = (r: number): number => {
    const code = column.codes[r] as number;
    return code >= 0 ? code : column.levels.length;
  };
  const encoded = new Float64Array(y.length);
  for (let k = 0; k < FOLDS; k++) {
    const inGroup = new Float64Array(slots);
    const count = new Float64Array(slots);
    let total = 0;
    let totalIn = 0;
    for (let r = 0; r < y.length; r++) {
      if (foldOf[r] === k) continue;
      const s = slotOf(r);
      count[s] = (count[s] as number) + 1;
      inGroup[s] = (inGroup[s] as number) + (y[r] as number);
      total++;
      totalIn += y[r] as number;
    }
    const prior = total > 0 ? totalIn / total : 0.5;
    for (let r = 0; r < y.length; r++) {
      if (foldOf[r] !== k) continue;
      const s = slotOf(r);
      encoded[r] = ((inGroup[s] as number) + prior) / ((count[s] as number) + 1);
    }
  }
  return separationAuc(rankAuc(encoded, y));
}

function togetherAuc(frame: Frame, columns: readonly string[], y: Uint8Array, foldOf: Int32Array): number {
  const oof = new Float64Array(y.length);
  for (let k = 0; k < FOLDS; k++) {
    const trainAt: number[] = [];
    const validAt: number[] = [];
    for (let r = 0; r < y.length; r++) (foldOf[r] === k ? validAt : trainAt).push(r);
    const trainRows = Int32Array.from(trainAt);
    const validRows = Int32Array.from(validAt);
    const pre = fitPreprocessor(frame, columns, "linear", trainRows);
    const scorer = new LogisticLearner({ l2: 1 }).fit(transform(pre, frame, trainRows), takeLabels(y, trainRows));
    const raw = scorer.predictRaw(transform(pre, frame, validRows));
    validAt.forEach((r, j) => {
      oof[r] = raw[j] as number;
    });
  }
  return rankAuc(oof, y);
}
