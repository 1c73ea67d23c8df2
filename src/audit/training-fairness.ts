/**
 * Fairness at training (`train --protected …`): the audit of the out-of-fold predictions,
 * proxy detection, and the optional mitigations with their price measured:
 *
 * - `reweigh`: the model is trained twice, without and with reweighing weights
 *   (reweighing.ts), on the same folds and seed; the AUC cost is the drop in out-of-fold AUC.
 * - `thresholds`: group thresholds (group-thresholds.ts) are fitted on the out-of-fold
 *   probabilities and stored in the model; the ranking and so the AUC are unchanged, and the
 *   cost shows in the decisions (accuracy, balanced accuracy, F1). The "after" figures use
 *   cross-fitted thresholds, so no row is judged by thresholds tuned on it.
 */
import { LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { toFrame } from "../data/to-frame.js";
import { rankAuc } from "../data/single-column-auc.js";
import type { StoredGroupThresholds } from "../train/model-file.js";
import type { TrainOptions } from "../train/options.js";
import { readTarget } from "../train/target.js";
import { type TrainResult, trainFromTable } from "../train/train.js";
import { DEFAULT_BOOTSTRAP } from "./bootstrap.js";
import { type FairnessAudit, type Favourable, MIN_GROUP_ROWS, decideAt, fairnessAudit } from "./fairness.js";
import { type FairnessGoal, crossFittedDecisions, fitGroupThresholds } from "./group-thresholds.js";
import { type Grouping, crossGroups, groupRows, selectGroupRows } from "./protected-groups.js";
import { type ProxyResult, detectProxies } from "./proxy-detection.js";
import { reweighingWeights } from "./reweighing.js";
import { takeTableRows } from "../data/take-table-rows.js";

export type Mitigation = "reweigh" | "thresholds";
export const MITIGATIONS: readonly Mitigation[] = ["reweigh", "thresholds"];

export interface TrainingAuditOptions {
  /** Band edges per numeric protected column; others are banded at their quartiles. */
  readonly bands?: Readonly<Record<string, readonly number[]>>;
  readonly favourable?: Favourable;
  readonly mitigate?: Mitigation;
  /** Protected columns whose combination the mitigation works on (default: all of them). */
  readonly mitigateOn?: readonly string[];
  readonly goal?: FairnessGoal;
  readonly replicates?: number;
  readonly reference?: Readonly<Record<string, string>>;
}

/** Decision quality and fairness at one operating point. */
export interface OperatingPoint {
  /** AUC of the probabilities (pooled out-of-fold). */
  readonly auc: number;
  /** Mean cross-validated AUC over folds, as in report.cv. */
  readonly cvAuc: number | null;
  /** AUC of the yes/no decisions: (TPR + TNR) / 2. */
  readonly balancedAccuracy: number;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly selectionRate: number;
  readonly fourFifths: FairnessAudit["fourFifths"];
  readonly disparateImpact: FairnessAudit["disparateImpact"];
}

export interface MitigationReport {
  readonly method: Mitigation;
  readonly on: readonly string[];
  readonly goal: FairnessGoal | null;
  readonly before: OperatingPoint;
  readonly after: OperatingPoint;
  /** before.auc − after.auc: what the mitigation costs in ranking quality (0 for thresholds). */
  readonly aucCost: number;
  readonly accuracyCost: number;
  readonly note: string;
}

export interface TrainingFairness extends FairnessAudit {
  readonly evaluatedOn: string;
  readonly threshold: number;
  readonly protected: readonly string[];
  /** Band edges used per banded column. */
  readonly bands: Readonly<Record<string, readonly number[]>>;
  readonly proxies: readonly ProxyResult[];
  readonly mitigation: MitigationReport | null;
}

export function trainWithFairness(table: RawTable, options: TrainOptions, audit: TrainingAuditOptions): TrainResult {
  const protectedColumns = [...(options.protected ?? [])];
  if (protectedColumns.length === 0) return trainFromTable(table, options);
  const missing = protectedColumns.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    throw new LeadscoreError("usage", `${table.source} has no column named in --protected ${missing.map((c) => `'${c}'`).join(", ")}. Columns are: ${table.header.join(", ")}.`, {
      file: table.source,
      column: missing[0] as string,
    });
  }
  for (const c of Object.keys(audit.bands ?? {})) {
    if (!protectedColumns.includes(c)) throw new LeadscoreError("usage", `--bands names '${c}', which is not a --protected column.`, { field: "bands", column: c });
  }
  const mitigateOn = [...(audit.mitigateOn ?? protectedColumns)];
  for (const c of mitigateOn) {
    if (!protectedColumns.includes(c)) throw new LeadscoreError("usage", `--mitigate-on names '${c}', which is not a --protected column.`, { field: "mitigate-on", column: c });
  }
  const favourable = audit.favourable ?? "positive";
  const goal = audit.goal ?? "demographic-parity";
  const seed = options.seed ?? 42;
  const replicates = audit.replicates ?? DEFAULT_BOOTSTRAP;
  // Groups over every table row (numeric columns banded at the edges given, else their quartiles).
  const groupings = protectedColumns.map((c) => groupRows(table, c, audit.bands?.[c]));
  const bands = Object.fromEntries(groupings.filter((g) => g.bands !== null).map((g) => [g.column, g.bands as readonly number[]]));
  const jointAll = crossGroups(groupings.filter((g) => mitigateOn.includes(g.column)));

  let baseline: TrainResult | null = null;
  let result: TrainResult;
  if (audit.mitigate === "reweigh") {
    baseline = trainFromTable(table, options);
    const target = readTarget(table, options.target, options.positive);
    const labelledGroups = selectGroupRows(jointAll, target.rows);
    const w = reweighingWeights(labelledGroups.groupOf, target.labels, jointAll.labels.length);
    const weights = new Float64Array(table.rows).fill(1);
    target.rows.forEach((r, i) => {
      weights[r] = w[i] as number;
    });
    result = trainFromTable(table, { ...options, weights });
  } else {
    result = trainFromTable(table, options);
  }
  const evaluation = requireEvaluation(result);
  const threshold = result.model.threshold.value;
  const evalGroupings = groupings.map((g) => selectGroupRows(g, evaluation.rows));
  const auditOf = (proba: Float64Array, decisions: Uint8Array): FairnessAudit =>
    fairnessAudit({
      proba,
      labels: evaluation.labels,
      decisions,
      groupings: evalGroupings,
      favourable,
      replicates,
      seed,
      ...(audit.reference ? { reference: audit.reference } : {}),
    });
  const decisions = decideAt(evaluation.probability, threshold);
  const delivered = auditOf(evaluation.probability, decisions);

  let mitigation: MitigationReport | null = null;
  let model = result.model;
  if (baseline !== null) {
    const before = requireEvaluation(baseline);
    const beforeAudit = auditOf(before.probability, decideAt(before.probability, baseline.model.threshold.value));
    mitigation = mitigationReport("reweigh", mitigateOn, null, point(before.probability, before.labels, decideAt(before.probability, baseline.model.threshold.value), beforeAudit, baseline), point(evaluation.probability, evaluation.labels, decisions, delivered, result),
      "The model was trained twice on the same folds and seed, without and with reweighing; both figures are out-of-fold.");
  } else if (audit.mitigate === "thresholds") {
    const joint = selectGroupRows(jointAll, evaluation.rows);
    const input = { proba: evaluation.probability, labels: evaluation.labels, groupOf: joint.groupOf, groups: joint.labels.length, threshold, goal, favourable, minRows: MIN_GROUP_ROWS };
    const thresholds = fitGroupThresholds(input);
    const after = crossFittedDecisions(input, 5, seed);
    const afterAudit = auditOf(evaluation.probability, after);
    mitigation = mitigationReport("thresholds", mitigateOn, goal, point(evaluation.probability, evaluation.labels, decisions, delivered, result), point(evaluation.probability, evaluation.labels, after, afterAudit, result),
      "Group thresholds leave the probabilities and their ranking unchanged, so the AUC does not move; the cost is in the decisions. The 'after' figures use thresholds fitted on the other four fifths of the out-of-fold rows (cross-fitting); the thresholds stored in the model are fitted on all of them. `score` does not apply them (its output has no decision column); `fairness` does.");
    const stored: StoredGroupThresholds = {
      columns: mitigateOn,
      bands: Object.fromEntries(Object.entries(bands).filter(([c]) => mitigateOn.includes(c))),
      goal,
      favourable,
      groups: jointAll.labels.map((group, g) => ({ group, threshold: thresholds[g] as number })),
      fallback: threshold,
    };
    model = { ...model, groupThresholds: stored };
  }

  const frame = toFrame(takeTableRows(table, evaluation.rows), model.schema);
  const proxies = detectProxies(frame, model.schema.map((c) => c.name).filter((c) => !protectedColumns.includes(c)), evalGroupings, seed);
  const fairness: TrainingFairness = {
    evaluatedOn: result.report.evaluatedOn,
    threshold,
    protected: protectedColumns,
    bands,
    ...delivered,
    proxies,
    mitigation,
  };
  const recorded = {
    ...model.training.options,
    fairness: { protected: protectedColumns, bands, favourable, mitigate: audit.mitigate ?? null, mitigateOn, goal: audit.mitigate === "thresholds" ? goal : null },
  };
  model = { ...model, training: { ...model.training, options: recorded } };
  return { ...result, model, report: { ...result.report, fairness } };
}

function requireEvaluation(result: TrainResult): NonNullable<TrainResult["evaluation"]> {
  if (result.evaluation === undefined) throw new LeadscoreError("internal", "Training returned no evaluation predictions to audit.");
  return result.evaluation;
}

function point(proba: Float64Array, labels: Uint8Array, decisions: Uint8Array, audit: FairnessAudit, result: TrainResult): OperatingPoint {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] === 1;
    const d = decisions[i] === 1;
    if (y && d) tp++;
    else if (y) fn++;
    else if (d) fp++;
    else tn++;
  }
  const n = labels.length;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const specificity = tn + fp > 0 ? tn / (tn + fp) : 0;
  return {
    auc: rankAuc(proba, labels),
    cvAuc: result.report.cv?.metrics.auc?.mean ?? null,
    balancedAccuracy: (recall + specificity) / 2,
    accuracy: n > 0 ? (tp + tn) / n : 0,
    precision: tp + fp > 0 ? tp / (tp + fp) : 0,
    recall,
    f1: 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0,
    selectionRate: n > 0 ? (tp + fp) / n : 0,
    fourFifths: audit.fourFifths,
    disparateImpact: audit.disparateImpact,
  };
}

function mitigationReport(method: Mitigation, on: readonly string[], goal: FairnessGoal | null, before: OperatingPoint, after: OperatingPoint, note: string): MitigationReport {
  return { method, on, goal, before, after, aucCost: before.auc - after.auc, accuracyCost: before.accuracy - after.accuracy, note };
}


/** Group rows of new data the way stored group thresholds were fitted, and give each row its threshold. */
export function rowThresholds(stored: StoredGroupThresholds, table: RawTable): { thresholds: Float64Array; grouping: Grouping } {
  const groupings = stored.columns.map((c) => groupRows(table, c, stored.bands[c] ?? "levels"));
  const joint = crossGroups(groupings);
  const byLabel = new Map(stored.groups.map((g) => [g.group, g.threshold]));
  const perGroup = joint.labels.map((label) => byLabel.get(label) ?? stored.fallback);
  return { thresholds: Float64Array.from(joint.groupOf, (g) => perGroup[g] as number), grouping: joint };
}
