import { basename } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import { type DriftReport, driftReport } from "../audit/drift.js";
import { readTable } from "../data/read-table.js";
import { driftPage } from "../report/drift-page.js";
import { creationTime } from "../report/write-training-outputs.js";
import { loadModel } from "../score/loaded-model.js";
import { collectList, parseInteger } from "./flags.js";
import { formatTable, printJson } from "./print.js";
import { fixedOrDash, pValueText, writeReportFile } from "./report-file.js";
import { EVENTS_HELP, type EventFlags, SCORING_AS_OF_HELP, eventFiles } from "./event-flags.js";
import { withScoringEvents } from "../score/event-scoring.js";

/** Exit status when an input is in band `act` (SPEC §2), so a scheduler can trigger retraining. */
export const DRIFT_ACT_EXIT_CODE = 3;

/** Thrown after the drift report is printed, to end the command with exit code 3. */
export class DriftActSignal extends Error {
  readonly exitCode = DRIFT_ACT_EXIT_CODE;
  constructor(columns: readonly string[]) {
    super(`drift in band act: ${columns.join(", ")}`);
    this.name = "DriftActSignal";
  }
}

interface DriftFlags extends EventFlags {
  target?: string;
  positive?: string;
  seed: number;
  na: string[];
  json?: boolean;
  report?: string;
}

export function registerDrift(program: Command): void {
  program
    .command("drift")
    .description("drift of new data against the model's training data (PSI per input and of the score); exits 3 when an input is in band act")
    .argument("<model>", "model.json written by train")
    .argument("<data>", "new rows (CSV, JSON Lines or Parquet)")
    .option("--target <column>", "the outcome column, once outcomes have arrived: adds the real AUC, KS and calibration")
    .option("--positive <value>", "which target value is the positive class (default: the model's)")
    .option("--seed <n>", "random seed of the estimated-AUC simulations", parseInteger("--seed", 0), 42)
    .option("--na <tokens>", "extra missing-value tokens (comma-separated)", collectList, [])
    .option("--report <file>", "also write a self-contained HTML page")
    .option("--json", "print one JSON document instead of tables")
    .option("--events <file>", EVENTS_HELP)
    .option("--as-of <column|date>", SCORING_AS_OF_HELP)
    .action(async (modelPath: string, data: string, flags: DriftFlags) => {
      const model = loadModel(modelPath);
      const na = [...((model.file.training.options.na as string[] | undefined) ?? []), ...flags.na];
      const table = await withScoringEvents(model.file, await readTable(data, { na }), eventFiles(flags));
      const report = driftReport(model, table, modelPath, {
        ...(flags.target !== undefined ? { target: flags.target } : {}),
        ...(flags.positive !== undefined ? { positive: flags.positive } : {}),
        seed: flags.seed,
      });
      if (flags.report !== undefined) writeReportFile(flags.report, driftPage(report, basename(modelPath), basename(data), creationTime()));
      if (flags.json) printJson({ model: modelPath, data, ...report });
      else {
        printDrift(report);
        if (flags.report !== undefined) process.stdout.write(`\n${pc.bold("Wrote")} ${flags.report}\n`);
      }
      const act = report.columns.filter((c) => c.band === "act").map((c) => c.column);
      if (act.length > 0) throw new DriftActSignal(act);
    });
}

function printDrift(report: DriftReport): void {
  const colour = (band: string) => (band === "act" ? pc.red(band) : band === "watch" ? pc.yellow(band) : band);
  const out: string[] = [];
  out.push(`${pc.bold("Drift")} of ${report.rows} rows against ${report.trainingRows} training rows: status ${colour(report.status)}`);
  out.push(`Score PSI ${fixedOrDash(report.score.psi, 4)} (${colour(report.score.band)}); estimated AUC ${fixedOrDash(report.estimatedAuc)} (range ${fixedOrDash(report.estimatedAucRange.low)}–${fixedOrDash(report.estimatedAucRange.high)}; training ${fixedOrDash(report.trainingAuc ?? Number.NaN)}), assuming the calibration still holds`);
  if (report.actual) {
    const a = report.actual;
    out.push(`Real performance on ${a.rows} labelled rows: AUC ${fixedOrDash(a.auc)}, KS ${fixedOrDash(a.ks)}, calibration error ${fixedOrDash(a.ece, 4)} (mean predicted ${fixedOrDash(a.meanPredicted)}, observed ${fixedOrDash(a.observedRate)})`);
  }
  out.push("");
  out.push(
    formatTable(
      ["column", "PSI", "band", "test", "effect", "magnitude", "p-value", "missing", "unseen"],
      [...report.columns]
        .sort((a, b) => b.psi - a.psi)
        .map((c) => [
          c.column,
          fixedOrDash(c.psi, 4),
          colour(c.band),
          c.test.name,
          fixedOrDash(c.test.effect),
          c.test.magnitude,
          pValueText(c.test.pValue),
          `${(c.missingRate.training * 100).toFixed(1)} → ${(c.missingRate.current * 100).toFixed(1)} %`,
          c.unseen.rows > 0 ? `${c.unseen.rows} (${c.unseen.values.slice(0, 3).join(", ")})` : "0",
        ]),
    ),
  );
  out.push("");
  out.push(pc.dim("PSI: < 0.1 stable, 0.1–0.25 watch, > 0.25 act (exit code 3). Effect: KS D or Cramér's V; judge by it, not by the p-value, on large samples."));
  process.stdout.write(`${out.join("\n")}\n`);
}
