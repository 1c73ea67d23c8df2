/**
 * Suspected target leakage: a column that alone separates the classes too well, the mark
 * of a value recorded after (or because of) the outcome.
 *
 * Separations (max(AUC, 1 - AUC), column-separation.ts) measured on the benchmark data:
 *
 * | data (positive)                | known leaks                         | strongest honest columns                          |
 * |--------------------------------|-------------------------------------|---------------------------------------------------|
 * | bank-full (y = yes)            | duration 0.808                      | month 0.653, poutcome 0.611, contact 0.608        |
 * | bank-additional-full (y = yes) | duration 0.818                      | nr.employed 0.749, euribor3m 0.743                |
 * | Leads (Converted = 1)          | Tags 0.919, Lead Quality 0.797      | Lead Profile 0.747, Last Activity 0.726,          |
 * |                                |                                     | occupation 0.704, Total Time Spent 0.651          |
 * | german credit (class = 2)      | —                                   | status_checking_account 0.691, duration 0.629    |
 * | taiwan (default = 1)           | —                                   | PAY_0 0.690, PAY_2 0.639, PAY_3 0.624             |
 *
 * (Lead Profile and Last Activity are CRM annotations the leads README also distrusts, but
 * they sit with the honest columns.) No honest column passes 0.75 and every known leak
 * reaches 0.79, so:
 * - error: separation ≥ 0.95, by the values or by the missingness — almost the outcome itself;
 * - warning: separation ≥ 0.78 and at least 0.04 ahead of the strongest column below 0.78:
 *   a column that is strong only because the whole problem is easy has close company and
 *   is not flagged.
 * Not judged with fewer than MIN_CLASS_ROWS rows of either class: chance AUCs run high there.
 */
import type { Frame } from "../core/frame.js";
import type { QualityIssue } from "./quality-issue.js";
import { columnSeparations, MIN_CLASS_ROWS, type ColumnSeparation } from "./column-separation.js";

export const LEAK_ERROR_AUC = 0.95;
export const LEAK_WARNING_AUC = 0.78;
export const LEAK_MIN_LEAD = 0.04;

/** Leakage issues for `frame` against the labels of target `targetName` (that column itself is skipped). */
export function leakageIssues(frame: Frame, target: { readonly name: string; readonly labels: Uint8Array }, exclude: readonly string[] = []): QualityIssue[] {
  let positives = 0;
  for (const label of target.labels) positives += label === 1 ? 1 : 0;
  if (positives < MIN_CLASS_ROWS || target.labels.length - positives < MIN_CLASS_ROWS) return [];
  const separations = columnSeparations(frame, target.labels, [target.name, ...exclude]).filter((s) => !Number.isNaN(s.best));
  return judgeSeparations(separations, target.name);
}

/** Applies the rule above to measured separations. */
export function judgeSeparations(separations: readonly ColumnSeparation[], targetName: string): QualityIssue[] {
  const ranked = [...separations].sort((a, b) => b.best - a.best);
  const pack = ranked.find((s) => s.best < LEAK_WARNING_AUC);
  const issues: QualityIssue[] = [];
  for (const s of ranked) {
    if (s.best < LEAK_WARNING_AUC) break;
    const severe = s.best >= LEAK_ERROR_AUC;
    const ahead = pack === undefined || s.best - pack.best >= LEAK_MIN_LEAD;
    if (!severe && !ahead) continue;
    const what = s.via === "missingness" ? "whether it is missing alone separates" : "alone it separates";
    const strength = severe ? ", almost perfectly" : pack === undefined ? "" : ` (the best column not flagged, '${pack.column}', reaches ${formatAuc(pack.best)})`;
    issues.push({
      column: s.column,
      problem: "target-leakage",
      severity: severe ? "error" : "warning",
      detail: `${what} the classes of '${targetName}' with AUC ${formatAuc(s.best)}${strength}: check that it is known before the outcome, or exclude it.`,
    });
  }
  return issues;
}

function formatAuc(auc: number): string {
  return auc.toFixed(2);
}
