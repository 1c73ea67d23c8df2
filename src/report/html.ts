/**
 * Small helpers for writing self-contained HTML safely. Numbers that come from report.json
 * are printed inside `<data value="…" data-path="…">`, so a reader (or a test) can check
 * every printed figure against the document it came from.
 */

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

export function fmt(value: number, digits = 4): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value.toFixed(digits);
}

export function pct(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)} %`;
}

/**
 * How a number is printed: `int` (thousands separated), `fixed:N` (N decimals), `pct:N`
 * (times 100, N decimals, " %"), `times:N` (N decimals and "×", for lift).
 */
export type NumberFormat = "int" | `fixed:${number}` | `pct:${number}` | `times:${number}`;

/** Printed text of a number; a dash for a missing or undefined figure (NaN). */
export function formatNumber(value: number, format: NumberFormat): string {
  if (!Number.isFinite(value)) return "—";
  if (format === "int") return Math.round(value).toLocaleString("en-US");
  const [kind, digitsText] = format.split(":") as [string, string];
  const digits = Number(digitsText);
  if (kind === "pct") return `${(value * 100).toFixed(digits)} %`;
  if (kind === "times") return `${value.toFixed(digits)}×`;
  return value.toFixed(digits);
}

/** Where a printed number comes from: a report.json path ("lift.0.rate") or a named derivation. */
export interface NumberSource {
  readonly path?: string;
  readonly derived?: string;
}

/** A number as HTML: a `<data>` element carrying the exact value and its source. */
export function num(value: number, format: NumberFormat, source: NumberSource = {}): string {
  const text = escapeHtml(formatNumber(value, format));
  if (!Number.isFinite(value)) return text;
  const attributes = [`value="${String(value)}"`];
  if (source.path !== undefined) attributes.push(`data-path="${escapeHtml(source.path)}"`);
  if (source.derived !== undefined) attributes.push(`data-derived="${escapeHtml(source.derived)}"`);
  return `<data ${attributes.join(" ")}>${text}</data>`;
}

/** A table cell: text (escaped), a number, or HTML already made safe by the caller. */
export type Cell = string | NumberCell | HtmlCell;

export interface NumberCell {
  readonly value: number;
  readonly format: NumberFormat;
  readonly path?: string;
  readonly derived?: string;
}

export interface HtmlCell {
  readonly html: string;
}

export interface TableSpec {
  readonly caption: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** The report.json array the rows come from, if any (a hint for readers and tests). */
  readonly source?: string;
  /** Extra CSS class, e.g. "compact". */
  readonly className?: string;
}

export function cellHtml(cell: Cell): string {
  if (typeof cell === "string") return escapeHtml(cell);
  if ("html" in cell) return cell.html;
  const source: { path?: string; derived?: string } = {};
  if (cell.path !== undefined) source.path = cell.path;
  if (cell.derived !== undefined) source.derived = cell.derived;
  return num(cell.value, cell.format, source);
}

/** A table with a caption and a header row; numbers are right-aligned. */
export function dataTable(spec: TableSpec): string {
  // A column is numeric (right-aligned, header too) when its first row holds a number.
  const numeric = spec.header.map((_, i) => isNumberCell(spec.rows[0]?.[i]));
  const align = (i: number) => (numeric[i] ? "" : ' class="text"');
  const head = spec.header.map((h, i) => `<th scope="col"${align(i)}>${escapeHtml(h)}</th>`).join("");
  const body = spec.rows
    .map((row) => `<tr>${row.map((c, i) => (i === 0 ? `<th scope="row"${align(i)}>${cellHtml(c)}</th>` : `<td${align(i)}>${cellHtml(c)}</td>`)).join("")}</tr>`)
    .join("\n");
  const attributes = [spec.className ? `class="${escapeHtml(spec.className)}"` : "", spec.source ? `data-source="${escapeHtml(spec.source)}"` : ""].filter((a) => a !== "").join(" ");
  const caption = spec.caption ? `<caption>${escapeHtml(spec.caption)}</caption>` : "";
  return `<table${attributes ? ` ${attributes}` : ""}>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function isNumberCell(cell: Cell | undefined): boolean {
  return typeof cell === "object" && "value" in cell;
}

/** A table with a header row; cells are escaped. (The simple form, kept for plain string/number tables.) */
export function table(caption: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const head = header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(typeof c === "number" ? fmt(c) : c)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The report stylesheet, under its former name. */
export { REPORT_STYLE as BASE_STYLE } from "./report-style.js";
