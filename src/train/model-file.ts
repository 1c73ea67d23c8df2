/**
 * model.json: one self-contained, versioned, integrity-checked document (SPEC §5).
 * Written deterministically: the same data, options and seed give the same bytes.
 */
import { createHash } from "node:crypto";
import { LeadscoreError } from "../core/errors.js";
import type { ColumnSchema } from "../core/frame.js";
import type { ScorerJSONBase } from "../core/scorer.js";
import type { PreprocessorJSON } from "../features/preprocessor.js";
import type { ConfidenceIntervals } from "./confidence-interval.js";
import type { GradeScale } from "./grades.js";
import type { ExplanationProfile } from "./explanation-profile.js";
import type { IsolationForestJSON } from "../models/isolation-forest.js";
import type { Calibration } from "./platt.js";
import type { TrainingProfile } from "./training-profile.js";
import type { ReasonTemplates } from "./reason-templates.js";
import type { EventSpec } from "../events/event-spec.js";

export const MODEL_FORMAT = "leadscore-model";
export const MODEL_FORMAT_VERSION = 1;

export interface MetricSummary {
  readonly mean: number;
  readonly std: number;
}

export interface ColumnProfile {
  readonly column: string;
  /** For numeric columns: the 1st..99th percentiles of training values, for "higher than 92 % of leads". */
  readonly percentiles?: readonly number[];
}

export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: typeof MODEL_FORMAT_VERSION;
  readonly library: { readonly name: "leadscore"; readonly version: string };
  readonly target: { readonly column: string; readonly positive: string };
  /** The column that names each row in scored output; null means row numbers. */
  readonly idColumn: string | null;
  /** Input columns the model reads, with their kinds and levels as at training. */
  readonly schema: readonly ColumnSchema[];
  readonly preprocessor: PreprocessorJSON;
  readonly scorer: ScorerJSONBase;
  readonly calibration: Calibration;
  readonly grades: GradeScale;
  /** confidence_low / confidence_high: a Wald interval (logistic) or Venn-Abers pairs (see confidence-interval.ts). */
  readonly confidence: ConfidenceIntervals;
  /** Decision threshold on the calibrated probability. */
  readonly threshold: { readonly value: number; readonly rule: string };
  readonly profiles: readonly ColumnProfile[];
  /** The training data's distribution per input column and of the score, for `drift` (absent in older models). */
  readonly trainingProfile?: TrainingProfile;
  /** Group-specific decision thresholds from `--mitigate thresholds` (see audit/group-thresholds.ts). */
  readonly groupThresholds?: StoredGroupThresholds;
  /** How reasons are worded (labels, units, templates). */
  readonly reasons: ReasonTemplates;
  /** Contributions of the final model on training rows, per input column (raw log-odds). */
  readonly explanation: ExplanationProfile;
  /** Isolation forest over the model's input matrix: the `anomaly` column of scored rows. */
  readonly anomaly?: IsolationForestJSON;
  /** How behavioural events become columns (`--events`), absent when the model was trained without them. */
  readonly events?: EventSpec;
  readonly training: {
    readonly rows: number;
    readonly positives: number;
    readonly dataSha256: string;
    readonly seed: number;
    readonly options: Readonly<Record<string, unknown>>;
  };
  readonly metrics: {
    readonly cv: Readonly<Record<string, MetricSummary>> | null;
    readonly holdout: Readonly<Record<string, number>> | null;
  };
  /** sha256 of the document without this field. */
  readonly checksum?: string;
}

/** Per-group thresholds on the calibrated probability; a row is selected when p ≥ its group's threshold. */
export interface StoredGroupThresholds {
  /** Protected columns whose combination defines the groups; group labels join their values with " × ". */
  readonly columns: readonly string[];
  /** Band edges of numeric protected columns (left-closed bands); other columns group by value. */
  readonly bands: Readonly<Record<string, readonly number[]>>;
  readonly goal: string;
  readonly favourable: "positive" | "negative";
  readonly groups: readonly { readonly group: string; readonly threshold: number }[];
  /** For rows of a group not listed: the model's single threshold. */
  readonly fallback: number;
}

/** JSON text with typed arrays as plain arrays; throws on NaN/Infinity rather than writing null. */
export function canonicalJSON(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
    if (typeof v === "number" && !Number.isFinite(v)) {
      throw new LeadscoreError("internal", `Non-finite number in model field '${key}'.`);
    }
    return v;
  });
}

export function serializeModel(model: ModelFile): string {
  const { checksum: _ignored, ...body } = model;
  const text = canonicalJSON(body);
  const checksum = sha256(text);
  // Append the checksum as the last field so the body bytes stay exactly what was hashed.
  return `${text.slice(0, -1)},"checksum":"sha256:${checksum}"}\n`;
}

export function parseModel(text: string, file: string): ModelFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new LeadscoreError("model", `${file} is not a leadscore model: it is not valid JSON (corrupted or truncated?).`, { file });
  }
  if (typeof doc !== "object" || doc === null || (doc as { format?: unknown }).format !== MODEL_FORMAT) {
    throw new LeadscoreError("model", `${file} is not a leadscore model file (no "format": "${MODEL_FORMAT}").`, { file });
  }
  const version = (doc as { formatVersion?: unknown }).formatVersion;
  if (version !== MODEL_FORMAT_VERSION) {
    throw new LeadscoreError(
      "model",
      `${file} has model format version ${String(version)}; this leadscore reads version ${MODEL_FORMAT_VERSION}. Retrain the model or use the leadscore version that made it.`,
      { file },
    );
  }
  const stored = (doc as { checksum?: unknown }).checksum;
  const at = text.lastIndexOf(',"checksum":');
  if (typeof stored !== "string" || at < 0) {
    throw new LeadscoreError("model", `${file} has no checksum; it was not written by leadscore or was edited.`, { file });
  }
  const body = `${text.slice(0, at)}}`;
  if (`sha256:${sha256(body)}` !== stored) {
    throw new LeadscoreError("model", `${file} is corrupted: its checksum does not match its content. Retrain or restore the file.`, { file });
  }
  return doc as ModelFile;
}

export function sha256(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}
