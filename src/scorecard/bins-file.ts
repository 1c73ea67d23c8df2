/**
 * bins.json: the binning and selection of a fitted scorecard as an editable document.
 * Given back with `--bins`, every characteristic it lists with cuts (numeric) or groups
 * (categorical) keeps exactly those bins, and `selected` pins it in or out; only the WoE,
 * the logistic weights and the points are refitted. Remove a characteristic's cuts or
 * groups to let optimal binning choose again, or its `selected` to let selection decide.
 *
 *   { "format": "leadscore-bins", "version": 1, "characteristics": [
 *       { "column": "age", "type": "numeric", "selected": true,
 *         "cuts": [25, 35, 50], "special": [{ "value": -1, "bin": "own" }], "missing": 0 },
 *       { "column": "purpose", "type": "categorical", "selected": true,
 *         "groups": [["car", "(other)"], ["education"]], "missing": "own" } ] }
 *
 * Numeric bins: value < cuts[0] is bin 0, cuts[i−1] ≤ value < cuts[i] is bin i. `missing`
 * and each special value go to a bin of their own ("own") or to regular bin k (0-based).
 * Categorical: "(other)" names the levels pooled as rare (and levels unseen in training);
 * levels no group names go with "(other)", else to the riskiest group. Fields under
 * "about" are for reading only.
 */
import { LeadscoreError } from "../core/errors.js";
import type { Placement } from "./binning.js";
import { type BinLayout, binLabels, regularBinCount } from "./characteristic.js";
import type { BinsFile, BinsFileCharacteristic } from "./scorecard-options.js";
import type { CharacteristicJSON, ScorecardJSON } from "./scorecard-scorer.js";

export const BINS_FORMAT = "leadscore-bins";

/** The bins.json document of a fitted scorecard (every characteristic, selected or not). */
export function binsFileOf(scorecard: ScorecardJSON): BinsFile & { readonly note: string } {
  return {
    format: BINS_FORMAT,
    version: 1,
    note: "Edit cuts, groups, missing, special or selected, then re-fit with --bins this-file. Fields under 'about' are ignored.",
    characteristics: scorecard.characteristics.map(entryOf),
  };
}

function entryOf(c: CharacteristicJSON): BinsFileCharacteristic & { readonly about: Readonly<Record<string, unknown>> } {
  const layout = c.layout;
  const regular = regularOf(layout, c.bins.length);
  const placement = (bin: number): Placement => (bin >= regular ? "own" : bin);
  const about = { iv: c.iv, trend: c.trend, status: c.status, bins: binLabels(layout, c.bins.length) };
  if (layout.type === "numeric") {
    return {
      column: c.column,
      type: "numeric",
      selected: c.selected,
      cuts: [...layout.cuts],
      special: layout.special.map((s) => ({ value: s.value, bin: placement(s.bin) })),
      missing: placement(layout.missingBin),
      about,
    };
  }
  const groups: string[][] = Array.from({ length: regular }, () => []);
  layout.binOfCode.forEach((bin, code) => groups[bin]?.push(code < layout.levels.length ? (layout.levels[code] as string) : "(other)"));
  return { column: c.column, type: "categorical", selected: c.selected, groups, missing: placement(layout.missingBin), about };
}

/** Regular bins of a fitted layout: for categorical, the missing bin is its own when no level maps to it. */
function regularOf(layout: BinLayout, bins: number): number {
  if (layout.type === "numeric") return regularBinCount(layout);
  return layout.binOfCode.includes(layout.missingBin) ? bins : Math.min(bins, regularBinCount(layout));
}

/** bins.json text: indented, with lists of numbers or level names and small objects on one line, for easy editing. */
export function binsFileText(doc: unknown): string {
  return `${formatJson(doc, "")}\n`;
}

function formatJson(value: unknown, indent: string): string {
  if (isFlat(value)) return flatJson(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + formatJson(v, inner)).join(",\n")}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(",\n")}\n${indent}}`;
}

/** Scalars, and arrays or objects of scalars (or of arrays of scalars), print on one line. */
function isFlat(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== "object") return true;
  if (depth >= 2) return false;
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return items.every((v) => v === null || typeof v !== "object" || (depth === 0 && Array.isArray(v) && isFlat(v, depth + 1)));
}

function flatJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(flatJson).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${flatJson(v)}`).join(", ")} }`;
}

/** Reads and checks a bins.json text; every problem is reported at once, naming the file and characteristic. */
export function parseBinsFile(text: string, file: string): BinsFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new LeadscoreError("usage", `${file} is not valid JSON (${(error as Error).message}).`, { file });
  }
  const problems: string[] = [];
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new LeadscoreError("usage", `${file} must hold a JSON object with "format": "${BINS_FORMAT}".`, { file });
  const top = doc as Record<string, unknown>;
  if (top["format"] !== BINS_FORMAT) problems.push(`"format" must be "${BINS_FORMAT}"`);
  if (top["version"] !== 1) problems.push(`"version" must be 1`);
  const list = top["characteristics"];
  const out: BinsFileCharacteristic[] = [];
  if (!Array.isArray(list)) problems.push(`"characteristics" must be an array`);
  else {
    const seen = new Set<string>();
    list.forEach((item: unknown, i) => {
      const entry = entryFrom(item, `characteristics[${i}]`, problems);
      if (!entry) return;
      if (seen.has(entry.column)) problems.push(`characteristic '${entry.column}' is listed twice`);
      seen.add(entry.column);
      out.push(entry);
    });
  }
  if (problems.length > 0) throw new LeadscoreError("usage", `${file}: ${problems.join("; ")}.`, { file });
  return { format: BINS_FORMAT, version: 1, characteristics: out };
}

function entryFrom(item: unknown, at: string, problems: string[]): BinsFileCharacteristic | undefined {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    problems.push(`${at} must be an object`);
    return undefined;
  }
  const o = item as Record<string, unknown>;
  const column = o["column"];
  if (typeof column !== "string" || column === "") {
    problems.push(`${at}.column must be a column name`);
    return undefined;
  }
  const where = `characteristic '${column}'`;
  const type = o["type"];
  if (type !== "numeric" && type !== "categorical") {
    problems.push(`${where}: "type" must be "numeric" or "categorical"`);
    return undefined;
  }
  const selected = o["selected"];
  if (selected !== undefined && typeof selected !== "boolean") problems.push(`${where}: "selected" must be true or false`);
  const pinned = typeof selected === "boolean" ? { selected } : {};
  if (type === "numeric") {
    const cutsRaw = o["cuts"];
    if (cutsRaw === undefined) return { column, type, ...pinned };
    if (!Array.isArray(cutsRaw) || cutsRaw.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
      problems.push(`${where}: "cuts" must be an array of numbers`);
      return undefined;
    }
    const cuts = cutsRaw as number[];
    const at = cuts.findIndex((v, i) => i > 0 && !(v > (cuts[i - 1] as number)));
    if (at > 0) problems.push(`${where}: "cuts" must increase, but ${cuts[at]} follows ${cuts[at - 1]}`);
    const regular = cuts.length + 1;
    const specialRaw = o["special"] ?? [];
    const special: { value: number; bin: Placement }[] = [];
    if (!Array.isArray(specialRaw)) problems.push(`${where}: "special" must be an array of { "value", "bin" }`);
    else {
      for (const s of specialRaw as unknown[]) {
        const so = (typeof s === "object" && s !== null ? s : {}) as Record<string, unknown>;
        const value = so["value"];
        if (typeof value !== "number" || !Number.isFinite(value)) {
          problems.push(`${where}: every special value needs a numeric "value"`);
          continue;
        }
        const bin = placementFrom(so["bin"] ?? "own", regular, `${where}, special value ${value}`, problems);
        if (bin !== undefined) special.push({ value, bin });
      }
    }
    const missing = placementFrom(o["missing"] ?? "own", regular, `${where}, missing`, problems) ?? "own";
    return { column, type, ...pinned, cuts, special, missing };
  }
  const groupsRaw = o["groups"];
  if (groupsRaw === undefined) return { column, type, ...pinned };
  if (!Array.isArray(groupsRaw) || groupsRaw.length === 0 || groupsRaw.some((g) => !Array.isArray(g) || g.some((v: unknown) => typeof v !== "string"))) {
    problems.push(`${where}: "groups" must be a non-empty array of arrays of level names`);
    return undefined;
  }
  const groups = groupsRaw as string[][];
  const seen = new Set<string>();
  for (const level of groups.flat()) {
    if (seen.has(level)) problems.push(`${where}: level '${level}' is in two groups`);
    seen.add(level);
  }
  const missing = placementFrom(o["missing"] ?? "own", groups.length, `${where}, missing`, problems) ?? "own";
  return { column, type, ...pinned, groups, missing };
}

function placementFrom(value: unknown, regular: number, where: string, problems: string[]): Placement | undefined {
  if (value === "own") return "own";
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value < regular) return value;
  problems.push(`${where}: "bin" must be "own" or a bin number from 0 to ${regular - 1}`);
  return undefined;
}
