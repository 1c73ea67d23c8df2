/**
 * Plain-language reasons for one scored row: the input columns that moved its score the
 * most, each with the row's value, how that compares with training rows, and its effect
 * in score points (0-100, the probability in percent).
 *
 * Against the average row, points share out the row's distance from the average score in
 * proportion to each column's log-odds contribution, so they add up to that distance.
 * Against the best row (adverse action), a column's points are what the score would drop
 * by if that column alone took its most favourable training contribution.
 */
import type { Column } from "../core/frame.js";
import { sigmoid } from "../core/scorer.js";
import type { ColumnProfile } from "../train/model-file.js";
import { sharesAround } from "../train/profiles.js";
import { DEFAULT_TEMPLATE, MISSING_TEMPLATE, type ReasonTemplates, fillTemplate } from "../train/reason-templates.js";

/** A reason naming the word of a free-text column that moved the score. */
const TERM_TEMPLATE = '"{value}" in {label} — {effect}';
/** Longer free text is cut to this many characters in a reason. */
const TEXT_QUOTE_CHARS = 60;

export interface Reason {
  readonly column: string;
  readonly text: string;
  /** Signed effect in score points (0-100 scale). */
  readonly points: number;
  /** Signed effect in calibrated log-odds. */
  readonly logOdds: number;
}

/** What every row of a scoring run shares. */
export interface ReasonContext {
  /** Input columns, in the order of the effects. */
  readonly columns: readonly string[];
  readonly frameColumns: ReadonlyMap<string, Column>;
  readonly profiles: ReadonlyMap<string, ColumnProfile>;
  readonly templates: ReasonTemplates;
  /** Per free-text column, per row, the term that moved the score most (features/strongest-terms.ts). */
  readonly terms?: ReadonlyMap<string, readonly (string | null)[]>;
}

/** One row's explanation, in calibrated log-odds. */
export interface RowEffects {
  readonly row: number;
  readonly effects: Float64Array;
  readonly base: number;
  readonly logOdds: number;
}

/** Effects of each column in score points, relative to the average row. */
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

/** The K strongest reasons, strongest first, either way. */
export function topReasons(context: ReasonContext, row: RowEffects, k: number): Reason[] {
  const points = pointsOf(row.effects, row.base, row.logOdds);
  const order = rank(points, (i) => (row.effects[i] as number) !== 0);
  return order.slice(0, k).map((i) => {
    const p = points[i] as number;
    return reasonFor(context, row, i, p, row.effects[i] as number, p >= 0 ? "raises the score" : "lowers the score");
  });
}

export type AdverseReference = "average" | "best";

/**
 * Adverse-action reasons: the at most `k` columns that raised the probability of the
 * positive (adverse) class the most against the reference, each as a negative effect —
 * the points the applicant lost. `best[c]` is column c's most favourable (lowest)
 * contribution seen in training, in calibrated log-odds.
 */
export function adverseReasons(context: ReasonContext, row: RowEffects, k: number, reference: AdverseReference, best?: Float64Array): Reason[] {
  const n = row.effects.length;
  const lostLogOdds = new Float64Array(n);
  let lostPoints: Float64Array;
  if (reference === "best" && best) {
    lostPoints = new Float64Array(n);
    const p = sigmoid(row.logOdds);
    for (let i = 0; i < n; i++) {
      const lost = Math.max(0, (row.effects[i] as number) - (best[i] as number));
      lostLogOdds[i] = lost;
      lostPoints[i] = 100 * (p - sigmoid(row.logOdds - lost));
    }
  } else {
    lostPoints = pointsOf(row.effects, row.base, row.logOdds);
    for (let i = 0; i < n; i++) lostLogOdds[i] = row.effects[i] as number;
  }
  const order = rank(lostPoints, (i) => (lostPoints[i] as number) > 1e-12);
  return order
    .slice(0, k)
    .map((i) => reasonFor(context, row, i, -(lostPoints[i] as number), -(lostLogOdds[i] as number), "counts against the applicant"));
}

function rank(points: Float64Array, keep: (i: number) => boolean): number[] {
  const order: number[] = [];
  for (let i = 0; i < points.length; i++) if (keep(i)) order.push(i);
  return order.sort((a, b) => Math.abs(points[b] as number) - Math.abs(points[a] as number) || a - b);
}

function reasonFor(context: ReasonContext, row: RowEffects, i: number, points: number, logOdds: number, effect: string): Reason {
  const column = context.columns[i] as string;
  return { column, text: describe(context, column, row.row, effect), points, logOdds };
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

/** The sentence for column `name` of one row, ending with `effect` ("raises the score"). */
export function describe(context: ReasonContext, name: string, row: number, effect: string): string {
  const column = context.frameColumns.get(name);
  const wording = context.templates.columns[name] ?? {};
  const label = wording.label ?? name;
  const value = valueText(column, row);
  if (value === null) return fillTemplate(wording.missingTemplate ?? wording.template ?? MISSING_TEMPLATE, { label, value: "missing", unit: "", comparison: "", effect });
  if (column?.kind === "text") {
    // Free text: the word that moved the score, else the text itself, shortened.
    const term = context.terms?.get(name)?.[row] ?? null;
    if (term !== null) return fillTemplate(wording.template ?? TERM_TEMPLATE, { label, value: term, unit: "", comparison: "", effect });
    const short = value.length > TEXT_QUOTE_CHARS ? `${value.slice(0, TEXT_QUOTE_CHARS).trimEnd()}…` : value;
    return fillTemplate(wording.template ?? DEFAULT_TEMPLATE, { label, value: `"${short}"`, unit: "", comparison: "", effect });
  }
  let comparison = "";
  if (column?.kind === "numeric") {
    const profile = context.profiles.get(name);
    const shares = profile ? sharesAround(profile, column.values[row] as number) : undefined;
    if (shares !== undefined) {
      const population = context.templates.population;
      // Say whichever side holds more of the training rows; ties at this value count on neither side.
      if (shares.below >= shares.above && shares.below > 0) comparison = ` (higher than ${Math.round(shares.below * 100)} % of ${population})`;
      else if (shares.above > 0) comparison = ` (lower than ${Math.round(shares.above * 100)} % of ${population})`;
    }
  }
  const unit = wording.unit ? ` ${wording.unit}` : "";
  const number = column?.kind === "numeric" ? (column.values[row] as number) : Number.NaN;
  const template = (number === 0 ? wording.zeroTemplate : number === 1 ? wording.oneTemplate : undefined) ?? wording.template ?? DEFAULT_TEMPLATE;
  return fillTemplate(template, { label, value, unit, comparison, effect });
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  return v.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
