/** Options of `train` (SPEC §2), as the library takes them. */
import type { ColumnKind } from "../core/frame.js";
import type { ThresholdSpec } from "../evaluate/threshold.js";
import type { ScorecardOptions } from "../scorecard/scorecard-options.js";
import type { ReasonTemplates } from "./reason-templates.js";
import type { EventOptions } from "../events/event-options.js";

export type ModelChoice = "auto" | "logistic" | "tree" | "forest" | "gbdt" | "mlp" | "scorecard";

export interface TrainOptions {
  readonly target: string;
  /** Which target value is the positive class; detected when absent. */
  readonly positive?: string;
  readonly model?: ModelChoice;
  /** Cross-validation folds; 0 fits once on all rows without validation. */
  readonly folds?: number;
  readonly seed?: number;
  readonly id?: string;
  readonly exclude?: readonly string[];
  /** Audited later, never used as features (unless `allowProtected`). */
  readonly protected?: readonly string[];
  /** Lets protected columns be model inputs (`--allow-protected`). */
  readonly allowProtected?: boolean;
  /** Sample weights, one per row of the table (e.g. fairness reweighing); rows without a target are ignored. */
  readonly weights?: Float64Array;
  /** Out-of-time validation: the latest 20 % of rows by this column are held out. */
  readonly timeCol?: string;
  readonly timeBudget?: number;
  /** Hyper-parameters of the chosen model, e.g. { trees: "500" }. */
  readonly params?: Readonly<Record<string, string>>;
  /** Column kind overrides. */
  readonly kinds?: Readonly<Record<string, ColumnKind>>;
  /** Extra missing-value tokens (affects reading, recorded for scoring). */
  readonly na?: readonly string[];
  /** How reasons are worded (from `--reasons reasons.json`). */
  readonly reasons?: ReasonTemplates;
  /** Per-column scorecard settings (special values, trends, forced characteristics, bins.json), for `--model scorecard`. */
  readonly scorecard?: ScorecardOptions;
  /** How the decision threshold is chosen (default max-F1). */
  readonly threshold?: ThresholdSpec;
  /** Grade names (highest probability first) and the share of training rows in each. */
  readonly grades?: { readonly labels: readonly string[]; readonly shares: readonly number[] };
  /**
   * Behavioural events aggregated into lead columns before training (`--events`). Only the
   * asynchronous `train()` of the library (and the CLI) reads them; `trainFromTable` refuses them.
   */
  readonly events?: EventOptions;
  /** Called as work advances: `done` of `total` steps. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

export const DEFAULT_FOLDS = 5;
export const DEFAULT_SEED = 42;
export const HOLDOUT_SHARE = 0.2;
