import type { Command } from "commander";
import pc from "picocolors";
import { readTable } from "../data/read-table.js";
import type { ColumnKind } from "../core/frame.js";
import { writeTrainingOutputs } from "../report/write-training-outputs.js";
import { readReasonTemplates } from "../train/reason-templates.js";
import type { ModelChoice, TrainOptions } from "../train/options.js";
import { type TrainResult, trainFromTable } from "../train/train.js";
import { collectList, collectRepeat, parseInteger, parseKinds, parseNumber, parseParams } from "./flags.js";
import { createProgress } from "./progress.js";
import { printJson, printTrainSummary } from "./print.js";

export interface TrainFlags {
  target: string;
  positive?: string;
  model: ModelChoice;
  folds: number;
  seed: number;
  id?: string;
  exclude: string[];
  protected: string[];
  timeCol?: string;
  timeBudget?: number;
  param: string[];
  kind: string[];
  na: string[];
  reasons?: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

export function addTrainOptions(command: Command): Command {
  return command
    .option("--positive <value>", "which target value is the positive class (default: 1, yes, true or y)")
    .option("--model <family>", "auto | logistic | gbdt (tree, forest, mlp, scorecard: coming)", "auto")
    .option("--folds <k>", "cross-validation folds; 0 fits once on all rows", parseInteger("--folds", 0), 5)
    .option("--seed <n>", "random seed", parseInteger("--seed", 0), 42)
    .option("--id <column>", "the column that identifies each row")
    .option("--exclude <columns>", "columns not to use (comma-separated, repeatable)", collectList, [])
    .option("--protected <columns>", "columns audited for fairness, never used as features", collectList, [])
    .option("--time-col <column>", "out-of-time validation: hold out the latest 20 % by this column")
    .option("--time-budget <seconds>", "time budget for --model auto", parseNumber("--time-budget"))
    .option("--param <name=value>", "model hyper-parameter (repeatable)", collectRepeat, [])
    .option("--kind <column=kind>", "override an inferred column kind (repeatable)", collectList, [])
    .option("--na <tokens>", "extra missing-value tokens (comma-separated)", collectList, [])
    .option("--reasons <file>", "reason wording: labels, units and templates per column (JSON)")
    .option("--json", "print one JSON document instead of tables")
    .option("--quiet", "print nothing but errors");
}

export function trainOptionsOf(flags: TrainFlags, onProgress?: TrainOptions["onProgress"]): TrainOptions {
  const kinds: Record<string, ColumnKind> = parseKinds(flags.kind);
  return {
    target: flags.target,
    ...(flags.positive !== undefined ? { positive: flags.positive } : {}),
    model: flags.model,
    folds: flags.folds,
    seed: flags.seed,
    ...(flags.id !== undefined ? { id: flags.id } : {}),
    exclude: flags.exclude,
    protected: flags.protected,
    ...(flags.timeCol !== undefined ? { timeCol: flags.timeCol } : {}),
    ...(flags.timeBudget !== undefined ? { timeBudget: flags.timeBudget } : {}),
    params: parseParams(flags.param),
    kinds,
    na: flags.na,
    ...(flags.reasons !== undefined ? { reasons: readReasonTemplates(flags.reasons) } : {}),
    ...(onProgress ? { onProgress } : {}),
  };
}

export async function runTraining(data: string, flags: TrainFlags): Promise<{ result: TrainResult; paths: ReturnType<typeof writeTrainingOutputs> }> {
  const progress = createProgress(!flags.json && !flags.quiet);
  try {
    const table = await readTable(data, { na: flags.na });
    const result = trainFromTable(table, trainOptionsOf(flags, (done, total, label) => progress.update(done, total, label)));
    progress.stop();
    const paths = writeTrainingOutputs(result, flags.out);
    return { result, paths };
  } finally {
    progress.stop();
  }
}

export function registerTrain(program: Command): void {
  addTrainOptions(
    program
      .command("train")
      .description("learn a model from labelled rows; writes model.json, report.json and report.html")
      .argument("<data>", "CSV, JSON Lines or Parquet file of past leads with their outcome")
      .requiredOption("--target <column>", "the outcome column")
      .option("--out <dir>", "output folder", "./model"),
  ).action(async (data: string, flags: TrainFlags) => {
    const { result, paths } = await runTraining(data, flags);
    if (flags.json) printJson({ outputs: paths, ...result.report });
    else if (!flags.quiet) {
      printTrainSummary(result.report);
      process.stdout.write(`\n${pc.bold("Wrote")} ${paths.model}, ${paths.report}, ${paths.html}\n`);
    }
  });
}
