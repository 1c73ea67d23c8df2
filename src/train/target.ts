/**
 * Turns the target column into 0/1 labels and decides which value is the positive class
 * (SPEC §2: `1`, `yes`, `true`, `y` in any case unless `--positive` says otherwise).
 */
import { LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";

const DEFAULT_POSITIVE = /^(1|1\.0|yes|true|y)$/i;

export interface TargetLabels {
  readonly column: string;
  readonly positive: string;
  /** Rows of the table that have a target value, in order. */
  readonly rows: Int32Array;
  readonly labels: Uint8Array;
  readonly missing: number;
}

export function targetColumnIndex(raw: RawTable, target: string): number {
  const index = raw.header.indexOf(target);
  if (index < 0) {
    throw new LeadscoreError(
      "usage",
      `${raw.source}: there is no target column '${target}'. Columns are: ${raw.header.join(", ")}.`,
      { file: raw.source, column: target },
    );
  }
  return index;
}

export function readTarget(raw: RawTable, target: string, positive: string | undefined): TargetLabels {
  const cells = raw.cells[targetColumnIndex(raw, target)] ?? [];
  const counts = new Map<string, number>();
  for (const cell of cells) if (cell !== null) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  const values = [...counts.keys()].sort();
  const shown = values.slice(0, 10).map((v) => `'${v}'`).join(", ") + (values.length > 10 ? ", …" : "");
  if (values.length < 2) {
    throw new LeadscoreError(
      "data",
      `${raw.source}: target column '${target}' has ${values.length === 0 ? "no values" : `only one value (${shown})`}; a model needs rows of both outcomes.`,
      { file: raw.source, column: target },
    );
  }
  const chosen = positive !== undefined ? matchPositive(values, positive) : detectPositive(values);
  if (chosen === undefined) {
    if (positive !== undefined) {
      throw new LeadscoreError("usage", `--positive '${positive}' is not a value of target column '${target}' (values: ${shown}).`, {
        column: target,
        field: "positive",
      });
    }
    throw new LeadscoreError(
      "usage",
      `Cannot tell which value of target column '${target}' is the positive class (values: ${shown}); name it with --positive VALUE.`,
      { column: target, field: "positive" },
    );
  }
  if (positive === undefined && values.length > 2) {
    throw new LeadscoreError(
      "usage",
      `Target column '${target}' has ${values.length} values (${shown}); name the positive class with --positive VALUE and the others count as negative.`,
      { column: target, field: "positive" },
    );
  }
  const rows: number[] = [];
  const labels: number[] = [];
  cells.forEach((cell, r) => {
    if (cell === null) return;
    rows.push(r);
    labels.push(cell === chosen ? 1 : 0);
  });
  return { column: target, positive: chosen, rows: Int32Array.from(rows), labels: Uint8Array.from(labels), missing: cells.length - rows.length };
}

function matchPositive(values: readonly string[], positive: string): string | undefined {
  const exact = values.find((v) => v === positive);
  if (exact !== undefined) return exact;
  const number = Number(positive);
  if (positive.trim() !== "" && Number.isFinite(number)) {
    const numeric = values.find((v) => v.trim() !== "" && Number(v) === number);
    if (numeric !== undefined) return numeric;
  }
  return values.find((v) => v.toLowerCase() === positive.toLowerCase());
}

function detectPositive(values: readonly string[]): string | undefined {
  const matches = values.filter((v) => DEFAULT_POSITIVE.test(v.trim()));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Labels for a labelled file scored by an existing model: the positive value is the model's. */
export function labelsFor(raw: RawTable, target: string, positive: string): TargetLabels {
  const cells = raw.cells[targetColumnIndex(raw, target)] ?? [];
  const values = [...new Set(cells.filter((c): c is string => c !== null))].sort();
  const chosen = matchPositive(values, positive) ?? positive;
  const rows: number[] = [];
  const labels: number[] = [];
  cells.forEach((cell, r) => {
    if (cell === null) return;
    rows.push(r);
    labels.push(cell === chosen ? 1 : 0);
  });
  return { column: target, positive: chosen, rows: Int32Array.from(rows), labels: Uint8Array.from(labels), missing: cells.length - rows.length };
}
