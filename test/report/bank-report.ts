// Trains the bank-marketing model the report tests look at (UCI bank.csv, 4,521 rows,
// 2 folds to stay fast; `duration` is left out because it is only known after the call)
// and writes its model.json, report.json and report.html into a fresh folder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { train } from "../../src/index.js";
import { writeTrainingOutputs } from "../../src/report/write-training-outputs.js";
import type { TrainReport } from "../../src/report/report-types.js";
import { dataset } from "../acceptance/datasets.js";
import { tempDir } from "../cli/run-cli.js";

export interface BankReport {
  readonly dir: string;
  readonly htmlPath: string;
  readonly html: string;
  /** report.json as written (NaN became null), with the extra parts of the file. */
  readonly json: TrainReport & Record<string, unknown>;
  readonly report: TrainReport;
}

export async function bankReport(): Promise<BankReport> {
  const result = await train(dataset("bank-marketing/bank.csv"), { target: "y", exclude: ["duration"], folds: 2, seed: 7 });
  const dir = tempDir();
  const paths = writeTrainingOutputs(result, dir);
  return {
    dir,
    htmlPath: paths.html,
    html: readFileSync(paths.html, "utf8"),
    json: JSON.parse(readFileSync(join(dir, "report.json"), "utf8")),
    report: result.report,
  };
}

/** The sections every training report has, in page order (holdout, fairness, model card only when they ran). */
export const TRAIN_SECTIONS = ["summary", "ranking", "targeting", "threshold", "calibration", "drivers", "grades", "leaderboard", "quality", "columns"] as const;

/** The charts of a bank-marketing gradient-boosting report. */
export const TRAIN_CHARTS = [
  "roc",
  "precision-recall",
  "gains",
  "lift",
  "calibration",
  "score-distribution",
  "importance-value",
  "importance-meanAbsContribution",
  "importance-permutation",
  "contributions",
  "grades",
] as const;
