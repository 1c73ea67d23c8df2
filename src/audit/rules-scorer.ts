/**
 * A rules file as a scorer over raw rows: each row's points are the sum of the points of
 * every rule whose conditions all hold. Text comparisons (`=`, `!=`, `in`, `contains`) ignore
 * case and surrounding spaces; a number in the rule compares numerically; a boolean matches
 * yes/no, true/false, y/n, t/f, 1/0. A missing cell satisfies only `missing`, so `!=` never
 * fires on it.
 */
import { LeadscoreError, dataError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { parseNumber } from "../data/parse-number.js";
import type { RuleCondition, RulesFile } from "./rules-file.js";

const TRUE_WORDS = new Set(["true", "yes", "y", "t", "1"]);
const FALSE_WORDS = new Set(["false", "no", "n", "f", "0"]);

/** Points per row of `table`. */
export function scoreRules(rules: RulesFile, table: RawTable, file = "rules file"): Float64Array {
  const named = [...new Set(rules.rules.flatMap((r) => r.when.map((c) => c.column)))];
  const absent = named.filter((c) => !table.header.includes(c));
  if (absent.length > 0) {
    throw new LeadscoreError("data", `${table.source} has no column ${absent.map((c) => `'${c}'`).join(", ")}, which ${file} uses. Columns are: ${table.header.join(", ")}.`, {
      file: table.source,
      column: absent[0] as string,
    });
  }
  const points = new Float64Array(table.rows);
  for (const rule of rules.rules) {
    const tests = rule.when.map((condition) => compile(condition, table));
    for (let r = 0; r < table.rows; r++) if (tests.every((t) => t(r))) points[r] = (points[r] as number) + rule.points;
  }
  return points;
}

/** The grade of each row from the file's grades (best first); null when the file has none. */
export function gradeRules(rules: RulesFile, points: Float64Array): string[] | null {
  const grades = rules.grades;
  if (grades === null) return null;
  const last = grades[grades.length - 1] as { label: string };
  return Array.from(points, (p) => grades.find((g) => p >= g.minPoints)?.label ?? last.label);
}

function compile(condition: RuleCondition, table: RawTable): (row: number) => boolean {
  const cells = table.cells[table.header.indexOf(condition.column)] as readonly (string | null)[];
  const value = condition.value;
  switch (condition.op) {
    case "missing": {
      const wantMissing = value !== false;
      return (r) => (cells[r] === null) === wantMissing;
    }
    case "=":
      return present(cells, (cell) => equals(cell, value as string | number | boolean));
    case "!=":
      return present(cells, (cell) => !equals(cell, value as string | number | boolean));
    case "in": {
      const options = value as readonly (string | number)[];
      return present(cells, (cell) => options.some((o) => equals(cell, o)));
    }
    case "contains": {
      const needle = (value as string).trim().toLowerCase();
      return present(cells, (cell) => cell.toLowerCase().includes(needle));
    }
    case ">":
    case ">=":
    case "<":
    case "<=": {
      const limit = value as number;
      const op = condition.op;
      return (r) => {
        const cell = cells[r];
        if (cell === null || cell === undefined) return false;
        const x = parseNumber(cell.trim());
        if (Number.isNaN(x)) {
          throw dataError(`'${cell}' is not a number, but a rule compares it with ${op} ${limit}`, { file: table.source, line: table.lines[r] as number, column: condition.column });
        }
        return op === ">" ? x > limit : op === ">=" ? x >= limit : op === "<" ? x < limit : x <= limit;
      };
    }
  }
}

function present(cells: readonly (string | null)[], test: (cell: string) => boolean): (row: number) => boolean {
  return (r) => {
    const cell = cells[r];
    return cell !== null && cell !== undefined && test(cell);
  };
}

function equals(cell: string, value: string | number | boolean): boolean {
  const text = cell.trim();
  if (typeof value === "number") return parseNumber(text) === value;
  if (typeof value === "boolean") return (value ? TRUE_WORDS : FALSE_WORDS).has(text.toLowerCase());
  return text.toLowerCase() === value.trim().toLowerCase();
}
