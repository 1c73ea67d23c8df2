/**
 * Any plain JSON value as readable HTML: objects as definition lists, arrays of flat
 * records as tables, numbers as checkable `<data>`. For report parts whose shape this
 * renderer does not know in advance (a model card, future audit sections).
 */
import { type Cell, dataTable, escapeHtml, num } from "./html.js";

/** `path`: where the value sits in report.json, carried onto every number printed. */
export function plainDataHtml(value: unknown, path: string): string {
  if (value === null || value === undefined) return `<span class="muted">—</span>`;
  if (typeof value === "number") return num(value, Number.isInteger(value) ? "int" : "fixed:4", { path });
  if (typeof value === "string") return escapeHtml(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) {
    if (value.length === 0) return `<span class="muted">none</span>`;
    if (value.every((v) => typeof v === "string" || typeof v === "number")) {
      return value.map((v, i) => plainDataHtml(v, `${path}.${i}`)).join(", ");
    }
    if (value.every(isFlatRecord)) return recordsTable(value as Record<string, unknown>[], path);
    return `<ol>${value.map((v, i) => `<li>${plainDataHtml(v, `${path}.${i}`)}</li>`).join("")}</ol>`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return `<dl class="card-fields">${entries.map(([k, v]) => `<dt>${escapeHtml(humanise(k))}</dt><dd>${plainDataHtml(v, `${path}.${k}`)}</dd>`).join("")}</dl>`;
  }
  return escapeHtml(String(value));
}

function isFlatRecord(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => x === null || typeof x !== "object");
}

function recordsTable(records: readonly Record<string, unknown>[], path: string): string {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const rows = records.map((r, i) =>
    keys.map((k): Cell => {
      const v = r[k];
      if (typeof v === "number") return { value: v, format: Number.isInteger(v) ? "int" : "fixed:4", path: `${path}.${i}.${k}` };
      return v === null || v === undefined ? "—" : String(v);
    }),
  );
  return dataTable({ caption: "", header: keys.map(humanise), rows, source: path });
}

/** camelCase and snake_case keys as words: "intendedUse" → "Intended use". */
export function humanise(key: string): string {
  const words = key.replace(/[_-]+/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
