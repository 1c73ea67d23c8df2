/**
 * Reasons for models with event columns. Several event columns can state one fact — a lead
 * with no activity in 90 days has zero events, zero active days and zero pages in that window
 * — and their effects may even have opposite signs. Listing "No activity in the last 90 days"
 * twice, once raising and once lowering the score, reads as nonsense, so columns whose wording
 * for their value is the same fixed sentence (a zero or missing template) are one reason here,
 * with their effects summed. Every other column is its own reason, as in topReasons.
 */
import { type Reason, type ReasonContext, type RowEffects, describe, pointsOf } from "../explain/reasons.js";

/** The K strongest reasons, strongest first, with identical fixed-wording facts merged. */
export function mergedTopReasons(context: ReasonContext, row: RowEffects, k: number): Reason[] {
  if (k <= 0) return [];
  const points = pointsOf(row.effects, row.base, row.logOdds);
  const groups = new Map<string, { first: number; strongest: number; points: number; logOdds: number }>();
  for (let i = 0; i < row.effects.length; i++) {
    const effect = row.effects[i] as number;
    if (effect === 0) continue;
    const key = factKey(context, i, row.row);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { first: i, strongest: i, points: points[i] as number, logOdds: effect });
    else {
      if (Math.abs(points[i] as number) > Math.abs(points[group.strongest] as number)) group.strongest = i;
      group.points += points[i] as number;
      group.logOdds += effect;
    }
  }
  return [...groups.values()]
    .filter((g) => g.points !== 0)
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || a.first - b.first)
    .slice(0, k)
    .map((g) => {
      const column = context.columns[g.strongest] as string;
      return { column, text: describe(context, column, row.row, g.points >= 0 ? "raises the score" : "lowers the score"), points: g.points, logOdds: g.logOdds };
    });
}

/** The fixed sentence a column's value is worded with (zero or missing template), else the column itself. */
function factKey(context: ReasonContext, i: number, row: number): string {
  const name = context.columns[i] as string;
  const wording = context.templates.columns[name];
  const column = context.frameColumns.get(name);
  if (wording && column?.kind === "numeric") {
    const v = column.values[row] as number;
    if (v === 0 && wording.zeroTemplate !== undefined) return `fact:${wording.zeroTemplate}`;
    if (Number.isNaN(v) && wording.missingTemplate !== undefined) return `fact:${wording.missingTemplate}`;
  }
  return `column:${name}`;
}
