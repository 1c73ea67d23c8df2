/**
 * How reasons are worded, per column: a label, a unit and optionally a whole template.
 * Given at training (`train --reasons reasons.json`, stored in model.json) or at scoring
 * (`score --reasons reasons.json`, overriding the stored ones).
 *
 * ```json
 * { "population": "leads",
 *   "columns": { "Total Time Spent on Website": { "label": "Time on website", "unit": "s" },
 *                "Lead Source": { "template": "Came from {value} — {effect}" } } }
 * ```
 * Placeholders: {label} {value} {unit} {comparison} {effect}. A count reads better with its own
 * wording for 0, 1 and missing: `zeroTemplate`, `oneTemplate`, `missingTemplate` (used for
 * those values when given, e.g. "Did not view the pricing page in the last 7 days").
 */
import { readFileSync } from "node:fs";
import { LeadscoreError } from "../core/errors.js";

export interface ColumnWording {
  readonly label?: string;
  readonly unit?: string;
  readonly template?: string;
  readonly zeroTemplate?: string;
  readonly oneTemplate?: string;
  readonly missingTemplate?: string;
}

const WORDING_KEYS = ["label", "unit", "template", "zeroTemplate", "oneTemplate", "missingTemplate"];

export interface ReasonTemplates {
  /** What the rows are called in comparisons: "higher than 92 % of leads". */
  readonly population: string;
  readonly columns: Readonly<Record<string, ColumnWording>>;
}

export const DEFAULT_TEMPLATES: ReasonTemplates = { population: "leads", columns: {} };

export const DEFAULT_TEMPLATE = "{label} is {value}{unit}{comparison} — {effect}";
export const MISSING_TEMPLATE = "{label} is missing — {effect}";

const PLACEHOLDERS = new Set(["label", "value", "unit", "comparison", "effect"]);

export function readReasonTemplates(path: string): ReasonTemplates {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new LeadscoreError("file", `Cannot read reasons file '${path}': no such file.`, { file: path });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new LeadscoreError("data", `${path} is not valid JSON: ${(error as Error).message}.`, { file: path });
  }
  return validateTemplates(doc, path);
}

export function validateTemplates(doc: unknown, source: string): ReasonTemplates {
  const problems: string[] = [];
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new LeadscoreError("data", `${source}: expected an object with "population" and "columns".`, { file: source });
  }
  const { population, columns } = doc as { population?: unknown; columns?: unknown };
  if (population !== undefined && typeof population !== "string") problems.push(`"population" must be a string`);
  const out: Record<string, ColumnWording> = {};
  if (columns !== undefined) {
    if (typeof columns !== "object" || columns === null || Array.isArray(columns)) problems.push(`"columns" must be an object keyed by column name`);
    else {
      for (const [name, wording] of Object.entries(columns as Record<string, unknown>)) {
        if (typeof wording !== "object" || wording === null) {
          problems.push(`columns."${name}" must be an object`);
          continue;
        }
        const entry: Record<string, string> = {};
        for (const [key, value] of Object.entries(wording as Record<string, unknown>)) {
          if (!WORDING_KEYS.includes(key)) problems.push(`columns."${name}".${key} is not known (${WORDING_KEYS.join(", ")})`);
          else if (typeof value !== "string") problems.push(`columns."${name}".${key} must be a string`);
          else entry[key] = value;
        }
        for (const key of WORDING_KEYS.filter((k) => k.toLowerCase().endsWith("template"))) {
          for (const match of (entry[key] ?? "").matchAll(/\{(\w+)\}/g)) {
            if (!PLACEHOLDERS.has(match[1] as string)) problems.push(`columns."${name}".${key} uses unknown {${match[1]}}`);
          }
        }
        out[name] = entry;
      }
    }
  }
  if (problems.length > 0) throw new LeadscoreError("data", `${source}: ${problems.join("; ")}.`, { file: source });
  return { population: typeof population === "string" ? population : DEFAULT_TEMPLATES.population, columns: out };
}

export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}
