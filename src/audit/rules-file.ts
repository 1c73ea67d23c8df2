/**
 * Rules files (SPEC §6): the previous, points-based scoring system, as JSON
 *
 *   { "name": "2023 lead rules",                      (optional)
 *     "rules": [ { "when": { "column": "pages_viewed", "op": ">=", "value": 5 }, "points": 10 }, … ],
 *     "grades": { "A": 30, "B": 15, "C": 5, "D": 0 } } (optional: least points for each grade)
 *
 * `when` is one condition or an array of conditions that must all hold. Ops: `=` `!=` `>`
 * `>=` `<` `<=` `in` (value: an array) `contains` (substring) `missing` (value true or
 * absent: the cell is missing; false: it is present). Validation reports every problem at
 * once, each with its path in the file.
 */
import { readFileSync } from "node:fs";
import { LeadscoreError } from "../core/errors.js";
import { fileError } from "../data/file-access.js";

export const RULE_OPS = ["=", "!=", ">", ">=", "<", "<=", "in", "contains", "missing"] as const;
export type RuleOp = (typeof RULE_OPS)[number];

export type RuleValue = string | number | boolean;

export interface RuleCondition {
  readonly column: string;
  readonly op: RuleOp;
  readonly value?: RuleValue | readonly (string | number)[];
}

export interface Rule {
  readonly when: readonly RuleCondition[];
  readonly points: number;
}

export interface RulesFile {
  readonly name: string | null;
  readonly rules: readonly Rule[];
  /** Grades from the best down, each with the least points that earn it; the last grade takes the rest. */
  readonly grades: readonly { readonly label: string; readonly minPoints: number }[] | null;
}

const NUMERIC_OPS: ReadonlySet<RuleOp> = new Set([">", ">=", "<", "<="]);

/** True when a parsed JSON document looks like a rules file rather than a model. */
export function isRulesDocument(doc: unknown): boolean {
  return typeof doc === "object" && doc !== null && Array.isArray((doc as { rules?: unknown }).rules);
}

export function readRulesFile(path: string): RulesFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw fileError(path, error);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new LeadscoreError("data", `${path} is not valid JSON: ${(error as Error).message}.`, { file: path });
  }
  return parseRules(doc, path);
}

/** Checks a parsed rules document; throws one error listing every problem. */
export function parseRules(doc: unknown, file: string): RulesFile {
  const problems: string[] = [];
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new LeadscoreError("data", `${file}: a rules file is a JSON object with a "rules" array.`, { file });
  }
  const root = doc as Record<string, unknown>;
  const name = typeof root.name === "string" ? root.name : null;
  if (root.name !== undefined && name === null) problems.push(`"name" must be a string`);
  const rules: Rule[] = [];
  if (!Array.isArray(root.rules) || root.rules.length === 0) problems.push(`"rules" must be a non-empty array`);
  else root.rules.forEach((raw, i) => {
    const rule = parseRule(raw, `rules[${i}]`, problems);
    if (rule) rules.push(rule);
  });
  const grades = root.grades === undefined ? null : parseGrades(root.grades, problems);
  for (const key of Object.keys(root)) if (!["name", "rules", "grades", "description"].includes(key)) problems.push(`unknown field "${key}"`);
  if (problems.length > 0) {
    throw new LeadscoreError("data", `${file} is not a valid rules file: ${problems.join("; ")}.`, { file, field: problems[0] as string });
  }
  return { name, rules, grades };
}

function parseRule(raw: unknown, path: string, problems: string[]): Rule | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(`${path} must be an object with "when" and "points"`);
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const points = r.points;
  if (typeof points !== "number" || !Number.isFinite(points)) problems.push(`${path}.points must be a number`);
  const whenRaw = r.when;
  const list = Array.isArray(whenRaw) ? whenRaw : [whenRaw];
  if (whenRaw === undefined || list.length === 0) problems.push(`${path}.when must be a condition or a non-empty array of conditions`);
  const when: RuleCondition[] = [];
  list.forEach((c, j) => {
    const condition = parseCondition(c, Array.isArray(whenRaw) ? `${path}.when[${j}]` : `${path}.when`, problems);
    if (condition) when.push(condition);
  });
  for (const key of Object.keys(r)) if (!["when", "points", "label"].includes(key)) problems.push(`${path}: unknown field "${key}"`);
  return typeof points === "number" && when.length === list.length && list.length > 0 ? { when, points } : undefined;
}

function parseCondition(raw: unknown, path: string, problems: string[]): RuleCondition | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(`${path} must be an object { "column", "op", "value" }`);
    return undefined;
  }
  const c = raw as Record<string, unknown>;
  const before = problems.length;
  if (typeof c.column !== "string" || c.column === "") problems.push(`${path}.column must be a column name`);
  const op = c.op;
  if (typeof op !== "string" || !(RULE_OPS as readonly string[]).includes(op)) {
    problems.push(`${path}.op ${JSON.stringify(op)} is not one of ${RULE_OPS.join(" ")}`);
    return undefined;
  }
  const value = c.value;
  const scalar = (v: unknown): v is RuleValue => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean";
  if (op === "in") {
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)))) {
      problems.push(`${path}.value must be a non-empty array of strings or numbers for op "in"`);
    }
  } else if (op === "missing") {
    if (value !== undefined && typeof value !== "boolean") problems.push(`${path}.value must be true, false or absent for op "missing"`);
  } else if (NUMERIC_OPS.has(op as RuleOp)) {
    if (typeof value !== "number" || !Number.isFinite(value)) problems.push(`${path}.value must be a number for op "${op}"`);
  } else if (op === "contains") {
    if (typeof value !== "string" || value === "") problems.push(`${path}.value must be a non-empty string for op "contains"`);
  } else if (!scalar(value)) problems.push(`${path}.value must be a string, number or boolean for op "${op}"`);
  for (const key of Object.keys(c)) if (!["column", "op", "value"].includes(key)) problems.push(`${path}: unknown field "${key}"`);
  if (problems.length > before) return undefined;
  return value === undefined ? { column: c.column as string, op: op as RuleOp } : { column: c.column as string, op: op as RuleOp, value: value as NonNullable<RuleCondition["value"]> };
}

function parseGrades(raw: unknown, problems: string[]): RulesFile["grades"] {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw) || Object.keys(raw).length < 2) {
    problems.push(`"grades" must be an object of at least two grades, each with the least points that earn it, e.g. { "A": 30, "B": 10, "C": 0 }`);
    return null;
  }
  const grades: { label: string; minPoints: number }[] = [];
  for (const [label, value] of Object.entries(raw)) {
    if (typeof value !== "number" || !Number.isFinite(value)) problems.push(`grades.${label} must be a number of points`);
    else grades.push({ label, minPoints: value });
  }
  // Best grade first: the one needing the most points.
  grades.sort((a, b) => b.minPoints - a.minPoints);
  for (let i = 1; i < grades.length; i++) {
    if ((grades[i] as { minPoints: number }).minPoints === (grades[i - 1] as { minPoints: number }).minPoints) problems.push(`grades ${grades[i - 1]?.label} and ${grades[i]?.label} need the same points`);
  }
  return grades;
}
