/**
 * `leadscore scorecard <data> --target COL`: a points scorecard (SPEC §7). Trains like
 * `train --model scorecard` (same options, cross-validation and model.json), then writes
 * beside model.json, report.json and report.html: scorecard.csv, bins.json (editable,
 * accepted back with --bins) and scorecard.sql, and adds the characteristic analysis,
 * score → PD table and risk bands to the reports.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import { LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { inferSchema } from "../data/infer-kinds.js";
import { toFrame } from "../data/to-frame.js";
import { type ScorecardSection, scorecardCsv, scorecardSection, withScorecardHtml } from "../report/scorecard-report.js";
import { modelFromFile } from "../score/loaded-model.js";
import { scoreFrame } from "../score/score-frame.js";
import { binsFileOf, binsFileText, parseBinsFile } from "../scorecard/bins-file.js";
import type { Trend } from "../scorecard/characteristic.js";
import { type BinsFile, type ScorecardOptions, parseTrend } from "../scorecard/scorecard-options.js";
import type { ScorecardJSON } from "../scorecard/scorecard-scorer.js";
import { scorecardSql } from "../scorecard/scorecard-sql.js";
import { readTarget } from "../train/target.js";
import type { TrainOptions } from "../train/options.js";
import { LIBRARY_VERSION } from "../version.js";
import { collectList, collectRepeat, parseInteger, parseNumber } from "./flags.js";
import { formatTable, printJson, printTrainSummary } from "./print.js";
import { type TrainFlags, addTrainOptions, runTraining } from "./train-command.js";

interface ScorecardFlags extends TrainFlags {
  pdo?: number;
  baseScore?: number;
  baseOdds?: number;
  bins?: string;
  special: string[];
  minBinShare?: number;
  minBinEvents?: number;
  maxBins?: number;
  ivMin?: number;
  maxCorrelation?: number;
  stepwise?: boolean;
  l1?: number;
  forceIn: string[];
  forceOut: string[];
  bands: string[];
}

export function registerScorecard(program: Command): void {
  addTrainOptions(
    program
      .command("scorecard")
      .description("build a points scorecard: bins, WoE, IV, logistic regression, points; writes model.json, reports, scorecard.csv, bins.json and scorecard.sql")
      .argument("<data>", "CSV, JSON Lines or Parquet file of past applications with their outcome")
      .requiredOption("--target <column>", "the outcome column (positive class = bad, e.g. default)")
      .option("--out <dir>", "output folder", "./scorecard")
      .option("--pdo <points>", "points to double the good:bad odds (default 20)", parseNumber("--pdo"))
      .option("--base-score <points>", "score at the base odds (default 600)", parseNumber("--base-score"))
      .option("--base-odds <odds>", "good:bad odds that score the base score, as ODDS:1 (default 50)", parseNumber("--base-odds"))
      .option("--bins <file>", "bins.json with bins made or edited by hand")
      .option("--special <column:values>", "special values of a numeric column, binned apart, e.g. months_since_default:-1,-2 (repeatable)", collectRepeat, [])
      .option("--min-bin-share <share>", "least share of rows in a bin (default 0.05)", parseNumber("--min-bin-share"))
      .option("--min-bin-events <n>", "least events, and least non-events, in a bin (default 5)", parseInteger("--min-bin-events", 1))
      .option("--max-bins <n>", "most bins per characteristic, besides missing and special values (default 8)", parseInteger("--max-bins", 1))
      .option("--iv-min <iv>", "leave out characteristics with a lower information value (default 0.02)", parseNumber("--iv-min"))
      .option("--max-correlation <r>", "of two characteristics whose WoE correlate more, leave out the lower-IV one (default 0.7)", parseNumber("--max-correlation"))
      .option("--stepwise", "forward-backward stepwise selection by likelihood-ratio tests")
      .option("--l1 <penalty>", "lasso selection on WoE with this penalty", parseNumber("--l1"))
      .option("--force-in <columns>", "characteristics always in the scorecard (comma-separated, repeatable)", collectList, [])
      .option("--force-out <columns>", "characteristics never in the scorecard (comma-separated, repeatable)", collectList, [])
      .option("--bands <points>", "risk band cuts in points, e.g. 520,560,600,640 (default: quintiles of the training points)", collectList, []),
  ).action(async (data: string, flags: ScorecardFlags) => {
    if (flags.model !== "auto" && flags.model !== "scorecard") {
      throw new LeadscoreError("usage", `scorecard always builds a scorecard; drop --model ${flags.model} (or use train --model ${flags.model}).`, { field: "model" });
    }
    const bins = flags.bins === undefined ? undefined : readBinsFile(flags.bins);
    const scorecard = scorecardOptionsOf(flags, bins);
    const params = scorecardParamsOf(flags);
    const bandCuts = flags.bands.map((text) => {
      const v = Number(text);
      if (!Number.isInteger(v)) throw new LeadscoreError("usage", `--bands expects whole numbers of points, got '${text}'.`, { field: "bands" });
      return v;
    });
    let leftOut: string[] = [];
    const { result, paths, table } = await runTraining(data, { ...flags, model: "scorecard" }, (raw, options) => {
      leftOut = dateColumns(raw, options);
      if (bins) checkBinLevels(raw, options, bins, flags.bins as string);
      return {
        ...options,
        model: "scorecard",
        params: { ...withoutGbdtParams(options.params ?? {}), ...params },
        exclude: [...(options.exclude ?? []), ...leftOut],
        scorecard,
        // Scorecards score applicants; --reasons still says otherwise when given.
        reasons: options.reasons ?? { population: "applicants", columns: {} },
      };
    });
    const json = result.model.scorer as ScorecardJSON;
    const labelled = readTarget(table, flags.target, result.model.target.positive);
    const subset: RawTable = {
      source: table.source,
      header: table.header,
      rows: labelled.rows.length,
      cells: table.cells.map((column) => Array.from(labelled.rows, (r) => column[r] ?? null)),
      lines: Int32Array.from(labelled.rows, (r) => table.lines[r] as number),
    };
    const loaded = modelFromFile(result.model);
    const points = scoreFrame(loaded, toFrame(subset, result.model.schema)).score;
    const section = scorecardSection({ scorecard: json, positive: result.model.target.positive, points, labels: labelled.labels, ...(bandCuts.length > 0 ? { bandCuts } : {}) });

    const outputs = {
      ...paths,
      csv: join(flags.out, "scorecard.csv"),
      bins: join(flags.out, "bins.json"),
      sql: join(flags.out, "scorecard.sql"),
    };
    const header = [
      `leadscore ${LIBRARY_VERSION} scorecard: target '${result.model.target.column}', positive (bad) class '${result.model.target.positive}'.`,
      `Total points from ${section.pointsRange.min} to ${section.pointsRange.max}; probability of '${result.model.target.positive}' = 1 / (1 + exp((points - ${section.scaling.offset}) / ${section.scaling.factor})).`,
    ];
    const sql = scorecardSql({ schema: result.model.schema, preprocessor: result.model.preprocessor, scorecard: json, header });
    writeFileSync(outputs.csv, scorecardCsv(section));
    writeFileSync(outputs.bins, binsFileText(binsFileOf(json)));
    writeFileSync(outputs.sql, sql);
    const report = JSON.parse(readFileSync(paths.report, "utf8")) as Record<string, unknown>;
    writeFileSync(paths.report, `${JSON.stringify({ ...report, scorecard: section }, null, 2)}\n`);
    writeFileSync(paths.html, withScorecardHtml(readFileSync(paths.html, "utf8"), section));

    const notes = leftOut.length > 0 ? [`Date columns left out (scorecard.sql needs numbers or categories): ${leftOut.join(", ")}.`] : [];
    if (flags.json) {
      printJson({ outputs, notes, ...result.report, scorecard: section });
      return;
    }
    if (flags.quiet) return;
    printTrainSummary(result.report);
    printScorecard(section);
    for (const note of notes) process.stdout.write(`${pc.yellow("note")} ${note}\n`);
    process.stdout.write(`\n${pc.bold("Wrote")} ${Object.values(outputs).join(", ")}\n`);
  });
}

function printScorecard(section: ScorecardSection): void {
  const out: string[] = [];
  out.push(`\n${pc.bold("Scorecard")}: ${section.reading}`);
  out.push(
    formatTable(
      ["characteristic", "IV", "bins", "points", "status"],
      section.characteristics.map((c) => {
        const points = c.bins.map((b) => b.points ?? 0);
        return [c.column, c.iv.toFixed(3), String(c.bins.length), c.selected ? `${Math.min(...points)} … ${Math.max(...points)}` : "", c.status];
      }),
    ),
  );
  out.push(pc.bold("Risk bands") + " (training rows):");
  out.push(
    formatTable(
      ["band", "points", "rows", "event rate"],
      section.bands.map((b) => [
        String(b.band),
        b.fromPoints === null ? `<= ${b.toPoints}` : b.toPoints === null ? `>= ${b.fromPoints}` : `${b.fromPoints}-${b.toPoints}`,
        String(b.rows),
        `${(b.eventRate * 100).toFixed(1)} %`,
      ]),
    ),
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

function readBinsFile(path: string): BinsFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LeadscoreError("file", `Cannot read --bins '${path}': ${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}.`, { file: path });
  }
  return parseBinsFile(text, path);
}

function scorecardOptionsOf(flags: ScorecardFlags, bins: BinsFile | undefined): ScorecardOptions {
  const special: Record<string, number[]> = {};
  for (const item of flags.special) {
    const at = item.lastIndexOf(":");
    const column = item.slice(0, at).trim();
    const values = item
      .slice(at + 1)
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "");
    const numbers = values.map(Number);
    if (at <= 0 || column === "" || numbers.length === 0 || numbers.some((v, i) => !Number.isFinite(v) || values[i] === "")) {
      throw new LeadscoreError("usage", `--special expects COLUMN:VALUE[,VALUE…] with numbers, e.g. months_since_default:-1,-2; got '${item}'.`, { field: "special" });
    }
    special[column] = [...new Set([...(special[column] ?? []), ...numbers])];
  }
  const monotone: Record<string, Trend> = {};
  let trend: Trend | undefined;
  // `--monotone` is the shared train flag; for scorecards it takes event-rate trends (+1 = asc, -1 = desc).
  const items = (flags.monotone ?? "").split(",").map((x) => x.trim()).filter((x) => x !== "");
  for (const item of items) {
    const at = item.lastIndexOf(":");
    const parsed = parseTrend(at < 0 ? item : item.slice(at + 1));
    if (parsed === undefined || (at >= 0 && item.slice(0, at).trim() === "")) {
      throw new LeadscoreError("usage", `--monotone expects [COLUMN:]TREND with TREND one of asc, desc, auto, peak, valley, none; got '${item}'.`, { field: "monotone" });
    }
    if (at < 0) trend = parsed;
    else monotone[item.slice(0, at).trim()] = parsed;
  }
  return {
    ...(Object.keys(special).length > 0 ? { special } : {}),
    ...(Object.keys(monotone).length > 0 ? { monotone } : {}),
    ...(trend !== undefined ? { trend } : {}),
    ...(flags.forceIn.length > 0 ? { forceIn: flags.forceIn } : {}),
    ...(flags.forceOut.length > 0 ? { forceOut: flags.forceOut } : {}),
    ...(bins ? { bins } : {}),
  };
}

/** The scorecard's own flags as `--param` values (they are hyper-parameters stored in model.json). */
function scorecardParamsOf(flags: ScorecardFlags): Record<string, string> {
  const pairs: [string, number | boolean | undefined][] = [
    ["pdo", flags.pdo],
    ["baseScore", flags.baseScore],
    ["baseOdds", flags.baseOdds],
    ["minBinShare", flags.minBinShare],
    ["minBinEvents", flags.minBinEvents],
    ["maxBins", flags.maxBins],
    ["ivMin", flags.ivMin],
    ["maxCorrelation", flags.maxCorrelation],
    ["stepwise", flags.stepwise],
    ["l1", flags.l1],
  ];
  const params: Record<string, string> = {};
  for (const [name, value] of pairs) if (value !== undefined) params[name] = String(value);
  return params;
}

/** Date columns that would be characteristics: left out, as SQL cannot turn them into days the same way everywhere. */
function dateColumns(table: RawTable, options: TrainOptions): string[] {
  const skip = new Set([options.target, ...(options.exclude ?? []), ...(options.protected ?? []), ...(options.id !== undefined ? [options.id] : []), ...(options.timeCol !== undefined ? [options.timeCol] : [])]);
  const schema = inferSchema(table, options.kinds ? { overrides: options.kinds } : {});
  return schema.filter((c) => c.kind === "datetime" && !skip.has(c.name)).map((c) => c.name);
}

/** Every level a bins.json group names must occur in the data (or be "(other)"), so a typo is not silently ignored. */
function checkBinLevels(table: RawTable, options: TrainOptions, bins: BinsFile, file: string): void {
  const schema = inferSchema(table, options.kinds ? { overrides: options.kinds } : {});
  const problems: string[] = [];
  for (const entry of bins.characteristics) {
    const c = table.header.indexOf(entry.column);
    if (c < 0) {
      problems.push(`characteristic '${entry.column}' is not a column of ${table.source}`);
      continue;
    }
    if (entry.groups === undefined) continue;
    const boolean = schema[c]?.kind === "boolean";
    const present = new Set<string>();
    for (const cell of table.cells[c] ?? []) if (cell !== null) present.add(boolean ? cell.toLowerCase() : cell);
    const unknown = entry.groups.flat().filter((level) => level !== "(other)" && !present.has(level));
    if (unknown.length > 0) problems.push(`characteristic '${entry.column}' names ${unknown.map((l) => `'${l}'`).join(", ")}, not found in ${table.source}`);
  }
  if (problems.length > 0) throw new LeadscoreError("usage", `${file}: ${problems.join("; ")}.`, { file });
}

/** `--monotone` and `--scale-pos-weight` reach scorecards as options of their own, not as gbdt parameters. */
function withoutGbdtParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const { monotone: _monotone, scalePosWeight: _weight, ...rest } = params;
  return rest;
}
