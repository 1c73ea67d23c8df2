import type { Command } from "commander";
import pc from "picocolors";
import { readTable } from "../data/read-table.js";
import { evaluateModel } from "../score/evaluate-model.js";
import { loadModel } from "../score/loaded-model.js";
import { collectList } from "./flags.js";
import { formatTable, printJson } from "./print.js";
import { EVENTS_HELP, type EventFlags, SCORING_AS_OF_HELP, eventFiles } from "./event-flags.js";
import { withScoringEvents } from "../score/event-scoring.js";

export function registerEvaluate(program: Command): void {
  program
    .command("evaluate")
    .description("metrics of a model on labelled data")
    .argument("<model>", "model.json written by train")
    .argument("<data>", "labelled CSV, JSON Lines or Parquet file")
    .requiredOption("--target <column>", "the outcome column")
    .option("--positive <value>", "which target value is the positive class (default: the model's)")
    .option("--na <tokens>", "extra missing-value tokens (comma-separated)", collectList, [])
    .option("--json", "print one JSON document instead of tables")
    .option("--events <file>", EVENTS_HELP)
    .option("--as-of <column|date>", SCORING_AS_OF_HELP)
    .action(async (modelPath: string, data: string, flags: EventFlags & { target: string; positive?: string; na: string[]; json?: boolean }) => {
      const model = loadModel(modelPath);
      const na = [...((model.file.training.options.na as string[] | undefined) ?? []), ...flags.na];
      const table = await withScoringEvents(model.file, await readTable(data, { na }), eventFiles(flags));
      const result = evaluateModel(model, table, flags.target, flags.positive);
      if (flags.json) return printJson(result);
      const m = result.metrics;
      process.stdout.write(`${pc.bold("Rows")} ${result.rows}, ${result.positives} positive\n`);
      process.stdout.write(
        `${formatTable(["AUC", "PR AUC", "log loss", "Brier", "KS", "Gini"], [[m.auc, m.prAuc, m.logLoss, m.brier, m.ks, m.gini].map((v) => v.toFixed(4))])}\n`,
      );
      const t = result.threshold;
      process.stdout.write(
        `${pc.bold("At threshold")} ${t.value.toFixed(4)}: TP ${t.confusion.tp}, FP ${t.confusion.fp}, TN ${t.confusion.tn}, FN ${t.confusion.fn}; precision ${t.precision.toFixed(3)}, recall ${t.recall.toFixed(3)}\n`,
      );
      process.stdout.write(
        `${formatTable(
          ["decile", "rows", "positives", "rate", "lift", "cum. gain"],
          result.lift.map((r) => [String(r.decile), String(r.rows), String(r.positives), r.rate.toFixed(3), r.lift.toFixed(2), r.cumulativeGain.toFixed(3)]),
        )}\n`,
      );
    });
}
