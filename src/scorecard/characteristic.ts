/**
 * How one characteristic (an input column) is cut into bins: the plain-data description
 * the learner fits, the scorer applies, and the exports (CSV, bins.json, SQL) print. The
 * one `binOf` here is what every consumer uses, so they cannot disagree.
 *
 * Numeric: regular bins by value — value < cuts[0] is bin 0, cuts[i−1] ≤ value < cuts[i]
 * is bin i, value ≥ the last cut is bin cuts.length — then special values and missing
 * values, each sent to a bin of its own or merged into one of the others.
 * Categorical: every category code (the kept levels, then the pooled "(other)" code when
 * there is one) is sent to a bin; missing values too.
 */

/** How the event rate is constrained over the regular bins, as asked. */
export type Trend = "ascending" | "descending" | "auto" | "peak" | "valley" | "none";

/** The shape the fitted bins follow ("auto" resolved). */
export type FittedTrend = Exclude<Trend, "auto">;

export interface BinStats {
  /** Training rows in the bin (weighted). */
  readonly count: number;
  /** Positive-class (bad) rows among them. */
  readonly events: number;
  readonly woe: number;
  readonly iv: number;
}

export interface SpecialValue {
  readonly value: number;
  readonly bin: number;
}

export interface NumericBins {
  readonly type: "numeric";
  /** Increasing, finite. */
  readonly cuts: readonly number[];
  readonly special: readonly SpecialValue[];
  readonly missingBin: number;
}

export interface CategoricalBins {
  readonly type: "categorical";
  /** Names of codes 0..levels.length−1. */
  readonly levels: readonly string[];
  /** Whether code levels.length is the pooled "(other)" code (rare and unseen levels). */
  readonly hasOther: boolean;
  /** The bin of each code (levels, then "(other)" when present). */
  readonly binOfCode: readonly number[];
  readonly missingBin: number;
}

export type BinLayout = NumericBins | CategoricalBins;

/** The bin of one matrix value (raw number, or category code; NaN = missing). */
export function binOf(layout: BinLayout, x: number): number {
  if (Number.isNaN(x)) return layout.missingBin;
  if (layout.type === "categorical") {
    const bin = layout.binOfCode[x];
    // A code past the known ones cannot come from the fitted preprocessor; treat it as missing.
    return bin === undefined ? layout.missingBin : bin;
  }
  for (const s of layout.special) if (s.value === x) return s.bin;
  const cuts = layout.cuts;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < (cuts[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Number of regular (value-range or level-group) bins; bins past these hold only special or missing values. */
export function regularBinCount(layout: BinLayout): number {
  if (layout.type === "numeric") return layout.cuts.length + 1;
  let most = -1;
  for (const b of layout.binOfCode) most = Math.max(most, b);
  return most + 1;
}

/** A short text for each bin, e.g. "[12, 24)", "A40, A41", "missing", "-1 or missing". */
export function binLabels(layout: BinLayout, bins: number, otherName = "(other)"): string[] {
  const parts: string[][] = Array.from({ length: bins }, () => []);
  const add = (bin: number, text: string): void => {
    parts[bin]?.push(text);
  };
  if (layout.type === "numeric") {
    const cuts = layout.cuts;
    if (cuts.length === 0) add(0, "all values");
    for (let i = 0; i <= cuts.length && cuts.length > 0; i++) {
      if (i === 0) add(0, `< ${formatValue(cuts[0] as number)}`);
      else if (i === cuts.length) add(i, `>= ${formatValue(cuts[i - 1] as number)}`);
      else add(i, `[${formatValue(cuts[i - 1] as number)}, ${formatValue(cuts[i] as number)})`);
    }
    for (const s of layout.special) add(s.bin, `${formatValue(s.value)} (special)`);
  } else {
    layout.binOfCode.forEach((bin, code) => add(bin, code < layout.levels.length ? (layout.levels[code] as string) : otherName));
  }
  add(layout.missingBin, "missing");
  return parts.map((p) => p.join(layout.type === "numeric" ? " or " : ", "));
}

/** Shortest text that reads back as the same number (what the SQL export writes too). */
export function formatValue(v: number): string {
  return String(v);
}
