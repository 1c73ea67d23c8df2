/** Writes model.json, report.json and report.html of a training run into one folder. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LeadscoreError } from "../core/errors.js";
import { serializeModel } from "../train/model-file.js";
import type { TrainResult } from "../train/train.js";
import { modelCard, modelCardMarkdown } from "../audit/model-card.js";
import { modelCardSection } from "./model-card-section.js";
import { renderTrainReport } from "./report-html.js";

export interface TrainingOutputs {
  readonly model: string;
  readonly report: string;
  readonly html: string;
  readonly card: string;
}

/** The report's creation time: SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
export function creationTime(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

export function writeTrainingOutputs(result: TrainResult, outDir: string): TrainingOutputs {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new LeadscoreError("file", `Cannot create output folder '${outDir}': ${(error as NodeJS.ErrnoException).code ?? "error"}.`, { file: outDir });
  }
  const createdAt = creationTime();
  const paths = { model: join(outDir, "model.json"), report: join(outDir, "report.json"), html: join(outDir, "report.html"), card: join(outDir, "model-card.md") };
  const card = modelCard(result.model, result.report, createdAt);
  writeFileSync(paths.model, serializeModel(result.model));
  writeFileSync(paths.report, `${JSON.stringify({ createdAt, ...result.report }, null, 2)}\n`);
  writeFileSync(paths.html, renderTrainReport(result.report, createdAt, { sections: [modelCardSection(card)] }));
  writeFileSync(paths.card, modelCardMarkdown(card));
  return paths;
}
