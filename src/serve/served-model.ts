/**
 * A model version ready to answer requests: parsed and checked once, its scorer rebuilt, its
 * per-record checks prepared, and warmed up so the first real request is as fast as the
 * rest (for boosted trees the warm-up builds the TreeSHAP plan, which one-row explanations
 * then reuse; building it costs about as much as explaining a few hundred rows without it).
 */
import { createHash } from "node:crypto";
import { LeadscoreError } from "../core/errors.js";
import { PLAN_MIN_ROWS } from "../models/gbdt/tree-shap-explain.js";
import { type LoadedModel, modelFromFile } from "../score/loaded-model.js";
import { scoreRecords } from "../score/score-records.js";
import { type ModelFile, parseModel, serializeModel } from "../train/model-file.js";
import { type RecordPlan, recordPlan } from "./record-check.js";

export interface ServedModel {
  readonly name: string;
  readonly version: number;
  readonly sha256: string;
  /** The model as loaded, anomaly detector included (for `anomaly: true` requests and drift). */
  readonly model: LoadedModel;
  /** The same model without its anomaly detector: what score requests use by default (the detector costs ~10 µs a record). */
  readonly lean: LoadedModel;
  readonly plan: RecordPlan;
}

export interface CheckedModelText {
  /** The canonical model.json text (what `train` writes for the same model). */
  readonly text: string;
  readonly sha256: string;
  readonly file: ModelFile;
}

/**
 * Parses and verifies uploaded model.json text (format, version, checksum) and returns it in
 * canonical form, so the same model has the same sha256 whether it arrived as a file, as a
 * string or as a JSON object. Throws LeadscoreError("model") for a corrupted or foreign file.
 */
export function checkModelText(text: string, label: string): CheckedModelText {
  const file = parseModel(text, label);
  // Rebuilding the scorer catches damage the checksum cannot (a file re-signed after editing).
  modelFromFile(file, label);
  const canonical = serializeModel(file);
  return { text: canonical, sha256: createHash("sha256").update(canonical).digest("hex"), file };
}

/** Builds a served model from stored text and warms it up. */
export function serveModel(name: string, version: number, text: string): ServedModel {
  const label = `model '${name}' version ${version}`;
  const file = parseModel(text, label);
  const model = modelFromFile(file, label);
  const lean: LoadedModel = { file: model.file, scorer: model.scorer, features: model.features };
  const served: ServedModel = { name, version, sha256: createHash("sha256").update(text).digest("hex"), model, lean, plan: recordPlan(file) };
  warmUp(served, label);
  return served;
}

function warmUp(served: ServedModel, label: string): void {
  // Rows with every input missing are valid for any model.
  const empty = Object.fromEntries(served.plan.columns.map((c) => [c.name, null]));
  try {
    scoreRecords(served.model, new Array<Record<string, null>>(PLAN_MIN_ROWS).fill(empty), { explain: 1, adverseAction: false });
  } catch (error) {
    if (error instanceof LeadscoreError) throw error;
    throw new LeadscoreError("model", `${label} is damaged: scoring fails (${(error as Error).message}).`);
  }
}
