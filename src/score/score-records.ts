/** Scores plain objects (as an app or the HTTP service receives them) with a loaded model. */
import type { RawTable } from "../core/frame.js";
import type { LoadedModel } from "./loaded-model.js";
import { type ScoreOptions, type ScoredRecord, scoreTable } from "./score-table.js";

export function scoreRecords(
  model: LoadedModel,
  records: readonly Readonly<Record<string, unknown>>[],
  options: ScoreOptions = { explain: 0, adverseAction: false },
): ScoredRecord[] {
  const header = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const cells = header.map((name) => records.map((r) => cellOf(r[name])));
  const table: RawTable = { source: "records", header, rows: records.length, cells, lines: Int32Array.from(records, (_, i) => i + 1) };
  return scoreTable(model, table, 1, options);
}

function cellOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
