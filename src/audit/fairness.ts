/**
 * Group fairness of a scorer's decisions (`leadscore fairness`, SPEC §2): per group of each
 * protected column, the rows, the selection rate (share decided positive), TPR, FPR,
 * precision, AUC and calibration-in-the-large, each with a 95 % bootstrap interval; the
 * disparate-impact ratio of each group's favourable-decision rate to the most favoured
 * group's, against the four-fifths rule; and the demographic-parity, equal-opportunity and
 * equalized-odds differences (largest minus smallest rate over the groups, as Fairlearn
 * defines them).
 *
 * Which decision is favourable depends on the use: for lead scoring, being selected
 * (predicted positive) is; for a credit model whose positive class is default, being
 * predicted negative (approved) is. `favourable` says which, and disparate impact and equal
 * opportunity follow it: with favourable "negative", equal opportunity compares approval
 * rates among rows that turned out negative (good payers), i.e. the FPR difference.
 */
import { LeadscoreError } from "../core/errors.js";
import { rankAuc } from "../data/single-column-auc.js";
import { Rng } from "../core/rng.js";
import { type Interval, groupMembers, percentileInterval, resampleCounts } from "./bootstrap.js";
import type { Grouping } from "./protected-groups.js";

export type Favourable = "positive" | "negative";

/** Groups smaller than this are reported but neither chosen as the reference nor used in the differences. */
export const MIN_GROUP_ROWS = 30;
export const FOUR_FIFTHS = 0.8;

export interface GroupMetrics {
  readonly column: string;
  readonly group: string;
  readonly rows: number;
  readonly positives: number;
  readonly confusion: { readonly tp: number; readonly fp: number; readonly tn: number; readonly fn: number };
  readonly selectionRate: Interval;
  readonly tpr: Interval;
  readonly fpr: Interval;
  readonly precision: Interval;
  /** AUC within the group (NaN when it holds one outcome only). */
  readonly auc: number;
  readonly aucInterval: { readonly low: number; readonly high: number };
  /** Mean predicted probability against the observed positive rate. */
  readonly calibration: { readonly meanPredicted: number; readonly observedRate: number };
  /** Share of the group given the favourable decision. */
  readonly favourableRate: number;
  /** Fewer than MIN_GROUP_ROWS rows: intervals are wide and the group is left out of the differences. */
  readonly small: boolean;
}

export interface DisparateImpact {
  readonly column: string;
  readonly group: string;
  readonly reference: string;
  /** favourable rate of the group / favourable rate of the reference group. */
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
  /** ratio ≥ 0.8 (the four-fifths rule). */
  readonly passes: boolean;
}

export interface GroupDifferences {
  readonly column: string;
  /** Largest minus smallest selection rate. */
  readonly demographicParity: Interval;
  /** Largest minus smallest favourable-decision rate among rows whose outcome is the favourable one. */
  readonly equalOpportunity: Interval;
  /** The larger of the TPR and FPR differences. */
  readonly equalizedOdds: Interval;
  readonly tprDifference: number;
  readonly fprDifference: number;
  readonly groupsCompared: readonly string[];
}

export interface FairnessAudit {
  readonly rows: number;
  readonly favourable: Favourable;
  readonly bootstrap: { readonly replicates: number; readonly seed: number; readonly level: number };
  readonly groups: readonly GroupMetrics[];
  readonly disparateImpact: readonly DisparateImpact[];
  readonly differences: readonly GroupDifferences[];
  /** Per column: the smallest disparate-impact ratio and whether every group passes the four-fifths rule. */
  readonly fourFifths: readonly { readonly column: string; readonly minRatio: number; readonly passes: boolean }[];
}

export interface FairnessInput {
  /** Calibrated probabilities of the positive class. */
  readonly proba: Float64Array;
  readonly labels: Uint8Array;
  /** 1 where the row is decided positive (selected). */
  readonly decisions: Uint8Array;
  readonly groupings: readonly Grouping[];
  readonly favourable: Favourable;
  readonly replicates: number;
  readonly seed: number;
  /** Reference group per column; by default the most favoured group of at least MIN_GROUP_ROWS rows. */
  readonly reference?: Readonly<Record<string, string>>;
}

interface Counts {
  rows: number;
  positives: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function fairnessAudit(input: FairnessInput): FairnessAudit {
  const groups: GroupMetrics[] = [];
  const disparateImpact: DisparateImpact[] = [];
  const differences: GroupDifferences[] = [];
  const fourFifths: FairnessAudit["fourFifths"][number][] = [];
  input.groupings.forEach((grouping, c) => {
    const result = auditColumn(input, grouping, input.seed + 7919 * (c + 1));
    groups.push(...result.groups);
    disparateImpact.push(...result.disparateImpact);
    differences.push(result.differences);
    const ratios = result.disparateImpact.filter((d) => !Number.isNaN(d.ratio)).map((d) => d.ratio);
    const minRatio = ratios.length > 0 ? Math.min(...ratios) : 1;
    fourFifths.push({ column: grouping.column, minRatio, passes: minRatio >= FOUR_FIFTHS });
  });
  return {
    rows: input.labels.length,
    favourable: input.favourable,
    bootstrap: { replicates: input.replicates, seed: input.seed, level: 0.95 },
    groups,
    disparateImpact,
    differences,
    fourFifths,
  };
}

function auditColumn(input: FairnessInput, grouping: Grouping, seed: number) {
  const { proba, labels, decisions } = input;
  const k = grouping.labels.length;
  const members = groupMembers(grouping.groupOf, k).map((rows) => byDescendingProba(rows, proba));
  const point = members.map((rows) => countRows(rows, labels, decisions));
  const B = input.replicates;
  // reps.metric[group][b]: the metric of the group in replicate b.
  const reps = { sel: newReps(k, B), tpr: newReps(k, B), fpr: newReps(k, B), prec: newReps(k, B), auc: newReps(k, B) };
  const rng = new Rng(seed);
  const counts = members.map((rows) => new Int32Array(rows.length));
  for (let b = 0; b < B; b++) {
    members.forEach((rows, g) => {
      const w = resampleCounts(rng, counts[g] as Int32Array);
      const c = weightedCounts(rows, w, proba, labels, decisions);
      (reps.sel[g] as Float64Array)[b] = rate(c.tp + c.fp, c.rows);
      (reps.tpr[g] as Float64Array)[b] = rate(c.tp, c.tp + c.fn);
      (reps.fpr[g] as Float64Array)[b] = rate(c.fp, c.fp + c.tn);
      (reps.prec[g] as Float64Array)[b] = rate(c.tp, c.tp + c.fp);
      (reps.auc[g] as Float64Array)[b] = c.auc;
    });
  }
  const favourableOf = (selection: number) => (input.favourable === "positive" ? selection : 1 - selection);
  const groupRows: GroupMetrics[] = point.map((c, g) => {
    const rows = members[g] as Int32Array;
    let meanPredicted = 0;
    for (const r of rows) meanPredicted += proba[r] as number;
    const selection = rate(c.tp + c.fp, c.rows);
    const auc = rankAuc(Float64Array.from(rows, (r) => proba[r] as number), Uint8Array.from(rows, (r) => labels[r] as number));
    const aucInterval = percentileInterval(auc, reps.auc[g] as Float64Array);
    return {
      column: grouping.column,
      group: grouping.labels[g] as string,
      rows: c.rows,
      positives: c.positives,
      confusion: { tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn },
      selectionRate: percentileInterval(selection, reps.sel[g] as Float64Array),
      tpr: percentileInterval(rate(c.tp, c.tp + c.fn), reps.tpr[g] as Float64Array),
      fpr: percentileInterval(rate(c.fp, c.fp + c.tn), reps.fpr[g] as Float64Array),
      precision: percentileInterval(rate(c.tp, c.tp + c.fp), reps.prec[g] as Float64Array),
      auc,
      aucInterval: { low: aucInterval.low, high: aucInterval.high },
      calibration: { meanPredicted: c.rows > 0 ? meanPredicted / c.rows : Number.NaN, observedRate: rate(c.positives, c.rows) },
      favourableRate: favourableOf(selection),
      small: c.rows < MIN_GROUP_ROWS,
    };
  });

  // Groups large enough to compare; all of them when fewer than two are.
  let eligible = groupRows.map((_, g) => g).filter((g) => !(groupRows[g] as GroupMetrics).small && (groupRows[g] as GroupMetrics).rows > 0);
  if (eligible.length < 2) eligible = groupRows.map((_, g) => g).filter((g) => (groupRows[g] as GroupMetrics).rows > 0);

  const named = input.reference?.[grouping.column];
  let reference = named !== undefined ? grouping.labels.indexOf(named) : -1;
  if (named !== undefined && reference < 0) {
    throw new LeadscoreError("usage", `--reference ${grouping.column}=${named}: there is no such group (groups: ${grouping.labels.join(", ")}).`, { field: "reference", column: grouping.column });
  }
  if (reference < 0) {
    reference = eligible.reduce((best, g) => ((groupRows[g] as GroupMetrics).favourableRate > (groupRows[best] as GroupMetrics).favourableRate ? g : best), eligible[0] ?? 0);
  }
  const favReps = (g: number, i: number) => favourableOf((reps.sel[g] as Float64Array)[i] as number);
  const disparateImpact: DisparateImpact[] = [];
  groupRows.forEach((row, g) => {
    if (g === reference) return;
    const ratio = row.favourableRate / (groupRows[reference] as GroupMetrics).favourableRate;
    const ratioReps = Float64Array.from({ length: B }, (_, i) => favReps(g, i) / favReps(reference, i));
    const interval = percentileInterval(Number.isFinite(ratio) ? ratio : Number.NaN, ratioReps.map((v) => (Number.isFinite(v) ? v : Number.NaN)));
    disparateImpact.push({
      column: grouping.column,
      group: row.group,
      reference: (groupRows[reference] as GroupMetrics).group,
      ratio: interval.value,
      low: interval.low,
      high: interval.high,
      passes: !(interval.value < FOUR_FIFTHS),
    });
  });

  const spread = (values: (g: number) => number): number => {
    const v = eligible.map(values).filter((x) => !Number.isNaN(x));
    return v.length < 2 ? Number.NaN : Math.max(...v) - Math.min(...v);
  };
  const spreadReps = (metric: Float64Array[]): Float64Array => Float64Array.from({ length: B }, (_, i) => spread((g) => (metric[g] as Float64Array)[i] as number));
  const tprPoint = (g: number) => (groupRows[g] as GroupMetrics).tpr.value;
  const fprPoint = (g: number) => (groupRows[g] as GroupMetrics).fpr.value;
  const dp = percentileInterval(spread((g) => (groupRows[g] as GroupMetrics).selectionRate.value), spreadReps(reps.sel));
  const tprReps = spreadReps(reps.tpr);
  const fprReps = spreadReps(reps.fpr);
  const tprDifference = spread(tprPoint);
  const fprDifference = spread(fprPoint);
  const eo = input.favourable === "positive" ? percentileInterval(tprDifference, tprReps) : percentileInterval(fprDifference, fprReps);
  const odds = percentileInterval(
    Math.max(tprDifference, fprDifference),
    tprReps.map((t, i) => Math.max(t, fprReps[i] as number)),
  );
  return {
    groups: groupRows,
    disparateImpact,
    differences: {
      column: grouping.column,
      demographicParity: dp,
      equalOpportunity: eo,
      equalizedOdds: odds,
      tprDifference,
      fprDifference,
      groupsCompared: eligible.map((g) => (groupRows[g] as GroupMetrics).group),
    },
  };
}

/** The rows sorted by descending probability (ties by row), the order the weighted AUC sweeps. */
function byDescendingProba(rows: Int32Array, proba: Float64Array): Int32Array {
  return Int32Array.from(rows).sort((a, b) => (proba[b] as number) - (proba[a] as number) || a - b);
}

/** Confusion counts and AUC of rows drawn `w[i]` times each; `rows` sorted by descending probability. */
function weightedCounts(rows: Int32Array, w: Int32Array, proba: Float64Array, labels: Uint8Array, decisions: Uint8Array): Counts & { auc: number } {
  const c = { rows: 0, positives: 0, tp: 0, fp: 0, tn: 0, fn: 0, auc: Number.NaN };
  // AUC by the trapezoid over groups of tied probabilities: Σ Δneg·(2·pos_above + Δpos) / (2·P·N).
  let area = 0;
  let posAbove = 0;
  let negAbove = 0;
  let i = 0;
  while (i < rows.length) {
    let end = i + 1;
    while (end < rows.length && proba[rows[end] as number] === proba[rows[i] as number]) end++;
    let dPos = 0;
    let dNeg = 0;
    for (let j = i; j < end; j++) {
      const r = rows[j] as number;
      const times = w[j] as number;
      if (times === 0) continue;
      const positive = labels[r] === 1;
      const selected = decisions[r] === 1;
      if (positive) dPos += times;
      else dNeg += times;
      if (positive && selected) c.tp += times;
      else if (positive) c.fn += times;
      else if (selected) c.fp += times;
      else c.tn += times;
    }
    area += dNeg * (2 * posAbove + dPos);
    posAbove += dPos;
    negAbove += dNeg;
    i = end;
  }
  c.rows = posAbove + negAbove;
  c.positives = posAbove;
  c.auc = posAbove > 0 && negAbove > 0 ? area / (2 * posAbove * negAbove) : Number.NaN;
  return c;
}

function countRows(rows: Int32Array, labels: Uint8Array, decisions: Uint8Array): Counts {
  const c: Counts = { rows: rows.length, positives: 0, tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const r of rows) {
    const positive = labels[r] === 1;
    const selected = decisions[r] === 1;
    if (positive) c.positives++;
    if (positive && selected) c.tp++;
    else if (positive) c.fn++;
    else if (selected) c.fp++;
    else c.tn++;
  }
  return c;
}

function rate(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : Number.NaN;
}

function newReps(groups: number, replicates: number): Float64Array[] {
  return Array.from({ length: groups }, () => new Float64Array(replicates));
}

/** Decisions at one threshold on the probability: 1 where proba ≥ threshold. */
export function decideAt(proba: Float64Array, threshold: number): Uint8Array {
  return Uint8Array.from(proba, (p) => (p >= threshold ? 1 : 0));
}
