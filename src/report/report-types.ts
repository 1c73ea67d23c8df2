/** The shape of report.json (SPEC §5). */
import type { TrainingFairness } from "../audit/training-fairness.js";
import type { QualityIssue } from "../data/quality.js";
import type { AucInterval } from "../evaluate/auc-interval.js";
import type { CurvePoints } from "../evaluate/curve-points.js";
import type { ScoreHistogram } from "../evaluate/score-histogram.js";
import type { ExplanationProfile } from "../train/explanation-profile.js";
import type { GradeSummaryRow } from "../train/grade-summary.js";
import type { CalibrationTable } from "../evaluate/calibration.js";
import type { LiftRow } from "../evaluate/lift.js";
import type { ThresholdChoice } from "../evaluate/threshold.js";
import type { GradeScale } from "../train/grades.js";
import type { ConfidenceSummary } from "../train/confidence-interval.js";
import type { MetricSummary } from "../train/model-file.js";

export interface DatasetColumn {
  readonly name: string;
  readonly kind: string;
  readonly missingRate: number;
  readonly used: boolean;
  readonly role?: string;
}

export interface LeaderboardRow {
  readonly model: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly metrics: { readonly auc: MetricSummary; readonly logLoss: MetricSummary };
  readonly fitSeconds: number;
}

export interface ImportanceRow {
  readonly feature: string;
  /** Share of the model's own importance (gain for trees, |coefficient| x std for linear models). */
  readonly value: number;
  readonly gain: number;
  /** Mean |contribution| on training rows, in log-odds. */
  readonly meanAbsContribution: number;
  /** AUC drop when the column is shuffled, on held-out rows. */
  readonly permutation?: number;
}

/** One sub-score of the final model on the training rows (models trained with events). */
export interface SubScoreSummary {
  /** Input columns in this half. */
  readonly columns: number;
  /** Share of the mean |log-odds contribution| on training rows. */
  readonly shareOfContribution: number;
  /** AUC of the sub-score alone on the training rows (in-sample: optimistic). */
  readonly aucOnTrainingRows: number;
  readonly meanScorePositive: number;
  readonly meanScoreNegative: number;
}

/** Behavioural events (`train --events`): what was read, what was used, and the fit / engagement split. */
export interface EventsReport {
  readonly file: string;
  /** Each lead's snapshot time, in words: only events strictly before it are used. */
  readonly asOf: string;
  readonly halfLifeDays: number;
  readonly windowsDays: readonly number[];
  readonly sessionGapMinutes: number;
  readonly eventsInFile: number;
  /** Events of known types before each lead's as-of time, joined to a lead of the table. */
  readonly eventsUsed: number;
  readonly leadsWithEvents: number;
  /** Event types among the events used, most frequent first; `kept` false beyond the most frequent 12. */
  readonly types: readonly { readonly type: string; readonly events: number; readonly kept: boolean }[];
  readonly intents: readonly { readonly name: string; readonly pattern: string }[];
  readonly columns: readonly string[];
  /** How fit_score and engagement_score are defined (sub-scores.ts). */
  readonly subScoreDefinition: string;
  readonly fit: SubScoreSummary;
  readonly engagement: SubScoreSummary;
}

export interface TrainReport {
  readonly dataset: {
    readonly source: string;
    readonly rows: number;
    readonly positives: number;
    readonly positiveRate: number;
    readonly target: string;
    readonly positive: string;
    readonly columns: readonly DatasetColumn[];
  };
  readonly quality: readonly QualityIssue[];
  readonly cv: { readonly folds: number; readonly seed: number; readonly metrics: Readonly<Record<string, MetricSummary>> } | null;
  readonly leaderboard: readonly LeaderboardRow[];
  readonly model: { readonly family: string; readonly features: readonly string[] };
  /** Which predictions the threshold, lift and calibration below were computed on. */
  readonly evaluatedOn: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly threshold: ThresholdChoice;
  readonly lift: readonly LiftRow[];
  readonly calibration: CalibrationTable;
  readonly calibrationBefore: CalibrationTable | null;
  /** `--time-budget` search: how many candidates were tried and dropped early (null without a budget). */
  readonly search?: { readonly budgetSeconds: number; readonly candidatesTried: number; readonly candidatesDropped: number } | null;
  /** The calibration chosen, and each candidate's held-out log loss (cross-fitted on out-of-fold outputs). */
  readonly calibrationMethod: { readonly method: string; readonly heldOutLogLoss: { readonly platt: number; readonly isotonic: number } | null };
  /** What confidence_low / confidence_high claim (absent in reports written before it). */
  readonly confidenceInterval?: ConfidenceSummary;
  readonly importance: readonly ImportanceRow[];
  readonly grades: GradeScale;
  readonly holdout: Readonly<Record<string, number>> | null;
  /** Behavioural events, when the model was trained with `--events`. */
  readonly events?: EventsReport;
  /** Fairness audit of the evaluation predictions, when `--protected` was given. */
  readonly fairness?: TrainingFairness;
  /** 95 % DeLong interval of the AUC of the predictions above (pooled out-of-fold under cross-validation). */
  readonly aucInterval: AucInterval;
  /** ROC and precision-recall curves of the same predictions, at most 200 points each. */
  readonly curves: CurvePoints;
  /** Probabilities of positive and negative rows, counted in 50 equal-width bins. */
  readonly scoreDistribution: ScoreHistogram;
  /** Rows and positive rate per grade, on the same predictions. */
  readonly gradeSummary: readonly GradeSummaryRow[];
  /** The final model's contributions on (a sample of) the training rows, per input column, in log-odds. */
  readonly contributions?: ExplanationProfile;
}
