import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import pc from "picocolors";
import { LeadscoreError } from "../core/errors.js";
import { readTableChunks } from "../data/read-table.js";
import { modelFromFile } from "../score/loaded-model.js";
import { csvLine } from "../score/csv-writer.js";
import { outputHeader, recordCells, scoreTable } from "../score/score-table.js";
import { printTrainSummary, printJson } from "./print.js";
import { runTraining } from "./train-command.js";
import { printBehaviourExample, runBehaviourExample } from "./quickstart-behaviour.js";
import { writeFileSync } from "node:fs";

/** The bundled example: UCI bank marketing sample (CC BY 4.0), see examples/README.md. */
const EXAMPLE = "examples/bank-marketing.csv";

export function registerQuickstart(program: Command): void {
  program
    .command("quickstart")
    .description("train on the bundled example data; writes a model, a report and scored leads into ./leadscore-quickstart/")
    .option("--out <dir>", "output folder", "./leadscore-quickstart")
    .option("--json", "print one JSON document instead of tables")
    .option("--quiet", "print nothing but errors")
    .action(async (flags: { out: string; json?: boolean; quiet?: boolean }) => {
      const data = exampleData();
      const { result, paths } = await runTraining(data, {
        target: "y",
        model: "auto",
        folds: 5,
        seed: 42,
        // `duration` is only known after the call ends: using it would leak the outcome.
        exclude: ["duration"],
        protected: [],
        param: [],
        kind: [],
        na: [],
        out: flags.out,
        ...(flags.json ? { json: true } : {}),
        ...(flags.quiet ? { quiet: true } : {}),
      });
      const model = modelFromFile(result.model);
      const scoredPath = join(flags.out, "scored-leads.csv");
      const options = { explain: 3, adverseAction: false };
      let text = csvLine(outputHeader(model, false, options));
      let first = 1;
      for await (const chunk of readTableChunks(data, {})) {
        text += scoreTable(model, chunk, first, options).map((r) => csvLine(recordCells(r, 3))).join("");
        first += chunk.rows;
      }
      writeFileSync(scoredPath, text);
      const outputs = { ...paths, scored: scoredPath };
      // The second model: leads with behavioural events, fit and engagement sub-scores.
      const behaviour = await runBehaviourExample(flags.out, flags);
      if (flags.json) return printJson({ outputs, ...result.report, behaviour: { outputs: behaviour.outputs, auc: behaviour.auc, sample: behaviour.sample } });
      if (flags.quiet) return;
      process.stdout.write(`${pc.bold("leadscore quickstart")}: bank marketing calls (UCI, CC BY 4.0), target 'y' = subscribed a term deposit\n\n`);
      printTrainSummary(result.report);
      process.stdout.write(
        `\n${pc.bold("Outputs")} in ${resolve(flags.out)}:\n  model         ${outputs.model}\n  report (HTML) ${outputs.html}\n  report (JSON) ${outputs.report}\n  scored leads  ${outputs.scored}\n\nNext: npx leadscore score ${outputs.model} your-leads.csv --explain 3\n`,
      );
      printBehaviourExample(behaviour);
    });
}

function exampleData(): string {
  // dist/cli/quickstart-command.js and src/cli/quickstart-command.ts both sit two levels below the package root.
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const path = join(root, EXAMPLE);
  if (!existsSync(path)) throw new LeadscoreError("file", `The bundled example data is missing (${path}); reinstall leadscore.`, { file: path });
  return path;
}
