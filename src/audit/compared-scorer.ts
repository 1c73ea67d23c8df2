/**
 * Either side of `compare` (SPEC §2): a model.json or a rules file (SPEC §6), told apart by
 * content, both reduced to what a comparison needs: a ranking score per row (higher = more
 * likely positive), a probability when there is one, and a grade per row.
 */
import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { fileError } from "../data/file-access.js";
import { toFrame } from "../data/to-frame.js";
import { type LoadedModel, modelFromFile } from "../score/loaded-model.js";
import { scoreFrame } from "../score/score-frame.js";
import { fitGrades, gradeOf } from "../train/grades.js";
import { MODEL_FORMAT, parseModel } from "../train/model-file.js";
import { type RulesFile, isRulesDocument, parseRules } from "./rules-file.js";
import { gradeRules, scoreRules } from "./rules-scorer.js";

export interface ScoredBy {
  /** Higher means more likely positive: a model's probability, a rules file's points. */
  readonly ranking: Float64Array;
  readonly probability: Float64Array | null;
  /** Grade of each row as an index into `gradeLabels` (0 = best). */
  readonly gradeRank: Int32Array;
  readonly gradeLabels: readonly string[];
  /** Where the grades come from. */
  readonly gradesFrom: "model" | "rules file" | "quartiles of this data";
}

export interface ComparedScorer {
  readonly name: string;
  readonly path: string;
  readonly kind: "model" | "rules";
  /** The model's positive class; null for a rules file. */
  readonly positive: string | null;
  /** Extra missing-value tokens the model was trained with. */
  readonly na: readonly string[];
  score(table: RawTable): ScoredBy;
}

export function loadComparedScorer(path: string): ComparedScorer {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw fileError(path, error);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new LeadscoreError("data", `${path} is neither a model.json nor a rules file: it is not valid JSON.`, { file: path });
  }
  if (typeof doc === "object" && doc !== null && (doc as { format?: unknown }).format === MODEL_FORMAT) {
    return modelScorer(modelFromFile(parseModel(text, path), path), path);
  }
  if (isRulesDocument(doc)) return rulesScorer(parseRules(doc, path), path);
  throw new LeadscoreError("data", `${path} is neither a model.json (no "format": "${MODEL_FORMAT}") nor a rules file (no "rules" array).`, { file: path });
}

export function modelScorer(model: LoadedModel, path: string): ComparedScorer {
  return {
    name: displayName(path),
    path,
    kind: "model",
    positive: model.file.target.positive,
    na: (model.file.training.options.na as string[] | undefined) ?? [],
    score(table) {
      const scored = scoreFrame(model, toFrame(table, model.file.schema));
      const labels = model.file.grades.labels;
      const index = new Map(labels.map((l, i) => [l, i]));
      return {
        ranking: scored.probability,
        probability: scored.probability,
        gradeRank: Int32Array.from(scored.grade, (g) => index.get(g) ?? labels.length - 1),
        gradeLabels: labels,
        gradesFrom: "model",
      };
    },
  };
}

export function rulesScorer(rules: RulesFile, path: string): ComparedScorer {
  return {
    name: rules.name ?? displayName(path),
    path,
    kind: "rules",
    positive: null,
    na: [],
    score(table) {
      const points = scoreRules(rules, table, path);
      const graded = gradeRules(rules, points);
      if (graded !== null && rules.grades !== null) {
        const labels = rules.grades.map((g) => g.label);
        const index = new Map(labels.map((l, i) => [l, i]));
        return { ranking: points, probability: null, gradeRank: Int32Array.from(graded, (g) => index.get(g) ?? 0), gradeLabels: labels, gradesFrom: "rules file" };
      }
      // No grades in the file: cut its points at the quartiles of this data, as training cuts a model's.
      const scale = fitGrades(points);
      const index = new Map(scale.labels.map((l, i) => [l, i]));
      return {
        ranking: points,
        probability: null,
        gradeRank: Int32Array.from(points, (p) => index.get(gradeOf(scale, p)) ?? 0),
        gradeLabels: scale.labels,
        gradesFrom: "quartiles of this data",
      };
    },
  };
}

/** `model/model.json` is named by its folder, anything else by its file name. */
function displayName(path: string): string {
  const file = basename(path);
  return file === "model.json" ? `${basename(dirname(path)) || "."}/model.json` : file;
}
