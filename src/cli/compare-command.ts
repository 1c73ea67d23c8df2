import { basename } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import { type CompareReport, compareScorers } from "../audit/compare.js";
import { loadComparedScorer } from "../audit/compared-scorer.js";
import { LeadscoreError } from "../core/errors.js";
import { readTable } from "../data/read-table.js";
import { comparePage } from "../report/compare-page.js";
import { creationTime } from "../report/write-training-outputs.js";
import { collectList } from "./flags.js";
import { formatTable, printJson } from "./print.js";
import { fixedOrDash, pValueText, writeReportFile } from "./report-file.js";

interface CompareFlags {
  target: string;
  positive?: string;
  capacity?: string;
  alpha: string;
  na: string[];
  json?: boolean;
  report?: string;
}

export function registerCompare(program: Command): void {
  program
    .command("compare")
    .description("A/B comparison of two scorers (model.json or rules file) on the same labelled data, with DeLong's test")
    .argument("<a>", "the first scorer: a model.json or a rules file (e.g. the current points-based rules)")
    .argument("<b>", "the second scorer: a model.json or a rules file")
    .argument("<data>", "labelled CSV, JSON Lines or Parquet file")
    .requiredOption("--target <column>", "the outcome column")
    .option("--positive <value>", "which target value is the positive class (default: the model's)")
    .option("--capacity <n>", "rows the team can work, as a count (500) or a share (5%): conversions captured there")
    .option("--alpha <p>", "significance level of the verdict", "0.05")
    .option("--na <tokens>", "extra missing-value tokens (comma-separated)", collectList, [])
    .option("--report <file>", "also write a self-contained HTML page")
    .option("--json", "print one JSON document instead of tables")
    .action(async (aPath: string, bPath: string, data: string, flags: CompareFlags) => {
      const a = loadComparedScorer(aPath);
      const b = loadComparedScorer(bPath);
      const table = await readTable(data, { na: [...a.na, ...b.na, ...flags.na] });
      const capacity = parseCapacity(flags.capacity);
      const alpha = Number(flags.alpha);
      if (!(alpha > 0 && alpha < 1)) throw new LeadscoreError("usage", `--alpha expects a probability between 0 and 1, got '${flags.alpha}'.`, { field: "alpha" });
      const report = compareScorers(a, b, table, {
        target: flags.target,
        ...(flags.positive !== undefined ? { positive: flags.positive } : {}),
        ...(capacity !== undefined ? { capacity } : {}),
        alpha,
      });
      if (flags.report !== undefined) writeReportFile(flags.report, comparePage(report, basename(data), creationTime()));
      if (flags.json) return printJson({ data, ...report });
      printCompare(report);
      if (flags.report !== undefined) process.stdout.write(`\n${pc.bold("Wrote")} ${flags.report}\n`);
    });
}

/** `500` rows or `5%` of the rows (returned as 0.05). */
function parseCapacity(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const share = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (share) {
    const value = Number(share[1]) / 100;
    if (value > 0 && value < 1) return value;
  } else if (/^\s*\d+\s*$/.test(text) && Number(text) >= 1) return Number(text);
  throw new LeadscoreError("usage", `--capacity expects a number of rows (500) or a share below 100 % (5%), got '${text}'.`, { field: "capacity" });
}

function printCompare(r: CompareReport): void {
  const { a, b } = r;
  const out: string[] = [];
  out.push(`${pc.bold("Compare")} on ${r.rows} labelled rows (${r.positives} with ${r.target} = ${r.positive})`);
  out.push("");
  const rows: string[][] = [
    ["kind", a.kind, b.kind],
    ["AUC", fixedOrDash(a.auc), fixedOrDash(b.auc)],
    ["AUC 95 % interval", `${fixedOrDash(a.aucLow)}–${fixedOrDash(a.aucHigh)}`, `${fixedOrDash(b.aucLow)}–${fixedOrDash(b.aucHigh)}`],
    ["KS", fixedOrDash(a.ks), fixedOrDash(b.ks)],
    [`top 10 % (${a.topDecile.rows} rows): conversions`, fixedOrDash(a.topDecile.conversions, 1), fixedOrDash(b.topDecile.conversions, 1)],
    ["top 10 %: share of all conversions", `${(a.topDecile.share * 100).toFixed(1)} %`, `${(b.topDecile.share * 100).toFixed(1)} %`],
    ["top 10 %: lift", fixedOrDash(a.topDecile.lift, 2), fixedOrDash(b.topDecile.lift, 2)],
  ];
  if (a.atCapacity && b.atCapacity) rows.push([`top ${a.atCapacity.rows} (capacity): conversions`, fixedOrDash(a.atCapacity.conversions, 1), fixedOrDash(b.atCapacity.conversions, 1)]);
  rows.push(["calibration error (ECE)", a.calibration ? fixedOrDash(a.calibration.ece, 4) : "— (points)", b.calibration ? fixedOrDash(b.calibration.ece, 4) : "— (points)"]);
  out.push(formatTable(["", a.name, b.name], rows));
  out.push("");
  const d = r.delong;
  out.push(`${pc.bold("DeLong")}: AUC difference (${b.name} − ${a.name}) ${fixedOrDash(d.diff, 4)}, 95 % interval ${fixedOrDash(d.low, 4)} to ${fixedOrDash(d.high, 4)}, z ${fixedOrDash(d.z)}, p ${pValueText(d.pValue)}`);
  const g = r.gradeChanges;
  out.push(`${pc.bold("Grades")}: ${g.rows} of ${r.rows} rows (${(g.share * 100).toFixed(1)} %) change grade (${g.up} up, ${g.down} down under ${b.name}); grades of ${a.name} from ${a.gradesFrom}, of ${b.name} from ${b.gradesFrom}`);
  out.push("");
  out.push(`${pc.bold("Verdict")}: ${r.verdict}`);
  process.stdout.write(`${out.join("\n")}\n`);
}
