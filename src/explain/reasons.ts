/**
 * Plain-language reasons for one scored row: the input columns that moved its score the
 * most, each with the row's value, how that compares with training rows, and its effect
 * in score points. Points share out the row's distance from the average score in
 * proportion to each column's log-odds contribution, so they add up to that distance.
 */
import type { Column } from "../core/frame.js";
import { sigmoid } from "../core/scorer.js";
import type { ColumnProfile } from "../train/model-file.js";
import { shareBelow } from "../train/profiles.js";

export interface Reason {
  readonly column: string;
  readonly text: string;
  /** Signed effect in score points (0-100 scale). */
  readonly points: number;
  /** Signed effect in calibrated log-odds. */
  readonly logOdds: number;
}

export interface ReasonInput {
  readonly columns: readonly string[];
  /** Contributions of this row per column, calibrated log-odds. */
  readonly effects: Float64Array;
  readonly base: number;
  readonly logOdds: number;
  /** The frame and row to read values from. */
  readonly frameColumns: ReadonlyMap<string, Column>;
  readonly row: number;
  readonly profiles: ReadonlyMap<string, ColumnProfile>;
  /** Noun for the rows ("leads", "applicants"). */
  readonly population: string;
}

/** Effects of each column in score points. */
export function pointsOf(effects: Float64Array, base: number, logOdds: number): Float64Array {
  const total = logOdds - base;
  const p = sigmoid(logOdds);
  const distance = 100 * (p - sigmoid(base));
  const out = new Float64Array(effects.length);
  for (let i = 0; i < effects.length; i++) {
    const e = effects[i] as number;
    out[i] = Math.abs(total) > 1e-9 ? (e / total) * distance : e * 100 * p * (1 - p);
  }
  return out;
}

/** How a reason's effect is worded: by default "raises/lowers the score". */
export type EffectWording = (points: number) => string;

export const SCORE_WORDING: EffectWording = (points) => (points >= 0 ? "raises the score" : "lowers the score");

export function topReasons(
  input: ReasonInput,
  k: number,
  keep: (points: number) => boolean = () => true,
  wording: EffectWording = SCORE_WORDING,
): Reason[] {
  const points = pointsOf(input.effects, input.base, input.logOdds);
  const order = input.columns
    .map((_, i) => i)
    .filter((i) => (input.effects[i] as number) !== 0 && keep(points[i] as number))
    .sort((a, b) => Math.abs(points[b] as number) - Math.abs(points[a] as number) || a - b);
  return order.slice(0, k).map((i) => {
    const column = input.columns[i] as string;
    const p = points[i] as number;
    return {
      column,
      text: describe(column, input, wording(p)),
      points: p,
      logOdds: input.effects[i] as number,
    };
  });
}

export function valueText(column: Column | undefined, row: number): string | null {
  if (!column) return null;
  switch (column.kind) {
    case "numeric": {
      const v = column.values[row] as number;
      return Number.isNaN(v) ? null : formatNumber(v);
    }
    case "datetime": {
      const v = column.values[row] as number;
      return Number.isNaN(v) ? null : new Date(v).toISOString().slice(0, 10);
    }
    case "categorical":
    case "boolean": {
      const code = column.codes[row] as number;
      if (code === -1) return null;
      return code >= 0 ? (column.levels[code] as string) : "(a value not seen in training)";
    }
    default:
      return column.values[row] ?? null;
  }
}

function describe(name: string, input: ReasonInput, effect: string): string {
  const column = input.frameColumns.get(name);
  const value = valueText(column, input.row);
  if (value === null) return `${name} is missing — ${effect}`;
  let comparison = "";
  if (column?.kind === "numeric") {
    const profile = input.profiles.get(name);
    const below = profile ? shareBelow(profile, column.values[input.row] as number) : undefined;
    if (below !== undefined) {
      const pct = Math.round(below * 100);
      comparison = pct >= 50 ? ` (higher than ${pct} % of ${input.population})` : ` (lower than ${100 - pct} % of ${input.population})`;
    }
  }
  return `${name} is ${value}${comparison} — ${effect}`;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  return v.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
