/**
 * Optimal binning of one characteristic, and binning by hand (bins.json).
 *
 * Numeric: the values that are neither missing nor special are pre-binned at quantiles
 * (cuts are data values, so they read back exactly in SQL), then merged into the bins that
 * maximise IV under a monotone (or peak/valley) event rate, a least share of rows, a least
 * number of events and non-events and a most number of bins (optimal-partition.ts).
 * Categorical: the category codes (the preprocessor already pooled rare levels into
 * "(other)") are ordered by event rate and merged the same way, so levels with similar
 * risk share a bin.
 *
 * Missing values, and each special value, get a bin of their own when they hold enough
 * rows and both classes; otherwise they join the regular bin whose event rate is closest
 * (so the shape is kept); when training had none of them they join the riskiest regular
 * bin, so an empty field never earns points.
 */
import type { Labels } from "../core/matrix.js";
import { type BinLayout, type BinStats, type CategoricalBins, type FittedTrend, type NumericBins, type SpecialValue, type Trend, binOf } from "./characteristic.js";
import { type PartitionShape, optimalPartition } from "./optimal-partition.js";
import { binEvidence } from "./woe.js";

export interface BinningSettings {
  /** Least share of all rows in a bin (0..1). */
  readonly minBinShare: number;
  /** Least events, and least non-events, in a bin. */
  readonly minBinEvents: number;
  /** Most regular bins. */
  readonly maxBins: number;
  /** Quantile pre-bins of a numeric characteristic. */
  readonly prebins: number;
}

/** Where a user's missing or special value goes: a bin of its own, or regular bin k (0-based). */
export type Placement = "own" | number;

export interface UserNumericBins {
  readonly type: "numeric";
  readonly cuts: readonly number[];
  readonly special: readonly { readonly value: number; readonly bin: Placement }[];
  readonly missing: Placement;
}

export interface UserCategoricalBins {
  readonly type: "categorical";
  /** Level names per bin; "(other)" names the pooled rare and unseen levels. */
  readonly groups: readonly (readonly string[])[];
  readonly missing: Placement;
}

export type UserBins = UserNumericBins | UserCategoricalBins;

export interface Binned {
  readonly layout: BinLayout;
  readonly trend: FittedTrend;
  readonly stats: BinStats[];
  readonly iv: number;
  readonly origin: "optimal" | "user";
  /** The bin of every training row. */
  readonly binOfRow: Int32Array;
}

/** Sums of weights and of positive weights over every row. */
interface Totals {
  readonly count: number;
  readonly events: number;
}

interface Group {
  count: number;
  events: number;
}

export const OTHER_NAME = "(other)";

/** Optimal bins of a numeric column (NaN = missing). */
export function binNumeric(
  values: Float64Array,
  y: Labels,
  w: Float64Array | undefined,
  trend: Trend,
  special: readonly number[],
  settings: BinningSettings,
): Binned {
  const totals = totalsOf(y, w);
  const isSpecial = new Set(special);
  const regular: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v) && !isSpecial.has(v) && weight(w, i) > 0) regular.push(i);
  }
  regular.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  const candidates = quantileCuts(regular.map((i) => values[i] as number), settings.prebins);
  // Pre-bin counts: a row falls in pre-bin p when candidates[p−1] ≤ value < candidates[p].
  const P = candidates.length + 1;
  const counts = new Float64Array(P);
  const events = new Float64Array(P);
  let p = 0;
  for (const i of regular) {
    while (p < candidates.length && (values[i] as number) >= (candidates[p] as number)) p++;
    counts[p] = (counts[p] as number) + weight(w, i);
    if (y[i] === 1) events[p] = (events[p] as number) + weight(w, i);
  }
  const shapes: PartitionShape[] = trend === "auto" ? ["ascending", "descending"] : [trend];
  let chosen: { starts: number[]; iv: number; shape: PartitionShape } | null = null;
  for (const shape of shapes) {
    const partition = optimalPartition({
      counts,
      events,
      totalEvents: totals.events,
      totalNonEvents: totals.count - totals.events,
      minCount: settings.minBinShare * totals.count,
      minEvents: settings.minBinEvents,
      maxBins: settings.maxBins,
      shape,
    });
    if (partition && (chosen === null || partition.iv > chosen.iv)) chosen = { ...partition, shape };
  }
  const starts = chosen?.starts ?? [0];
  const cuts = starts.slice(1).map((s) => candidates[s - 1] as number);
  const fitted: FittedTrend = chosen?.shape ?? (trend === "auto" ? "ascending" : trend);
  const regularLayout: NumericBins = { type: "numeric", cuts, special: [], missingBin: -1 };
  const groups: Group[] = Array.from({ length: cuts.length + 1 }, () => ({ count: 0, events: 0 }));
  for (const i of regular) addRow(groups[binOf(regularLayout, values[i] as number)] as Group, y, w, i);

  const minCount = settings.minBinShare * totals.count;
  const minEvents = Math.max(1, settings.minBinEvents);
  const regularBins = groups.length;
  const specialBins: SpecialValue[] = [];
  for (const value of special) {
    const group = groupWhere(values, y, w, (v) => v === value);
    specialBins.push({ value, bin: place(groups, regularBins, group, minCount, minEvents, fitted) });
  }
  const missing = groupWhere(values, y, w, (v) => Number.isNaN(v));
  const missingBin = place(groups, regularBins, missing, minCount, minEvents, fitted);
  const layout: NumericBins = { type: "numeric", cuts, special: specialBins, missingBin };
  return finish(layout, fitted, values, y, w, totals, "optimal", groups.length);
}

/** Optimal bins of a categorical column: codes 0..categories−1 as floats, NaN = missing. */
export function binCategorical(
  codes: Float64Array,
  categories: number,
  levels: readonly string[],
  y: Labels,
  w: Float64Array | undefined,
  settings: BinningSettings,
): Binned {
  const totals = totalsOf(y, w);
  const byCode: Group[] = Array.from({ length: categories }, () => ({ count: 0, events: 0 }));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (!Number.isNaN(c)) addRow(byCode[c] as Group, y, w, i);
  }
  const present = byCode.map((_, c) => c).filter((c) => (byCode[c] as Group).count > 0);
  const rate = (c: number): number => (byCode[c] as Group).events / (byCode[c] as Group).count;
  present.sort((a, b) => rate(a) - rate(b) || a - b);
  const partition = optimalPartition({
    counts: present.map((c) => (byCode[c] as Group).count),
    events: present.map((c) => (byCode[c] as Group).events),
    totalEvents: totals.events,
    totalNonEvents: totals.count - totals.events,
    minCount: settings.minBinShare * totals.count,
    minEvents: settings.minBinEvents,
    maxBins: settings.maxBins,
    shape: "ascending",
  });
  const starts = partition?.starts ?? [0];
  const bins = Math.max(1, starts.length);
  const binOfCode = new Array<number>(categories).fill(-1);
  const groups: Group[] = Array.from({ length: bins }, () => ({ count: 0, events: 0 }));
  let bin = 0;
  present.forEach((code, position) => {
    while (bin + 1 < starts.length && position >= (starts[bin + 1] as number)) bin++;
    binOfCode[code] = bin;
    const g = groups[bin] as Group;
    g.count += (byCode[code] as Group).count;
    g.events += (byCode[code] as Group).events;
  });
  // Codes without training rows (possible only with zero weights) join the riskiest bin.
  const riskiest = riskiestGroup(groups, bins);
  for (let c = 0; c < categories; c++) if (binOfCode[c] === -1) binOfCode[c] = riskiest;
  const minEvents = Math.max(1, settings.minBinEvents);
  const missing = groupWhere(codes, y, w, (v) => Number.isNaN(v));
  const missingBin = place(groups, bins, missing, settings.minBinShare * totals.count, minEvents, "ascending");
  const layout: CategoricalBins = { type: "categorical", levels: [...levels], hasOther: categories > levels.length, binOfCode, missingBin };
  return finish(layout, "ascending", codes, y, w, totals, "optimal", groups.length);
}

/** Bins given by hand: only counts, WoE and IV are computed from the data. */
export function binByHand(
  values: Float64Array,
  categories: number | undefined,
  levels: readonly string[],
  user: UserBins,
  y: Labels,
  w: Float64Array | undefined,
): Binned {
  const totals = totalsOf(y, w);
  if (user.type === "numeric") {
    const regular = user.cuts.length + 1;
    const groups: Group[] = Array.from({ length: regular }, () => ({ count: 0, events: 0 }));
    const plain: NumericBins = { type: "numeric", cuts: [...user.cuts], special: [], missingBin: -1 };
    const specialValues = new Set(user.special.map((s) => s.value));
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isNaN(v) && !specialValues.has(v)) addRow(groups[binOf(plain, v)] as Group, y, w, i);
    }
    const special = user.special.map((s) => ({ value: s.value, bin: placeByHand(groups, regular, groupWhere(values, y, w, (v) => v === s.value), s.bin) }));
    const missingBin = placeByHand(groups, regular, groupWhere(values, y, w, (v) => Number.isNaN(v)), user.missing);
    const layout: NumericBins = { type: "numeric", cuts: [...user.cuts], special, missingBin };
    return finish(layout, trendOf(groups.slice(0, regular)), values, y, w, totals, "user", groups.length);
  }
  const k = categories ?? levels.length;
  const groupOfName = new Map<string, number>();
  user.groups.forEach((names, g) => names.forEach((name) => groupOfName.set(name, g)));
  const binOfCode = new Array<number>(k).fill(-1);
  for (let c = 0; c < k; c++) {
    const name = c < levels.length ? (levels[c] as string) : OTHER_NAME;
    binOfCode[c] = groupOfName.get(name) ?? -1;
  }
  const regular = Math.max(1, user.groups.length);
  const groups: Group[] = Array.from({ length: regular }, () => ({ count: 0, events: 0 }));
  for (let i = 0; i < values.length; i++) {
    const c = values[i] as number;
    if (!Number.isNaN(c) && (binOfCode[c] ?? -1) >= 0) addRow(groups[binOfCode[c] as number] as Group, y, w, i);
  }
  // Levels the file does not name go where "(other)" goes, else to the riskiest group.
  const fallback = groupOfName.get(OTHER_NAME) ?? riskiestGroup(groups, regular);
  for (let c = 0; c < k; c++) {
    if (binOfCode[c] !== -1) continue;
    binOfCode[c] = fallback;
    const g = groupWhere(values, y, w, (v) => v === c);
    (groups[fallback] as Group).count += g.count;
    (groups[fallback] as Group).events += g.events;
  }
  const missingBin = placeByHand(groups, regular, groupWhere(values, y, w, (v) => Number.isNaN(v)), user.missing);
  const layout: CategoricalBins = { type: "categorical", levels: [...levels], hasOther: k > levels.length, binOfCode, missingBin };
  return finish(layout, trendOf(groups.slice(0, regular)), values, y, w, totals, "user", groups.length);
}

/** Candidate cuts at the quantiles of sorted values: distinct data values above the minimum. */
export function quantileCuts(sorted: readonly number[], prebins: number): number[] {
  const n = sorted.length;
  const cuts: number[] = [];
  if (n === 0) return cuts;
  const lowest = sorted[0] as number;
  for (let q = 1; q < prebins; q++) {
    const c = sorted[Math.floor((q * n) / prebins)] as number;
    if (c > lowest && (cuts.length === 0 || c > (cuts[cuts.length - 1] as number))) cuts.push(c);
  }
  return cuts;
}

/**
 * Where a group of missing or special rows goes: its own new bin (appended to `groups`)
 * when big enough and holding both classes; otherwise the regular bin of closest event
 * rate whose merge keeps the shape; with no rows, the riskiest regular bin.
 */
function place(groups: Group[], regular: number, group: Group, minCount: number, minEvents: number, trend: FittedTrend): number {
  if (!(group.count > 0)) return riskiestGroup(groups, regular);
  if (group.count >= minCount && group.events >= minEvents && group.count - group.events >= minEvents) {
    groups.push({ ...group });
    return groups.length - 1;
  }
  const rate = group.events / group.count;
  const order: number[] = [];
  for (let g = 0; g < regular; g++) if ((groups[g] as Group).count > 0) order.push(g);
  order.sort((a, b) => Math.abs(rateOf(groups[a] as Group) - rate) - Math.abs(rateOf(groups[b] as Group) - rate) || a - b);
  if (order.length === 0) order.push(0);
  for (const g of order) {
    const merged = groups.slice(0, regular).map((x, i) => (i === g ? { count: x.count + group.count, events: x.events + group.events } : x));
    if (keepsShape(merged, trend)) {
      const target = groups[g] as Group;
      target.count += group.count;
      target.events += group.events;
      return g;
    }
  }
  groups.push({ ...group });
  return groups.length - 1;
}

function placeByHand(groups: Group[], regular: number, group: Group, placement: Placement): number {
  if (placement === "own" && group.count > 0) {
    groups.push({ ...group });
    return groups.length - 1;
  }
  const target = placement === "own" ? riskiestGroup(groups, regular) : placement;
  const g = groups[target] as Group;
  g.count += group.count;
  g.events += group.events;
  return target;
}

function keepsShape(groups: readonly Group[], trend: FittedTrend): boolean {
  const rates = groups.filter((g) => g.count > 0).map(rateOf);
  switch (trend) {
    case "none":
      return true;
    case "ascending":
      return rates.every((r, i) => i === 0 || r > (rates[i - 1] as number));
    case "descending":
      return rates.every((r, i) => i === 0 || r < (rates[i - 1] as number));
    case "peak":
    case "valley": {
      const sign = trend === "peak" ? 1 : -1;
      let turned = false;
      for (let i = 1; i < rates.length; i++) {
        const step = sign * ((rates[i] as number) - (rates[i - 1] as number));
        if (step === 0) return false;
        if (step < 0) turned = true;
        else if (turned) return false;
      }
      return true;
    }
  }
}

/** The shape hand-made bins happen to follow. */
function trendOf(groups: readonly Group[]): FittedTrend {
  if (keepsShape(groups, "ascending")) return "ascending";
  if (keepsShape(groups, "descending")) return "descending";
  return "none";
}

function finish(
  layout: BinLayout,
  trend: FittedTrend,
  values: Float64Array,
  y: Labels,
  w: Float64Array | undefined,
  totals: Totals,
  origin: "optimal" | "user",
  bins: number,
): Binned {
  const binOfRow = new Int32Array(values.length);
  const groups: Group[] = Array.from({ length: bins }, () => ({ count: 0, events: 0 }));
  for (let i = 0; i < values.length; i++) {
    const b = binOf(layout, values[i] as number);
    binOfRow[i] = b;
    addRow(groups[b] as Group, y, w, i);
  }
  const nonEvents = totals.count - totals.events;
  const stats = groups.map((g) => ({ count: g.count, events: g.events, ...binEvidence(g, totals.events, nonEvents) }));
  let iv = 0;
  for (const s of stats) iv += s.iv;
  return { layout, trend, stats, iv, origin, binOfRow };
}

function groupWhere(values: Float64Array, y: Labels, w: Float64Array | undefined, test: (v: number) => boolean): Group {
  const g: Group = { count: 0, events: 0 };
  for (let i = 0; i < values.length; i++) if (test(values[i] as number)) addRow(g, y, w, i);
  return g;
}

/** The regular bin (among the first `regular`) with the highest event rate. */
function riskiestGroup(groups: readonly Group[], regular: number): number {
  let best = 0;
  let bestRate = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < regular; i++) {
    const g = groups[i] as Group;
    if (g.count > 0 && rateOf(g) > bestRate) {
      bestRate = rateOf(g);
      best = i;
    }
  }
  return best;
}

function rateOf(g: Group): number {
  return g.count > 0 ? g.events / g.count : 0;
}

function addRow(g: Group, y: Labels, w: Float64Array | undefined, i: number): void {
  const wi = weight(w, i);
  g.count += wi;
  if (y[i] === 1) g.events += wi;
}

function weight(w: Float64Array | undefined, i: number): number {
  return w === undefined ? 1 : (w[i] as number);
}

function totalsOf(y: Labels, w: Float64Array | undefined): Totals {
  let count = 0;
  let events = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = weight(w, i);
    count += wi;
    if (y[i] === 1) events += wi;
  }
  return { count, events };
}
