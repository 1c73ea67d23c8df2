import { statSync } from "node:fs";
import type { Command } from "commander";
import { LeadscoreError } from "../core/errors.js";
import pc from "picocolors";
import { readTable } from "../data/read-table.js";
import type { ColumnKind, RawTable } from "../core/frame.js";
import { writeTrainingOutputs } from "../report/write-training-outputs.js";
import { readReasonTemplates } from "../train/reason-templates.js";
import type { ThresholdSpec } from "../evaluate/threshold.js";
import type { ModelChoice, TrainOptions } from "../train/options.js";
import { type TrainResult, frameTrainingData, hashedColumns, trainFromData } from "../train/train.js";
import { readFrame } from "../data/read-frame.js";
import { trainWithFairness } from "../audit/training-fairness.js";
import { printFairness, trainingAuditOptionsOf } from "./fairness-command.js";
import { parseGrades, parseThreshold } from "./threshold-flags.js";
import { collectList, collectRepeat, parseInteger, parseKinds, parseNumber, parseParams } from "./flags.js";
import { createProgress } from "./progress.js";
import { type EventFlags, addTrainEventFlags } from "./event-flags.js";
import { prepareEventTraining } from "../score/event-training.js";
import { printJson, printTrainSummary } from "./print.js";

export interface TrainFlags extends EventFlags {
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
  /** Gradient boosting: monotone constraints "col:+1,col:-1", and the weight of positive rows. */
  monotone?: string;
  scalePosWeight?: number;
  kind: string[];
  na: string[];
  reasons?: string;
  thresholdRule?: string;
  costs?: string;
  capacity?: string;
  grades?: string;
  /** Fairness at training (see fairness-command.ts). */
  allowProtected?: boolean;
  protectedBands?: string[];
  favourable?: string;
  mitigate?: string;
  mitigateOn?: string[];
  fairGoal?: string;
  bootstrap?: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

export function addTrainOptions(command: Command): Command {
  return addTrainEventFlags(command)
    .option("--positive <value>", "which target value is the positive class (default: 1, yes, true or y)")
    .option("--model <family>", "auto | logistic | tree | forest | gbdt | mlp | scorecard", "auto")
    .option("--folds <k>", "cross-validation folds; 0 fits once on all rows", parseInteger("--folds", 0), 5)
    .option("--seed <n>", "random seed", parseInteger("--seed", 0), 42)
    .option("--id <column>", "the column that identifies each row")
    .option("--exclude <columns>", "columns not to use (comma-separated, repeatable)", collectList, [])
    .option("--protected <columns>", "columns audited for fairness, never used as features", collectList, [])
    .option("--allow-protected", "let the --protected columns be model inputs too (they are still audited)")
    .option("--protected-bands <column=edges>", "band a numeric protected column at these edges, e.g. age=25,35,50 (default: quartiles); repeatable", collectRepeat, [])
    .option("--favourable <which>", "which prediction is good for the person: positive (default) or negative (e.g. not predicted to default)")
    .option("--mitigate <method>", "reweigh (reweighing at training) or thresholds (group-specific thresholds, stored in the model)")
    .option("--mitigate-on <columns>", "protected columns the mitigation works on (default: all, combined)", collectList, [])
    .option("--fair-goal <goal>", "goal of --mitigate thresholds: demographic-parity (default) or equal-opportunity")
    .option("--bootstrap <n>", "bootstrap resamples for the fairness intervals", parseInteger("--bootstrap", 0), 1000)
    .option("--time-col <column>", "out-of-time validation: hold out the latest 20 % by this column")
    .option("--time-budget <seconds>", "time budget for --model auto", parseNumber("--time-budget"))
    .option("--param <name=value>", "model hyper-parameter (repeatable)", collectRepeat, [])
    .option("--monotone <col:+1,col:-1>", "gbdt: the score may only rise (+1) or only fall (-1) as these numeric columns grow")
    .option("--scale-pos-weight <w>", "gbdt: weight of every positive row, for rare positives (probabilities are recalibrated)", parseNumber("--scale-pos-weight"))
    .option("--kind <column=kind>", "override an inferred column kind (repeatable)", collectList, [])
    .option("--na <tokens>", "extra missing-value tokens (comma-separated)", collectList, [])
    .option("--reasons <file>", "reason wording: labels, units and templates per column (JSON)")
    .option("--threshold-rule <rule>", "max-f1 (default), max-accuracy or youden")
    .option("--costs <fp=N,fn=N>", "choose the threshold with the least cost, e.g. fp=1,fn=5")
    .option("--capacity <n|p%>", "choose the threshold that flags N rows of the training data, or a share like 10%")
    .option("--grades <A:25,B:25,…>", "grade names, highest probability first, with the percent of training rows in each")
    .option("--json", "print one JSON document instead of tables")
    .option("--quiet", "print nothing but errors");
}

export function trainOptionsOf(flags: TrainFlags, onProgress?: TrainOptions["onProgress"]): TrainOptions {
  const kinds: Record<string, ColumnKind> = parseKinds(flags.kind);
  if (flags.scalePosWeight !== undefined && flags.scalePosWeight !== 1 && flags.folds === 0) {
    throw new LeadscoreError("usage", "--scale-pos-weight needs cross-validation (--folds 2 or more): its probabilities are recalibrated on out-of-fold predictions.", { field: "scale-pos-weight" });
  }
  return {
    target: flags.target,
    ...(flags.positive !== undefined ? { positive: flags.positive } : {}),
    model: flags.model,
    folds: flags.folds,
    seed: flags.seed,
    ...(flags.id !== undefined ? { id: flags.id } : {}),
    exclude: flags.exclude,
    protected: flags.protected,
    ...(flags.allowProtected ? { allowProtected: true } : {}),
    ...(flags.timeCol !== undefined ? { timeCol: flags.timeCol } : {}),
    ...(flags.timeBudget !== undefined ? { timeBudget: flags.timeBudget } : {}),
    params: {
      ...parseParams(flags.param),
      ...(flags.monotone !== undefined ? { monotone: flags.monotone } : {}),
      ...(flags.scalePosWeight !== undefined ? { scalePosWeight: String(flags.scalePosWeight) } : {}),
    },
    kinds,
    na: flags.na,
    ...(flags.reasons !== undefined ? { reasons: readReasonTemplates(flags.reasons) } : {}),
    ...thresholdOption(flags),
    ...(flags.grades !== undefined ? { grades: parseGrades(flags.grades) } : {}),
    ...eventsOption(flags),
    ...(onProgress ? { onProgress } : {}),
  };
}

function eventsOption(flags: TrainFlags): Pick<TrainOptions, "events"> {
  if (flags.events === undefined) {
    const stray = flags.asOf !== undefined ? "--as-of" : flags.halfLife !== undefined ? "--half-life" : undefined;
    if (stray) throw new LeadscoreError("usage", `${stray} applies to behavioural events: give them with --events FILE.`, { field: stray.slice(2) });
    return {};
  }
  return { events: { file: flags.events, ...(flags.asOf !== undefined ? { asOf: flags.asOf } : {}), ...(flags.halfLife !== undefined ? { halfLifeDays: flags.halfLife } : {}) } };
}

/**
 * Reads `data`, trains and writes the outputs. `adjust` lets a command built on train (e.g.
 * `scorecard`) change the options once the table is read.
 */
export async function runTraining(
  data: string,
  flags: TrainFlags,
  adjust?: (table: RawTable, options: TrainOptions) => TrainOptions,
): Promise<{ result: TrainResult; paths: ReturnType<typeof writeTrainingOutputs>; table: RawTable }> {
  const progress = createProgress(!flags.json && !flags.quiet);
  try {
    if (adjust === undefined && flags.protected.length === 0 && flags.events === undefined && isLargeFile(data)) {
      // large files go straight into typed columns: every cell as a string would not fit
      const options = trainOptionsOf(flags, (done, total, label) => progress.update(done, total, label));
      const read = await readFrame(data, {
        na: flags.na,
        kinds: { ...(options.kinds ?? {}), [options.target]: "categorical" },
        requiredColumn: options.target,
        hashColumns: (schema) => hashedColumns(schema, options),
      });
      const result = trainFromData(() => frameTrainingData(read, options), options);
      progress.stop();
      return { result, paths: writeTrainingOutputs(result, flags.out), table: read.preview };
    }
    const read = await readTable(data, { na: flags.na });
    const given = trainOptionsOf(flags, (done, total, label) => progress.update(done, total, label));
    // Events become lead columns first (prepareEventTraining), so everything after sees a plain table.
    const events = given.events ? await prepareEventTraining(read, given) : undefined;
    const table = events?.table ?? read;
    const options = events?.options ?? given;
    const trained = trainWithFairness(table, adjust ? adjust(table, options) : options, trainingAuditOptionsOf(flags));
    const result = events ? events.finish(trained) : trained;
    progress.stop();
    const paths = writeTrainingOutputs(result, flags.out);
    return { result, paths, table };
  } finally {
    progress.stop();
  }
}

/**
 * Files at least this large (256 MiB, or LEADSCORE_STREAM_BYTES) are read chunk by chunk into
 * typed columns, kinds inferred from their first 200,000 rows.
 */
function isLargeFile(path: string): boolean {
  const limit = Number(process.env["LEADSCORE_STREAM_BYTES"] ?? 256 * 2 ** 20);
  try {
    return statSync(path).size >= limit;
  } catch {
    return false; // unreadable: the ordinary reader reports it
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
      if (result.report.fairness) printFairness(result.report.fairness);
      process.stdout.write(`\n${pc.bold("Wrote")} ${paths.model}, ${paths.report}, ${paths.html}, ${paths.card}\n`);
    }
  });
}

function thresholdOption(flags: TrainFlags): { threshold?: ThresholdSpec } {
  const threshold = parseThreshold(flags.thresholdRule, flags.costs, flags.capacity);
  return threshold ? { threshold } : {};
}
