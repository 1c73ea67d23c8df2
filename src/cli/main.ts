/**
 * `npx leadscore <command>`: exit 0 on success, 1 on a user error (one clear sentence on
 * stderr), 2 on an internal error (SPEC §2). Error codes map to exit codes here only.
 */
import { Command, CommanderError } from "commander";
import { LeadscoreError } from "../core/errors.js";
import { LIBRARY_VERSION } from "../version.js";
import { registerCompare } from "./compare-command.js";
import { DriftActSignal, registerDrift } from "./drift-command.js";
import { registerEvaluate } from "./evaluate-command.js";
import { registerExplain } from "./explain-command.js";
import { registerFairness } from "./fairness-command.js";
import { registerKeys } from "./keys-command.js";
import { registerQuickstart } from "./quickstart-command.js";
import { registerScore } from "./score-command.js";
import { registerScorecard } from "./scorecard-command.js";
import { registerServe } from "./serve-command.js";
import { registerTrain } from "./train-command.js";

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command();
  program.name("leadscore").description("Lead scoring and credit scoring: calibrated probabilities, scores, grades and reasons.").version(LIBRARY_VERSION);
  program.exitOverride();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.showHelpAfterError(false);
  registerQuickstart(program);
  registerTrain(program);
  registerScore(program);
  registerEvaluate(program);
  registerExplain(program);
  registerCompare(program);
  registerDrift(program);
  registerFairness(program);
  registerScorecard(program);
  registerKeys(program);
  registerServe(program);
  try {
    await program.parseAsync(argv as string[], { from: "node" });
    return 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof DriftActSignal) return error.exitCode;
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version are not errors.
    return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 1;
  }
  if (error instanceof LeadscoreError) {
    process.stderr.write(`leadscore: ${error.message}\n`);
    return error.code === "internal" ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`leadscore: internal error: ${message}\n(This is a bug in leadscore; set LEADSCORE_DEBUG=1 for details.)\n`);
  if (process.env.LEADSCORE_DEBUG) process.stderr.write(`${(error as Error).stack ?? ""}\n`);
  return 2;
}
