/**
 * Data-quality checks for report.json `quality`: each finding names the column (or null
 * for the whole table), the problem, a severity and a sentence with the figures.
 * Issues come errors first, then warnings, then info; within a severity, table-level
 * findings first and columns in frame order.
 */
import type { Column, Frame } from "../core/frame.js";
import type { QualityIssue } from "./quality-issue.js";
import { isMissingAt } from "./column-separation.js";
import { MIN_ID_ROWS } from "./infer-kinds.js";
import { leakageIssues } from "./target-leakage.js";
import { duplicateRowCount } from "./duplicate-rows.js";

export type { QualityIssue, QualityProblem } from "./quality-issue.js";

/** Missing in at least this share of rows: a warning; at least MISSING_INFO: a note. */
export const MOSTLY_MISSING = 0.95;
export const MISSING_INFO = 0.5;
/** Rows of each class wanted per cross-validation fold before metrics settle. */
export const ROWS_PER_FOLD = 10;
/** A categorical column with at least this many distinct values is high-cardinality… */
export const HIGH_CARDINALITY = 100;
/** …and a warning when its distinct values are at least this share of its rows. */
export const MOSTLY_DISTINCT = 0.5;

export interface QualityOptions {
  /** Cross-validation folds planned (0 or 1: no cross-validation). */
  readonly folds: number;
  /** Columns already left out of the model (`--exclude`, protected): not checked for leakage. */
  readonly exclude?: readonly string[];
}

/**
 * Every finding for `frame` (the target column, if it is in the frame, is only checked for
 * class balance): class balance for `options.folds`, duplicated rows, then per column
 * constant, mostly missing, id-like, high cardinality, and suspected target leakage.
 */
export function checkQuality(frame: Frame, target: { readonly name: string; readonly labels: Uint8Array }, options: QualityOptions): QualityIssue[] {
  const issues: QualityIssue[] = [...classBalanceIssues(target, options.folds)];
  const duplicates = duplicateRowCount(frame, target.labels);
  if (duplicates > 0) {
    issues.push({
      column: null,
      problem: "duplicated-rows",
      severity: "warning",
      detail: `${count(duplicates)} ${duplicates === 1 ? "row is an exact copy" : "rows are exact copies"} of an earlier row (${percent(duplicates / frame.rows)} of ${count(frame.rows)}); copies that land in different folds make cross-validation look better than it is.`,
    });
  }
  for (const column of frame.columns) if (column.name !== target.name) issues.push(...columnIssues(column, frame.rows));
  issues.push(...leakageIssues(frame, target, options.exclude));
  const rank = { error: 0, warning: 1, info: 2 } as const;
  // Array.prototype.sort is stable: within a severity the order above is kept.
  return issues.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

function classBalanceIssues(target: { readonly name: string; readonly labels: Uint8Array }, folds: number): QualityIssue[] {
  const rows = target.labels.length;
  let positives = 0;
  for (const label of target.labels) positives += label === 1 ? 1 : 0;
  const needed = Math.max(1, folds);
  const issues: QualityIssue[] = [];
  for (const [n, what] of [
    [positives, "positive"],
    [rows - positives, "negative"],
  ] as const) {
    const cv = folds >= 2 ? `${folds}-fold cross-validation` : "a model";
    if (n < needed) {
      const need = folds >= 2 ? `needs at least ${folds}, one per fold` : "needs rows of both classes";
      issues.push({
        column: target.name,
        problem: "few-positives",
        severity: "error",
        detail: `${subject(n, rows)} ${what} for '${target.name}'; ${cv} ${need}.`,
      });
    } else if (n < ROWS_PER_FOLD * needed) {
      const per = folds >= 2 ? `fewer than ${ROWS_PER_FOLD} per fold with ${folds} folds` : `fewer than ${ROWS_PER_FOLD}`;
      issues.push({
        column: target.name,
        problem: "few-positives",
        severity: "warning",
        detail: `${subject(n, rows)} ${what} for '${target.name}', ${per}; the metrics will vary a lot.`,
      });
    }
  }
  return issues;
}

function subject(n: number, rows: number): string {
  if (n === 0) return "no row is";
  return `only ${count(n)} of ${count(rows)} rows ${n === 1 ? "is" : "are"}`;
}

interface ColumnStats {
  readonly missing: number;
  readonly distinct: number;
  /** One value of the column, shown for a constant column. */
  readonly example: string | undefined;
  /** Every present value is a whole number (numeric columns). */
  readonly integers: boolean;
}

function columnStats(column: Column, rows: number): ColumnStats {
  let missing = 0;
  for (let r = 0; r < rows; r++) if (isMissingAt(column, r)) missing++;
  switch (column.kind) {
    case "numeric":
    case "datetime": {
      const present = column.values.filter((v) => !Number.isNaN(v)).sort();
      let distinct = present.length > 0 ? 1 : 0;
      let integers = true;
      for (let i = 0; i < present.length; i++) {
        if (i > 0 && present[i] !== present[i - 1]) distinct++;
        if (!Number.isInteger(present[i])) integers = false;
      }
      const first = present[0];
      const example = first === undefined ? undefined : column.kind === "numeric" ? String(first) : new Date(first).toISOString();
      return { missing, distinct, example, integers };
    }
    case "categorical":
    case "boolean": {
      const seen = new Uint8Array(column.levels.length);
      let unseen = 0;
      for (const code of column.codes) {
        if (code >= 0) seen[code] = 1;
        else if (code !== -1) unseen = 1;
      }
      const used = seen.indexOf(1);
      return { missing, distinct: seen.reduce((a, b) => a + b, 0) + unseen, example: used >= 0 ? column.levels[used] : undefined, integers: false };
    }
    case "text":
    case "id": {
      const distinct = new Set<string>();
      for (const value of column.values) if (value !== null) distinct.add(value);
      return { missing, distinct: distinct.size, example: distinct.values().next().value, integers: false };
    }
  }
}

function columnIssues(column: Column, rows: number): QualityIssue[] {
  if (rows === 0) return [];
  const issue = (problem: QualityIssue["problem"], severity: QualityIssue["severity"], detail: string): QualityIssue => ({ column: column.name, problem, severity, detail });
  const stats = columnStats(column, rows);
  const present = rows - stats.missing;
  const issues: QualityIssue[] = [];

  if (present === 0) return [issue("mostly-missing", "warning", `is missing in every row (${count(rows)}); it cannot help the model.`)];
  const missingRate = stats.missing / rows;
  if (missingRate >= MISSING_INFO) {
    issues.push(
      issue(
        "mostly-missing",
        missingRate >= MOSTLY_MISSING ? "warning" : "info",
        `is missing in ${percent(missingRate)} of rows (${count(stats.missing)} of ${count(rows)})${missingRate >= MOSTLY_MISSING ? "; it can hardly help the model" : ""}.`,
      ),
    );
  }

  // A column already reported as mostly missing is not reported as constant as well.
  if (stats.distinct === 1 && missingRate < MOSTLY_MISSING) {
    const where = stats.missing === 0 ? "in every row" : `in every row where it is present (${count(stats.missing)} missing)`;
    issues.push(issue("constant", "warning", `has the same value '${stats.example ?? ""}' ${where}; it cannot separate the classes${stats.missing === 0 ? "" : " beyond being missing"}.`));
    return issues;
  }
  if (stats.distinct === 1) return issues;

  if (column.kind === "id") {
    issues.push(issue("id-like", "info", `is an identifier (${count(stats.distinct)} distinct values in ${count(rows)} rows) and is not used as a feature.`));
  } else if (column.kind !== "text" && stats.missing === 0 && stats.distinct === rows && rows >= MIN_ID_ROWS && (column.kind !== "numeric" || stats.integers)) {
    issues.push(issue("id-like", "warning", `has a different value in every row (${count(rows)}), like an identifier or a row number; a model cannot generalise from it: exclude it or name it with --id.`));
  } else if (column.kind === "categorical" && stats.distinct >= HIGH_CARDINALITY) {
    const mostly = stats.distinct >= MOSTLY_DISTINCT * present;
    issues.push(
      issue(
        "high-cardinality",
        mostly ? "warning" : "info",
        `has ${count(stats.distinct)} distinct values in ${count(present)} rows; rare values carry little signal, so group them or exclude the column${mostly ? " (most values occur only once or twice)" : ""}.`,
      ),
    );
  }
  return issues;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function percent(rate: number): string {
  // Two decimals below 1 %, so a handful of rows does not read as 0.0%.
  return `${(100 * rate).toFixed(rate < 0.01 ? 2 : 1)}%`;
}
