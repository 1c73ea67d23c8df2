/**
 * scorecard.sql (SPEC §7): one `SELECT *, (…) AS points FROM input` query that gives every
 * row of a table named `input` exactly the integer points `leadscore score` gives it,
 * written in the SQL that SQLite, DuckDB and PostgreSQL all run unchanged:
 *
 * - column names double-quoted (quotes doubled), so dots, spaces and case survive;
 * - missing values must be NULL, and are tested first;
 * - numeric columns are compared as CAST(x AS DOUBLE PRECISION), so a column stored as
 *   text still compares as numbers; cuts are data values written in their shortest exact
 *   decimal form, so `x < cut` splits exactly where the scorer does;
 * - categorical columns are compared as CAST(x AS TEXT) with the kept levels (boolean
 *   columns lowercased, as leadscore reads them); anything else — a rare level pooled
 *   into "(other)" or a level never seen in training — falls to ELSE, which is the bin
 *   "(other)" went to, or the missing-value bin when training had no rare levels, exactly
 *   as the preprocessor encodes it.
 */
import { LeadscoreError } from "../core/errors.js";
import type { ColumnSchema } from "../core/frame.js";
import type { PreprocessorJSON } from "../features/preprocessor.js";
import { type CategoricalBins, type NumericBins, formatValue } from "./characteristic.js";
import type { CharacteristicJSON, ScorecardJSON } from "./scorecard-scorer.js";

export interface ScorecardSqlInput {
  readonly schema: readonly ColumnSchema[];
  readonly preprocessor: PreprocessorJSON;
  readonly scorecard: ScorecardJSON;
  /** Lines for the comment at the top (no SQL). */
  readonly header?: readonly string[];
}

export function scorecardSql(input: ScorecardSqlInput): string {
  const kindOf = new Map(input.schema.map((c) => [c.name, c.kind] as const));
  const encodingOf = new Map(input.preprocessor.columns.map((e) => [e.column, e] as const));
  const terms: string[] = [];
  for (const c of input.scorecard.characteristics) {
    if (!c.selected) continue;
    const kind = kindOf.get(c.column);
    const encoding = encodingOf.get(c.column);
    if (kind === "datetime" || (encoding?.kind === "numeric" && encoding.referenceTime !== undefined)) {
      throw new LeadscoreError(
        "usage",
        `Column '${c.column}' is a date; scorecard.sql cannot compute days in the same way on every database. Exclude it (--exclude ${c.column}) or give it as a number.`,
        { column: c.column },
      );
    }
    terms.push(c.layout.type === "numeric" ? numericCase(c, c.layout) : categoricalCase(c, c.layout, kind === "boolean"));
  }
  const s = input.scorecard.scaling;
  const comments = [
    ...(input.header ?? []),
    `Points rise with the good:bad odds: ${formatValue(s.baseScore)} points at odds ${formatValue(s.baseOdds)}:1, ${formatValue(s.pdo)} more points each time the odds double.`,
    "Scores a table named input holding the data's columns; missing values must be NULL.",
    "Runs unchanged on SQLite, DuckDB and PostgreSQL.",
  ].map((line) => `-- ${line.replace(/[\r\n]+/g, " ")}`);
  return `${comments.join("\n")}\nSELECT *, (\n    ${terms.join("\n  + ")}\n) AS points\nFROM input;\n`;
}

function numericCase(c: CharacteristicJSON, layout: NumericBins): string {
  const x = quoteIdentifier(c.column);
  const number = `CAST(${x} AS DOUBLE PRECISION)`;
  const lines = [`WHEN ${x} IS NULL THEN ${c.points[layout.missingBin]}`];
  for (const s of layout.special) lines.push(`WHEN ${number} = ${sqlNumber(s.value)} THEN ${c.points[s.bin]}`);
  layout.cuts.forEach((cut, i) => lines.push(`WHEN ${number} < ${sqlNumber(cut)} THEN ${c.points[i]}`));
  lines.push(`ELSE ${c.points[layout.cuts.length]}`);
  return caseOf(c.column, lines);
}

function categoricalCase(c: CharacteristicJSON, layout: CategoricalBins, lowercase: boolean): string {
  const x = quoteIdentifier(c.column);
  const text = lowercase ? `LOWER(CAST(${x} AS TEXT))` : `CAST(${x} AS TEXT)`;
  const lines = [`WHEN ${x} IS NULL THEN ${c.points[layout.missingBin]}`];
  const levelsOfBin = new Map<number, string[]>();
  layout.levels.forEach((level, code) => {
    const bin = layout.binOfCode[code] as number;
    const list = levelsOfBin.get(bin) ?? [];
    list.push(level);
    levelsOfBin.set(bin, list);
  });
  for (const [bin, levels] of [...levelsOfBin.entries()].sort((a, b) => a[0] - b[0])) {
    lines.push(`WHEN ${text} IN (${levels.map(quoteText).join(", ")}) THEN ${c.points[bin]}`);
  }
  const elseBin = layout.hasOther ? (layout.binOfCode[layout.levels.length] as number) : layout.missingBin;
  lines.push(`ELSE ${c.points[elseBin]}`);
  return caseOf(c.column, lines);
}

function caseOf(column: string, lines: readonly string[]): string {
  return `/* ${column.replaceAll("*/", "* /")} */ CASE\n      ${lines.join("\n      ")}\n    END`;
}

/** A double-quoted SQL identifier, as every one of SQLite, DuckDB and PostgreSQL reads it. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted SQL string literal (standard SQL: quotes doubled, backslashes literal). */
export function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A numeric literal that reads back as the same double. */
function sqlNumber(v: number): string {
  if (!Number.isFinite(v)) throw new LeadscoreError("internal", `Cannot write ${v} as an SQL number.`);
  return formatValue(v);
}
