/**
 * The quickstart's second model: synthetic CRM leads with their behavioural events
 * (examples/synthetic-*.csv, made by bench/generator/synthetic-events.ts), so a new user sees
 * fit and engagement sub-scores and reasons such as "Viewed the pricing page 4 times in the
 * last 7 days". Writes into `<out>/behaviour/`.
 */
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pc from "picocolors";
import { LeadscoreError } from "../core/errors.js";
import { readTable } from "../data/read-table.js";
import { ScoringEvents } from "../score/event-scoring.js";
import { modelFromFile } from "../score/loaded-model.js";
import { csvLine } from "../score/csv-writer.js";
import { type ScoredRecord, outputHeader, recordCells, scoreTable } from "../score/score-table.js";
import { runTraining } from "./train-command.js";

const LEADS = "examples/synthetic-leads.csv";
const EVENTS = "examples/synthetic-events.csv";
const REASONS = 3;

export interface BehaviourExample {
  readonly outputs: { readonly model: string; readonly report: string; readonly html: string; readonly scored: string };
  readonly auc: number | null;
  readonly engagementShare: number | null;
  /** The lead with the highest engagement score. */
  readonly sample: ScoredRecord;
}

export async function runBehaviourExample(out: string, flags: { json?: boolean; quiet?: boolean }): Promise<BehaviourExample> {
  const leads = bundled(LEADS);
  const events = bundled(EVENTS);
  const folder = join(out, "behaviour");
  const { result, paths } = await runTraining(leads, {
    target: "converted",
    model: "auto",
    folds: 5,
    seed: 42,
    events,
    // Events after each lead's snapshot (a converted lead's meetings) would leak the outcome.
    asOf: "snapshot_at",
    exclude: [],
    protected: [],
    param: [],
    kind: [],
    na: [],
    out: folder,
    ...(flags.json ? { json: true } : {}),
    ...(flags.quiet ? { quiet: true } : {}),
  });
  const model = modelFromFile(result.model);
  const scoring = await ScoringEvents.open(result.model, { file: events });
  let table = await readTable(leads);
  try {
    if (scoring) table = await scoring.apply(table);
  } finally {
    scoring?.close();
  }
  const options = { explain: REASONS, adverseAction: false };
  const records = scoreTable(model, table, 1, options);
  const scored = join(folder, "scored-leads.csv");
  writeFileSync(scored, csvLine(outputHeader(model, true, options)) + records.map((r) => csvLine(recordCells(r, REASONS))).join(""));
  const sample = records.reduce((best, r) => ((r.subScores?.engagement.score ?? 0) > (best.subScores?.engagement.score ?? 0) ? r : best));
  return {
    outputs: { model: paths.model, report: paths.report, html: paths.html, scored },
    auc: result.report.cv?.metrics["auc"]?.mean ?? null,
    engagementShare: result.report.events?.engagement.shareOfContribution ?? null,
    sample,
  };
}

export function printBehaviourExample(example: BehaviourExample): void {
  const { sample } = example;
  const lines = [
    "",
    `${pc.bold("Behavioural events")}: 3,000 synthetic CRM leads with 33,554 website visits, e-mail opens, forms and webinars, counted up to each lead's snapshot_at`,
    `  cross-validated AUC ${example.auc?.toFixed(3) ?? "n/a"}; the event columns carry ${Math.round((example.engagementShare ?? 0) * 100)} % of the model's contributions`,
    `  The most engaged lead, ${sample.id}: score ${sample.score} (grade ${sample.grade}); fit ${sample.subScores?.fit.score ?? "n/a"}, engagement ${sample.subScores?.engagement.score ?? "n/a"}`,
    ...(sample.subScores?.engagement.reasons ?? []).map((r, i) => `    ${i === 0 ? "engagement" : "          "}  ${r.text}`),
    ...(sample.subScores?.fit.reasons ?? []).map((r, i) => `    ${i === 0 ? "fit       " : "          "}  ${r.text}`),
    `  model ${example.outputs.model}, scored leads (fit_score, engagement_score and their reasons) ${example.outputs.scored}`,
    `  Yours: npx leadscore train leads.csv --target converted --events events.csv --as-of snapshot_at`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

function bundled(relative: string): string {
  // dist/cli/ and src/cli/ both sit two levels below the package root.
  const path = join(resolve(dirname(fileURLToPath(import.meta.url)), "..", ".."), relative);
  if (!existsSync(path)) throw new LeadscoreError("file", `The bundled example data is missing (${path}); reinstall leadscore.`, { file: path });
  return path;
}
