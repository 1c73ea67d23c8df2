import type { Command } from "commander";
import pc from "picocolors";
import { LeadscoreError } from "../core/errors.js";
import type { Column, RawTable } from "../core/frame.js";
import { readTable } from "../data/read-table.js";
import { toFrame } from "../data/to-frame.js";
import { pointsOf, valueText } from "../explain/reasons.js";
import { DecisionTreeScorer } from "../models/tree/decision-tree.js";
import { type LoadedModel, loadModel } from "../score/loaded-model.js";
import { explainFrame, scoreFrame } from "../score/score-frame.js";
import { collectList, parseInteger } from "./flags.js";
import { formatTable, printJson } from "./print.js";
import { EVENTS_HELP, type EventFlags, SCORING_AS_OF_HELP, eventFiles } from "./event-flags.js";
import { withScoringEvents } from "../score/event-scoring.js";

interface ExplainFlags extends EventFlags {
  row?: number;
  id?: string;
  na: string[];
  json?: boolean;
  rules?: boolean;
}

export function registerExplain(program: Command): void {
  program
    .command("explain")
    .description("global importance and per-row contributions (log-odds; base + sum of effects = raw)")
    .argument("<model>", "model.json written by train")
    .argument("[data]", "CSV, JSON Lines or Parquet file of rows (not needed with --rules)")
    .option("--row <n>", "explain only this 1-based row", parseInteger("--row", 1))
    .option("--id <value>", "explain only the row with this id")
    .option("--na <tokens>", "extra missing-value tokens (comma-separated)", collectList, [])
    .option("--json", "print one JSON document instead of tables")
    .option("--rules", "print a decision tree (--model tree) as plain-language rules, one per leaf")
    .option("--events <file>", EVENTS_HELP)
    .option("--as-of <column|date>", SCORING_AS_OF_HELP)
    .action(async (modelPath: string, data: string | undefined, flags: ExplainFlags) => {
      const model = loadModel(modelPath);
      if (flags.rules) return printRules(model, modelPath, flags.json === true);
      if (data === undefined) throw new LeadscoreError("usage", "explain needs a data file to explain (or --rules to print a decision tree's rules).", { field: "data" });
      const na = [...((model.file.training.options.na as string[] | undefined) ?? []), ...flags.na];
      const full = await withScoringEvents(model.file, await readTable(data, { na }), eventFiles(flags));
      const { table, rowNumbers } = selectRows(full, flags, model.file.idColumn);
      const frame = toFrame(table, model.file.schema);
      const scored = scoreFrame(model, frame);
      const explained = explainFrame(model, frame);
      const width = explained.columns.length;
      const meanAbs = explained.columns.map((column, c) => {
        let sum = 0;
        for (let r = 0; r < explained.rows; r++) sum += Math.abs(explained.values[r * width + c] as number);
        return { column, meanAbsEffect: explained.rows > 0 ? sum / explained.rows : 0 };
      });
      meanAbs.sort((a, b) => b.meanAbsEffect - a.meanAbsEffect);
      const columns = new Map<string, Column>(frame.columns.map((c) => [c.name, c]));
      const idIndex = model.file.idColumn === null ? -1 : table.header.indexOf(model.file.idColumn);
      const rows = Array.from({ length: frame.rows }, (_, r) => {
        const effects = explained.values.subarray(r * width, (r + 1) * width);
        const points = pointsOf(effects, explained.base, scored.logOdds[r] as number);
        return {
          id: idIndex >= 0 ? (table.cells[idIndex]?.[r] ?? String(rowNumbers[r])) : String(rowNumbers[r]),
          base: explained.base,
          raw: scored.logOdds[r] as number,
          probability: scored.probability[r] as number,
          contributions: explained.columns
            .map((column, c) => ({ column, value: valueText(columns.get(column), r), effect: effects[c] as number, points: points[c] as number }))
            .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect)),
        };
      });
      if (flags.json) {
        const units = { effect: "calibrated log-odds (base + sum of effects = raw)", points: "score points: probability of the positive class in percent" };
        return printJson({ units, importance: meanAbs, rows });
      }
      process.stdout.write(`${pc.bold("Importance")} (mean |effect| in log-odds)\n`);
      process.stdout.write(`${formatTable(["column", "mean |effect|"], meanAbs.map((i) => [i.column, i.meanAbsEffect.toFixed(4)]))}\n`);
      for (const row of rows.slice(0, flags.row !== undefined || flags.id !== undefined ? 1 : 20)) {
        process.stdout.write(`\n${pc.bold(`Row ${row.id}`)}: probability ${row.probability.toFixed(4)}, log-odds ${row.raw.toFixed(4)} = base ${row.base.toFixed(4)} + effects\n`);
        process.stdout.write(
          `${formatTable(["column", "value", "effect"], row.contributions.slice(0, 10).map((c) => [c.column, c.value ?? "(missing)", c.effect.toFixed(4)]))}\n`,
        );
      }
      if (rows.length > 20 && flags.row === undefined && flags.id === undefined) process.stdout.write(`\n(${rows.length - 20} more rows: use --json, --row or --id)\n`);
    });
}

/** `--rules`: the tree's leaves as sentences, highest rate of the positive class first. */
function printRules(model: LoadedModel, modelPath: string, json: boolean): void {
  const scorer = model.scorer;
  if (!(scorer instanceof DecisionTreeScorer)) {
    throw new LeadscoreError("usage", `--rules needs a decision-tree model (train with --model tree), but ${modelPath} holds a '${scorer.kind}' model.`, { field: "rules" });
  }
  const { column, positive } = model.file.target;
  const dates = new Map<number, number>();
  for (const encoding of model.file.preprocessor.columns) {
    if (encoding.kind !== "numeric" || encoding.referenceTime === undefined) continue;
    const f = model.features.findIndex((feature) => feature.name === encoding.column);
    if (f >= 0) dates.set(f, encoding.referenceTime);
  }
  const rules = scorer.rules(model.features, { outcome: `have ${column} = ${positive}`, rowNoun: "rows", dates });
  if (json) {
    printJson({ target: { column, positive }, rateOf: "training rows in each leaf (before calibration)", rules: rules.map((r) => ({ text: r.text, conditions: r.conditions, rate: r.rate, rows: r.rows })) });
    return;
  }
  process.stdout.write(`${pc.bold("Rules")} of the decision tree (rates of ${column} = ${positive} among its training rows, highest first)\n`);
  for (const rule of rules) process.stdout.write(`${rule.text}\n`);
}

function selectRows(table: RawTable, flags: ExplainFlags, idColumn: string | null): { table: RawTable; rowNumbers: number[] } {
  let picked: number | undefined;
  if (flags.row !== undefined) {
    if (flags.row > table.rows) throw new LeadscoreError("usage", `--row ${flags.row} is past the end of ${table.source} (${table.rows} rows).`, { field: "row" });
    picked = flags.row - 1;
  } else if (flags.id !== undefined) {
    const index = idColumn === null ? -1 : table.header.indexOf(idColumn);
    if (index < 0) throw new LeadscoreError("usage", `--id needs an id column, but ${table.source} has no column '${idColumn ?? "(none)"}'; use --row.`, { field: "id" });
    picked = (table.cells[index] ?? []).indexOf(flags.id);
    if (picked < 0) throw new LeadscoreError("usage", `No row of ${table.source} has ${idColumn} = '${flags.id}'.`, { field: "id" });
  }
  if (picked === undefined) return { table, rowNumbers: Array.from({ length: table.rows }, (_, i) => i + 1) };
  const at = picked;
  return {
    table: { ...table, rows: 1, cells: table.cells.map((c) => [c[at] ?? null]), lines: Int32Array.of(table.lines[at] as number) },
    rowNumbers: [at + 1],
  };
}
