// The compare and drift pages the report tests look at, built in-process as the CLI builds
// them: the bundled bank-marketing rules against a logistic model of the same data, and a
// logistic lead model against a synthetic batch with three inputs drifted.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_DRIFTED, writeLeadsCsv } from "../../bench/generator/synthetic-leads.js";
import { type CompareReport, compareScorers } from "../../src/audit/compare.js";
import { loadComparedScorer } from "../../src/audit/compared-scorer.js";
import { type DriftReport, driftReport } from "../../src/audit/drift.js";
import { readTable } from "../../src/data/read-table.js";
import { train } from "../../src/index.js";
import { comparePage } from "../../src/report/compare-page.js";
import { driftPage } from "../../src/report/drift-page.js";
import { loadModel } from "../../src/score/loaded-model.js";
import { serializeModel } from "../../src/train/model-file.js";
import { ROOT, tempDir } from "../cli/run-cli.js";

export interface AuditPage<R> {
  readonly htmlPath: string;
  readonly html: string;
  readonly report: R;
  /** The report as `--json` prints it (NaN became null). */
  readonly json: R & Record<string, unknown>;
}

/** The charts of each page, in page order. */
export const COMPARE_CHARTS = ["compare-roc", "compare-gains", "compare-lift"] as const;
export const DRIFT_CHARTS = ["drift-psi", "drift-score", "drift-bins-1", "drift-bins-2", "drift-bins-3", "drift-bins-4", "drift-bins-5", "drift-bins-6"] as const;

/** The sections of each page, in page order. */
export const COMPARE_SECTIONS = ["verdict", "gains", "grades"] as const;
export const DRIFT_SECTIONS = ["summary", "distributions"] as const;

const CREATED = "2026-01-01T00:00:00.000Z";

export const BANK = join(ROOT, "examples", "bank-marketing.csv");
export const RULES = join(ROOT, "examples", "bank-marketing-rules.json");

export async function comparePageOfBank(dir = tempDir()): Promise<AuditPage<CompareReport>> {
  const trained = await train(BANK, { target: "y", exclude: ["duration"], model: "logistic", folds: 2, seed: 7 });
  const modelPath = join(dir, "model.json");
  writeFileSync(modelPath, serializeModel(trained.model));
  const rules = loadComparedScorer(RULES);
  const model = loadComparedScorer(modelPath);
  const report = compareScorers(rules, model, await readTable(BANK), { target: "y", capacity: 0.05 });
  return written(join(dir, "compare.html"), comparePage(report, "bank-marketing.csv", CREATED), report);
}

export async function driftPageOfLeads(dir = tempDir()): Promise<AuditPage<DriftReport>> {
  await writeLeadsCsv(join(dir, "train.csv"), { rows: 2000, seed: 21 });
  await writeLeadsCsv(join(dir, "drifted.csv"), { rows: 2000, seed: 23, drift: { columns: DEFAULT_DRIFTED } });
  const trained = await train(join(dir, "train.csv"), { target: "converted", model: "logistic", folds: 2, seed: 7 });
  const modelPath = join(dir, "model.json");
  writeFileSync(modelPath, serializeModel(trained.model));
  const model = loadModel(modelPath);
  const na = (model.file.training.options.na as string[] | undefined) ?? [];
  const report = driftReport(model, await readTable(join(dir, "drifted.csv"), { na }), modelPath, { target: "converted" });
  return written(join(dir, "drift.html"), driftPage(report, "model.json", "drifted.csv", CREATED), report);
}

function written<R>(htmlPath: string, html: string, report: R): AuditPage<R> {
  writeFileSync(htmlPath, html);
  return { htmlPath, html, report, json: JSON.parse(JSON.stringify(report)) };
}
