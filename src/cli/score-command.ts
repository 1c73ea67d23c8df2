import { createWriteStream, statSync, type WriteStream } from "node:fs";
import type { Command } from "commander";
import { LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { readTableChunks } from "../data/read-table.js";
import { loadModel } from "../score/loaded-model.js";
import { CrmCsv, type OutputFormat, parseOutputFormat } from "../score/crm-formats.js";
import { csvLine } from "../score/csv-writer.js";
import { type ScoreOptions, type ScoredRecord, outputHeader, reasonCount, recordCells, scoreTable } from "../score/score-table.js";
import { readReasonTemplates } from "../train/reason-templates.js";
import { parseInteger } from "./flags.js";
import { printJson } from "./print.js";
import { createProgress } from "./progress.js";
import { EVENTS_HELP, type EventFlags, SCORING_AS_OF_HELP, eventFiles } from "./event-flags.js";
import { ScoringEvents } from "../score/event-scoring.js";

interface ScoreFlags extends EventFlags {
  out?: string;
  reasons?: string;
  reference: string;
  explain: number;
  adverseAction?: boolean;
  json?: boolean;
  quiet?: boolean;
  format: OutputFormat;
  crmId?: string;
}

/** Reasons in a CRM file when --explain is not given: the reps read them next to the score. */
const CRM_DEFAULT_REASONS = 3;

export function registerScore(program: Command): void {
  program
    .command("score")
    .description("score rows with a trained model (CSV to stdout or --out)")
    .argument("<model>", "model.json written by train")
    .argument("<data>", "CSV, JSON Lines or Parquet file of rows to score")
    .option("--out <file>", "write the scored CSV here instead of stdout")
    .option("--explain <k>", "add the top K reasons per row", parseInteger("--explain", 0), 0)
    .option("--adverse-action", "keep only the (at most 4) principal reasons that raised the probability of the positive (adverse) class, as points lost")
    .option("--reference <who>", "adverse action: points lost against the 'average' or the 'best' applicant", "average")
    .option("--reasons <file>", "reason wording (labels, units, templates) overriding the model's")
    .option("--format <format>", "csv (every column), hubspot (HubSpot contact import) or salesforce (Salesforce Lead update: Data Loader / Import Wizard)", parseOutputFormat, "csv")
    .option("--crm-id <column>", "hubspot/salesforce: the column holding the CRM record id or e-mail (default: the model's id column)")
    .option("--json", "print one JSON document instead of CSV")
    .option("--quiet", "no progress bar")
    .option("--events <file>", EVENTS_HELP)
    .option("--as-of <column|date>", SCORING_AS_OF_HELP)
    .action(async (modelPath: string, data: string, flags: ScoreFlags, command: Command) => {
      const model = loadModel(modelPath);
      const crm = crmExport(flags, model.file.idColumn);
      if (crm && command.getOptionValueSource("explain") === "default") flags.explain = CRM_DEFAULT_REASONS;
      if (flags.reference !== "average" && flags.reference !== "best") {
        throw new LeadscoreError("usage", `--reference must be 'average' or 'best', got '${flags.reference}'.`, { field: "reference" });
      }
      const options: ScoreOptions = {
        explain: flags.explain,
        adverseAction: flags.adverseAction === true,
        reference: flags.reference,
        ...(flags.reasons !== undefined ? { templates: readReasonTemplates(flags.reasons) } : {}),
      };
      const k = reasonCount(options);
      const na = (model.file.training.options.na as string[] | undefined) ?? [];
      const progress = createProgress(!flags.json && !flags.quiet && flags.out !== undefined);
      const sink: WriteStream | NodeJS.WriteStream = flags.out ? openOutput(flags.out) : process.stdout;
      const jsonRecords: unknown[] = [];
      let firstRow = 1;
      let wroteHeader = false;
      const fileBytes = safeSize(data);
      let bytesPerRow = 0;
      const events = await ScoringEvents.open(model.file, eventFiles(flags));
      try {
        for await (const chunk of readTableChunks(data, { na })) {
          // the model's event columns, aggregated for this chunk's leads
          const input = events ? await events.apply(chunk) : chunk;
          const records = scoreTable(model, input, firstRow, options);
          if (flags.json) {
            for (const r of records) jsonRecords.push({ id: r.id, probability: r.probability, score: r.score, grade: r.grade, confidence: { low: r.low, high: r.high }, ...(r.anomaly !== undefined ? { anomaly: r.anomaly } : {}), reasons: r.reasons.map((x) => ({ column: x.column, text: x.text, points: x.points, probabilityChange: x.points / 100, logOdds: x.logOdds })), ...subScoresJson(r) });
          } else if (crm) {
            await write(sink, crm.chunk(chunk, records));
            wroteHeader = true;
          } else {
            if (!wroteHeader) {
              const hasId = model.file.idColumn !== null && chunk.header.includes(model.file.idColumn);
              await write(sink, csvLine(outputHeader(model, hasId, options)));
              wroteHeader = true;
            }
            await write(sink, records.map((r) => csvLine(recordCells(r, k))).join(""));
          }
          firstRow += chunk.rows;
          if (bytesPerRow === 0) bytesPerRow = approximateRowBytes(chunk);
          progress.update(firstRow - 1, Math.max(firstRow - 1, Math.round(fileBytes / Math.max(1, bytesPerRow))), "scoring");
        }
      } finally {
        progress.stop();
        events?.close();
      }
      if (events?.asOfDescription && !flags.quiet && !flags.json) process.stderr.write(`Events counted up to ${events.asOfDescription}.\n`);
      if (flags.json) printJson({ model: modelPath, units: EFFECT_UNITS, rows: jsonRecords.length, ...(events?.asOfDescription ? { events: { asOf: events.asOfDescription } } : {}), results: jsonRecords });
      else if (!wroteHeader) await write(sink, crm ? crm.headerLine() : csvLine(outputHeader(model, false, options)));
      if (sink !== process.stdout) await new Promise<void>((resolve) => (sink as WriteStream).end(resolve));
    });
}

function crmExport(flags: ScoreFlags, modelIdColumn: string | null): CrmCsv | undefined {
  if (flags.format === "csv") {
    if (flags.crmId !== undefined) throw new LeadscoreError("usage", "--crm-id applies only with --format hubspot or salesforce.", { field: "crm-id" });
    return undefined;
  }
  if (flags.json) throw new LeadscoreError("usage", `--json and --format ${flags.format} cannot be combined: --format writes a CSV for the CRM's import.`, { field: "format" });
  const idColumn = flags.crmId ?? modelIdColumn;
  if (idColumn === null) {
    throw new LeadscoreError("usage", `--format ${flags.format} keys each row on the CRM's record id, and this model has no id column; name the data's id column with --crm-id.`, { field: "crm-id" });
  }
  return new CrmCsv(flags.format, idColumn);
}

/** Fit and engagement sub-scores in --json output (models trained with events). */
function subScoresJson(record: ScoredRecord): { fit?: unknown; engagement?: unknown } {
  const sub = record.subScores;
  if (!sub) return {};
  const half = (h: typeof sub.fit) => ({ score: h.score, logOdds: h.logOdds, reasons: h.reasons.map((x) => ({ column: x.column, text: x.text, points: x.points })) });
  return { fit: half(sub.fit), engagement: half(sub.engagement) };
}

const EFFECT_UNITS = {
  points: "score points: the probability of the positive class in percent (0-100)",
  probabilityChange: "change in the probability of the positive class (0-1)",
  logOdds: "calibrated log-odds",
};

function openOutput(path: string): WriteStream {
  const stream = createWriteStream(path);
  stream.on("error", () => undefined);
  return stream;
}

function write(sink: WriteStream | NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    sink.write(text, (error) => (error ? reject(new LeadscoreError("file", `Cannot write output: ${error.message}`)) : resolve()));
  });
}

function safeSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function approximateRowBytes(chunk: RawTable): number {
  let bytes = 0;
  for (const column of chunk.cells) for (const cell of column) bytes += (cell?.length ?? 0) + 1;
  return chunk.rows === 0 ? 1 : bytes / chunk.rows;
}
