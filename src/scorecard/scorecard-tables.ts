/**
 * The characteristic analysis of a fitted scorecard as plain rows: per characteristic its
 * bins with count, share, events, event rate, WoE, IV and points, its IV and strength,
 * its trend and whether the event rate keeps it, and why it is in or out.
 */
import { binLabels, regularBinCount } from "./characteristic.js";
import type { CharacteristicJSON, ScorecardJSON } from "./scorecard-scorer.js";
import { ivStrength } from "./woe.js";

export interface BinRow {
  readonly characteristic: string;
  readonly bin: string;
  readonly count: number;
  readonly share: number;
  readonly events: number;
  readonly eventRate: number;
  readonly woe: number;
  readonly iv: number;
  /** Null for characteristics left out of the scorecard. */
  readonly points: number | null;
}

export interface CharacteristicSummary {
  readonly column: string;
  readonly type: "numeric" | "categorical";
  readonly selected: boolean;
  readonly status: string;
  readonly iv: number;
  readonly strength: string;
  readonly trend: string;
  /** Whether the event rate over the regular bins follows `trend` strictly. */
  readonly monotone: boolean;
  readonly origin: "optimal" | "user";
  readonly coefficient: number;
  readonly bins: BinRow[];
}

export function characteristicSummaries(scorecard: ScorecardJSON): CharacteristicSummary[] {
  return scorecard.characteristics.map((c) => ({
    column: c.column,
    type: c.layout.type,
    selected: c.selected,
    status: c.status,
    iv: c.iv,
    strength: ivStrength(c.iv),
    trend: c.trend,
    monotone: followsTrend(c),
    origin: c.origin,
    coefficient: c.coefficient,
    bins: binRows(c),
  }));
}

export function binRows(c: CharacteristicJSON): BinRow[] {
  const labels = binLabels(c.layout, c.bins.length);
  let total = 0;
  for (const b of c.bins) total += b.count;
  return c.bins.map((b, i) => ({
    characteristic: c.column,
    bin: labels[i] as string,
    count: b.count,
    share: total > 0 ? b.count / total : 0,
    events: b.events,
    eventRate: b.count > 0 ? b.events / b.count : 0,
    woe: b.woe,
    iv: b.iv,
    points: c.selected ? (c.points[i] as number) : null,
  }));
}

/** Event rates of the regular bins (value ranges or level groups), in bin order, skipping empty ones. */
export function regularEventRates(c: CharacteristicJSON): number[] {
  const regular = Math.min(c.bins.length, regularBinCount(c.layout));
  return c.bins
    .slice(0, regular)
    .filter((b) => b.count > 0)
    .map((b) => b.events / b.count);
}

function followsTrend(c: CharacteristicJSON): boolean {
  const r = regularEventRates(c);
  const up = r.every((v, i) => i === 0 || v > (r[i - 1] as number));
  const down = r.every((v, i) => i === 0 || v < (r[i - 1] as number));
  switch (c.trend) {
    case "ascending":
      return up;
    case "descending":
      return down;
    case "peak":
    case "valley": {
      const sign = c.trend === "peak" ? 1 : -1;
      let turned = false;
      for (let i = 1; i < r.length; i++) {
        const step = sign * ((r[i] as number) - (r[i - 1] as number));
        if (step === 0 || (step > 0 && turned)) return false;
        if (step < 0) turned = true;
      }
      return true;
    }
    case "none":
      return up || down;
  }
}
