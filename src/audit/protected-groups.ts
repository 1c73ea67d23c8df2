/**
 * Rows grouped by a protected attribute for the fairness audit. A categorical column groups
 * by its values; a numeric one (every present value a number, more than MAX_LEVELS_AS_GROUPS
 * distinct values, or bands given) is banded: at the edges given (`--bands age=25,35,50`)
 * or else at its quartiles in the audited rows. Bands are closed on the left: with edges
 * 25, 35, 50 the bands are < 25, [25, 35), [35, 50) and ≥ 50. Missing values form their own
 * group, "(missing)".
 */
import { LeadscoreError, dataError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { parseNumber } from "../data/parse-number.js";
import { inverseEcdf } from "../train/training-profile.js";

export const MISSING_GROUP = "(missing)";
const MAX_LEVELS_AS_GROUPS = 10;

export interface Grouping {
  /** The protected column (or columns joined by " × " for intersectional groups). */
  readonly column: string;
  readonly labels: readonly string[];
  /** Index into `labels` per row. */
  readonly groupOf: Int32Array;
  /** Band edges when the column was banded, else null. */
  readonly bands: readonly number[] | null;
}

/**
 * Groups the rows of `table` by `column`: banded at `bands` when given, by value when
 * `bands` is "levels", else as the column's content suggests (see the file comment).
 */
export function groupRows(table: RawTable, column: string, how?: readonly number[] | "levels"): Grouping {
  const bands = how === "levels" ? undefined : how;
  const c = table.header.indexOf(column);
  if (c < 0) {
    throw new LeadscoreError("usage", `${table.source} has no protected column '${column}'. Columns are: ${table.header.join(", ")}.`, { file: table.source, column });
  }
  const cells = table.cells[c] as readonly (string | null)[];
  const numbers = new Float64Array(cells.length);
  let allNumeric = true;
  const distinct = new Set<string>();
  cells.forEach((cell, r) => {
    if (cell === null) {
      numbers[r] = Number.NaN;
      return;
    }
    distinct.add(cell);
    const v = parseNumber(cell.trim());
    numbers[r] = v;
    if (Number.isNaN(v)) {
      allNumeric = false;
      if (bands !== undefined) throw dataError(`'${cell}' is not a number, but --bands asks to band '${column}'`, { file: table.source, line: table.lines[r] as number, column });
    }
  });
  if (bands !== undefined || (how !== "levels" && allNumeric && distinct.size > MAX_LEVELS_AS_GROUPS)) {
    const edges = bands !== undefined ? checkBands(bands, column) : quartileEdges(numbers);
    return bandRows(column, numbers, edges);
  }
  return levelRows(column, cells);
}

/** Intersectional groups: one group per combination of the given groupings' labels that occurs. */
export function crossGroups(groupings: readonly Grouping[]): Grouping {
  if (groupings.length === 1) return groupings[0] as Grouping;
  const rows = (groupings[0] as Grouping).groupOf.length;
  const labelIndex = new Map<string, number>();
  const labels: string[] = [];
  const groupOf = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = groupings.map((g) => g.labels[g.groupOf[r] as number] as string).join(" × ");
    let index = labelIndex.get(label);
    if (index === undefined) {
      index = labels.length;
      labels.push(label);
      labelIndex.set(label, index);
    }
    groupOf[r] = index;
  }
  // Sorted labels make the result independent of row order.
  const sorted = [...labels].sort();
  const remap = labels.map((l) => sorted.indexOf(l));
  return { column: groupings.map((g) => g.column).join(" × "), labels: sorted, groupOf: groupOf.map((g) => remap[g] as number), bands: null };
}

/** Keeps only the rows `rows` (indices into the grouping's rows), in that order. */
export function selectGroupRows(grouping: Grouping, rows: ArrayLike<number>): Grouping {
  return { ...grouping, groupOf: Int32Array.from({ length: rows.length }, (_, i) => grouping.groupOf[rows[i] as number] as number) };
}

export function bandLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return ["(all)"];
  const labels = [`< ${edges[0]}`];
  for (let k = 1; k < edges.length; k++) labels.push(`[${edges[k - 1]}, ${edges[k]})`);
  labels.push(`≥ ${edges[edges.length - 1]}`);
  return labels;
}

/** The band of a value: the number of edges at or below it. */
export function bandOf(edges: readonly number[], value: number): number {
  let band = 0;
  while (band < edges.length && value >= (edges[band] as number)) band++;
  return band;
}

function bandRows(column: string, values: Float64Array, edges: readonly number[]): Grouping {
  const labels = bandLabels(edges);
  const hasMissing = values.some((v) => Number.isNaN(v));
  if (hasMissing) labels.push(MISSING_GROUP);
  const groupOf = Int32Array.from(values, (v) => (Number.isNaN(v) ? labels.length - 1 : bandOf(edges, v)));
  return { column, labels, groupOf, bands: [...edges] };
}

function levelRows(column: string, cells: readonly (string | null)[]): Grouping {
  const present = [...new Set(cells.filter((c): c is string => c !== null))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const labels = cells.some((c) => c === null) ? [...present, MISSING_GROUP] : present;
  const index = new Map(labels.map((l, i) => [l, i]));
  const groupOf = Int32Array.from(cells, (c) => index.get(c ?? MISSING_GROUP) as number);
  return { column, labels, groupOf, bands: null };
}

/** Quartiles of the present values, each kept once. */
function quartileEdges(values: Float64Array): number[] {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  if (present.length === 0) return [];
  const edges: number[] = [];
  for (const q of [0.25, 0.5, 0.75]) {
    const e = inverseEcdf(present, q);
    // Left-closed bands: an edge at the minimum would leave the first band empty.
    if (e > (present[0] as number) && (edges.length === 0 || e > (edges[edges.length - 1] as number))) edges.push(e);
  }
  return edges;
}

function checkBands(bands: readonly number[], column: string): number[] {
  for (let k = 0; k < bands.length; k++) {
    if (!Number.isFinite(bands[k]) || (k > 0 && (bands[k] as number) <= (bands[k - 1] as number))) {
      throw new LeadscoreError("usage", `--bands ${column}=${bands.join(",")}: the edges must be increasing numbers.`, { field: "bands", column });
    }
  }
  if (bands.length === 0) throw new LeadscoreError("usage", `--bands ${column}= needs at least one edge.`, { field: "bands", column });
  return [...bands];
}

/** Parses `--bands COL=e1,e2,…` (repeatable). The column name may hold '='; the last one separates. */
export function parseBands(entries: readonly string[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf("=");
    const column = entry.slice(0, at).trim();
    const edges = entry
      .slice(at + 1)
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "")
      .map(Number);
    if (at <= 0 || edges.length === 0 || edges.some((e) => !Number.isFinite(e))) {
      throw new LeadscoreError("usage", `--bands expects COLUMN=EDGE,EDGE,… (numbers), got '${entry}'.`, { field: "bands" });
    }
    out[column] = checkBands(edges, column);
  }
  return out;
}
