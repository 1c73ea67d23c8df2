/** `--report FILE` of the audit commands: one self-contained HTML page. */
import { writeFileSync } from "node:fs";
import { LeadscoreError } from "../core/errors.js";

export function writeReportFile(path: string, html: string): void {
  try {
    writeFileSync(path, html);
  } catch (error) {
    throw new LeadscoreError("file", `Cannot write the report '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { file: path });
  }
}

/** A number for a table cell: fixed digits, a dash when undefined. */
export function fixedOrDash(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "—";
}

/** A p-value as people read it. */
export function pValueText(p: number): string {
  if (!Number.isFinite(p)) return "—";
  return p < 0.0001 ? "< 0.0001" : p.toFixed(4);
}
