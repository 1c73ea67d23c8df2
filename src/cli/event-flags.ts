/** The behavioural-event flags (`--events`, `--as-of`, `--half-life`) of train and the scoring commands. */
import type { Command } from "commander";
import { parseNumber } from "./flags.js";

export interface EventFlags {
  events?: string;
  asOf?: string;
  halfLife?: number;
}

export const EVENTS_HELP = "behavioural events: lead_id, timestamp, type[, value, url, text] (CSV, JSON Lines or Parquet), joined on the id column";

export function addTrainEventFlags(command: Command): Command {
  return command
    .option("--events <file>", EVENTS_HELP)
    .option("--as-of <column|date>", "with --events: count only events before this — a date-time column (each lead's snapshot) or an ISO date; default: the latest event + 1 s")
    .option("--half-life <days>", "with --events: half-life of the time-decayed event sums (default 14)", parseNumber("--half-life"));
}

export const SCORING_AS_OF_HELP = "with --events: count only events before this; default: the model's as-of column, else the latest event + 1 s";

/** The scoring-side event options of parsed flags. */
export function eventFiles(flags: EventFlags): { file?: string; asOf?: string } {
  return { ...(flags.events !== undefined ? { file: flags.events } : {}), ...(flags.asOf !== undefined ? { asOf: flags.asOf } : {}) };
}
