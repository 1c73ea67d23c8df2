/**
 * A/B comparison of two scorers on the same labelled rows (`leadscore compare`, SPEC §2):
 * AUC of each with DeLong's test of the difference, conversions captured in the top 10 %
 * and at a capacity, the gains curve, calibration of the scorers that give probabilities,
 * how many rows change grade, and a verdict in plain words with its statistical confidence.
 */
import type { RawTable } from "../core/frame.js";
import { aucInterval } from "../evaluate/auc-interval.js";
import { calibrationTable } from "../evaluate/calibration.js";
import { type RocPoint, curvePoints } from "../evaluate/curve-points.js";
import { ksStatistic } from "../evaluate/metrics.js";
import { readTarget } from "../train/target.js";
import { type Captured, capturedAt, decileCapture, gains } from "./capture.js";
import type { ComparedScorer, ScoredBy } from "./compared-scorer.js";
import { delongTest } from "./delong.js";
import { normalCdf } from "./normal-distribution.js";
import { takeTableRows } from "../data/take-table-rows.js";

export interface ScorerSummary {
  readonly name: string;
  readonly kind: "model" | "rules";
  readonly auc: number;
  /** 95 % DeLong interval of this AUC. */
  readonly aucLow: number;
  readonly aucHigh: number;
  readonly ks: number;
  readonly topDecile: Captured;
  readonly atCapacity: Captured | null;
  readonly gains: readonly Captured[];
  /** Each tenth of the rows by this scorer on its own (the gains split up): the lift by decile. */
  readonly deciles: readonly Captured[];
  /** The ROC curve thinned to at most 200 points; `threshold` is the cut in this scorer's own units (probability or points). */
  readonly roc: readonly RocPoint[];
  /** For scorers that give probabilities. */
  readonly calibration: { readonly ece: number; readonly meanPredicted: number; readonly observedRate: number } | null;
  readonly gradesFrom: string;
}

export interface GradeChanges {
  /** Rows whose grade under B differs from their grade under A (grades compared by rank: best, second, …). */
  readonly rows: number;
  readonly share: number;
  /** Rows B grades better than A, and worse. */
  readonly up: number;
  readonly down: number;
  /** counts[i][j]: rows graded labelsA[i] by A and labelsB[j] by B. */
  readonly labelsA: readonly string[];
  readonly labelsB: readonly string[];
  readonly counts: readonly (readonly number[])[];
}

export interface CompareReport {
  readonly rows: number;
  readonly positives: number;
  readonly target: string;
  readonly positive: string;
  readonly a: ScorerSummary;
  readonly b: ScorerSummary;
  /** diff = AUC_b − AUC_a; low/high its 95 % interval. */
  readonly delong: { readonly diff: number; readonly z: number; readonly pValue: number; readonly low: number; readonly high: number; readonly variance: number };
  /** Conversions captured in the top 10 % of rows by each scorer. */
  readonly topDecile: { readonly rows: number; readonly a: number; readonly b: number };
  readonly capacity: number | null;
  readonly gradeChanges: GradeChanges;
  /** "a", "b", or "none" when the difference is not statistically significant. */
  readonly winner: "a" | "b" | "none";
  /** One-sided confidence that the scorer with the higher AUC really ranks better: Φ(|z|). */
  readonly confidence: number;
  readonly verdict: string;
}

export interface CompareOptions {
  readonly target: string;
  readonly positive?: string;
  /** Rows the team can work: a count, or a share of rows when below 1. */
  readonly capacity?: number;
  /** Significance level of the verdict (default 0.05). */
  readonly alpha?: number;
}

export function compareScorers(a: ComparedScorer, b: ComparedScorer, table: RawTable, options: CompareOptions): CompareReport {
  const positive = options.positive ?? a.positive ?? b.positive ?? undefined;
  const target = readTarget(table, options.target, positive);
  const rows = target.rows;
  const subset = takeTableRows(table, rows);
  const y = target.labels;
  const positives = y.reduce((s, v) => s + v, 0);
  const scoredA = a.score(subset);
  const scoredB = b.score(subset);
  const capacityRows = options.capacity === undefined ? null : options.capacity < 1 ? Math.round(options.capacity * y.length) : Math.min(y.length, Math.round(options.capacity));
  const test = delongTest(scoredA.ranking, scoredB.ranking, y);
  const summaryA = summarise(a, scoredA, y, capacityRows);
  const summaryB = summarise(b, scoredB, y, capacityRows);
  const alpha = options.alpha ?? 0.05;
  const winner: CompareReport["winner"] = test.pValue < alpha ? (test.diff > 0 ? "b" : "a") : "none";
  const confidence = normalCdf(Math.abs(test.z));
  const report = {
    rows: y.length,
    positives,
    target: options.target,
    positive: target.positive,
    a: summaryA,
    b: summaryB,
    delong: { diff: test.diff, z: test.z, pValue: test.pValue, low: test.low, high: test.high, variance: test.variance },
    topDecile: { rows: summaryA.topDecile.rows, a: summaryA.topDecile.conversions, b: summaryB.topDecile.conversions },
    capacity: capacityRows,
    gradeChanges: gradeChanges(scoredA, scoredB),
    winner,
    confidence,
  };
  return { ...report, verdict: verdictText(report, alpha) };
}

function summarise(scorer: ComparedScorer, scored: ScoredBy, y: Uint8Array, capacity: number | null): ScorerSummary {
  const interval = aucInterval(scored.ranking, y);
  const cumulative = gains(scored.ranking, y);
  const positives = y.reduce((s, v) => s + v, 0);
  const p = scored.probability;
  let calibration: ScorerSummary["calibration"] = null;
  if (p !== null) {
    let mean = 0;
    let observed = 0;
    for (let i = 0; i < p.length; i++) {
      mean += p[i] as number;
      observed += y[i] as number;
    }
    calibration = { ece: calibrationTable(p, y).ece, meanPredicted: mean / p.length, observedRate: observed / p.length };
  }
  return {
    name: scorer.name,
    kind: scorer.kind,
    auc: interval.auc,
    aucLow: interval.low,
    aucHigh: interval.high,
    ks: ksStatistic(scored.ranking, y),
    topDecile: capturedAt(scored.ranking, y, y.length / 10),
    atCapacity: capacity === null ? null : capturedAt(scored.ranking, y, capacity),
    gains: cumulative,
    deciles: decileCapture(cumulative, positives, y.length),
    roc: curvePoints(scored.ranking, y).roc,
    calibration,
    gradesFrom: scored.gradesFrom,
  };
}

function gradeChanges(a: ScoredBy, b: ScoredBy): GradeChanges {
  const counts = a.gradeLabels.map(() => b.gradeLabels.map(() => 0));
  let changed = 0;
  let up = 0;
  let down = 0;
  const n = a.gradeRank.length;
  for (let i = 0; i < n; i++) {
    const ga = a.gradeRank[i] as number;
    const gb = b.gradeRank[i] as number;
    const row = counts[ga];
    if (row !== undefined && gb < row.length) row[gb] = (row[gb] as number) + 1;
    if (ga !== gb) changed++;
    if (gb < ga) up++;
    else if (gb > ga) down++;
  }
  return { rows: changed, share: n > 0 ? changed / n : 0, up, down, labelsA: a.gradeLabels, labelsB: b.gradeLabels, counts };
}

function verdictText(r: Omit<CompareReport, "verdict">, alpha: number): string {
  const f = (v: number) => v.toFixed(3);
  const p = r.delong.pValue < 0.001 ? "p < 0.001" : `p = ${r.delong.pValue.toFixed(3)}`;
  const aucs = `AUC ${f(r.b.auc)} for ${r.b.name} against ${f(r.a.auc)} for ${r.a.name} (difference ${r.delong.diff >= 0 ? "+" : ""}${f(r.delong.diff)}, 95 % interval ${f(r.delong.low)} to ${f(r.delong.high)}, ${p})`;
  const topA = r.topDecile.a;
  const topB = r.topDecile.b;
  const top = `In the top 10 % of rows (${r.topDecile.rows}), ${r.b.name} finds ${topB.toFixed(1)} of ${r.positives} positives and ${r.a.name} ${topA.toFixed(1)}`;
  const change = topA > 0 ? ` (${topB >= topA ? "+" : ""}${(((topB - topA) / topA) * 100).toFixed(0)} %)` : "";
  const confidence = r.confidence > 0.9999 ? "above 99.99 %" : `${(r.confidence * 100).toFixed(r.confidence > 0.999 ? 2 : 1)} %`;
  if (r.winner === "none") {
    return `No reliable difference: ${aucs}. At the ${(alpha * 100).toFixed(0)} % level this could be chance, so these data do not show that either scorer ranks better (confidence that the higher AUC is really higher: ${confidence}). ${top}${change}.`;
  }
  const better = r.winner === "b" ? r.b.name : r.a.name;
  const worse = r.winner === "b" ? r.a.name : r.b.name;
  return `${better} ranks better than ${worse}: ${aucs}. The difference is statistically significant; confidence that ${better} really ranks better: ${confidence}. ${top}${change}. ${r.gradeChanges.rows} of ${r.rows} rows (${(r.gradeChanges.share * 100).toFixed(1)} %) change grade.`;
}
