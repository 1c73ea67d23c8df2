/** The shape of report.json (SPEC §5). */
import type { QualityIssue } from "../data/quality.js";
import type { CalibrationTable } from "../evaluate/calibration.js";
import type { LiftRow } from "../evaluate/lift.js";
import type { ThresholdChoice } from "../evaluate/threshold.js";
import type { GradeScale } from "../train/grades.js";
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
  readonly importance: readonly { readonly feature: string; readonly value: number }[];
  readonly grades: GradeScale;
  readonly holdout: Readonly<Record<string, number>> | null;
}
