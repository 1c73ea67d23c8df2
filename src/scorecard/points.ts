/**
 * Points scaling (Siddiqi 2006, ch. 10): a score rises by `pdo` points each time the
 * good:bad odds double, and equals `baseScore` at odds `baseOdds`:1.
 *
 *   score  = offset + factor · ln(odds_good)
 *   factor = pdo / ln 2,   offset = baseScore − factor · ln(baseOdds)
 *
 * With a logistic model of the bad (positive) class on WoE, ln(odds_good) = −(a + Σ βⱼ·WoEⱼ),
 * and each characteristic j of m takes its share of the intercept and offset:
 *
 *   points(j, bin) = round(−(βⱼ·WoE(j, bin) + a/m) · factor + offset/m)
 *
 * The scorecard IS its integer points: its log-odds of bad is read back from their total,
 * so `score`, `scorecard.sql` and the probability all agree exactly.
 */
import { sigmoid } from "../core/scorer.js";

export interface Scaling {
  readonly pdo: number;
  readonly baseScore: number;
  readonly baseOdds: number;
  readonly factor: number;
  readonly offset: number;
}

export function scalingOf(pdo: number, baseScore: number, baseOdds: number): Scaling {
  const factor = pdo / Math.LN2;
  return { pdo, baseScore, baseOdds, factor, offset: baseScore - factor * Math.log(baseOdds) };
}

/** The (unrounded) score of good:bad odds `oddsGood`:1. */
export function scoreOfOdds(s: Scaling, oddsGood: number): number {
  return s.offset + s.factor * Math.log(oddsGood);
}

/** The integer points of one bin. */
export function binPoints(s: Scaling, intercept: number, coefficient: number, woe: number, characteristics: number): number {
  return Math.round(-(coefficient * woe + intercept / characteristics) * s.factor + s.offset / characteristics);
}

/** Log-odds of the positive (bad) class implied by a total of points. */
export function logOddsOfPoints(s: Scaling, points: number): number {
  return (s.offset - points) / s.factor;
}

/** Probability of the positive (bad) class — the PD — implied by a total of points. */
export function pdOfPoints(s: Scaling, points: number): number {
  return sigmoid(logOddsOfPoints(s, points));
}

export interface PdRow {
  readonly points: number;
  /** Good:bad odds, as oddsGood:1. */
  readonly oddsGood: number;
  readonly pd: number;
}

/** Score → probability of default from `low` to `high` points, every `step` points (ends included). */
export function pdTable(s: Scaling, low: number, high: number, step: number): PdRow[] {
  const at = new Set<number>([low, high]);
  for (let points = Math.ceil(low / step) * step; points < high; points += step) at.add(points);
  return [...at]
    .sort((x, y) => x - y)
    .map((points) => ({ points, oddsGood: Math.exp((points - s.offset) / s.factor), pd: pdOfPoints(s, points) }));
}

export interface RiskBand {
  /** 1 = the highest points (least risk). */
  readonly band: number;
  /** Points range [fromPoints, toPoints]; null = open end. */
  readonly fromPoints: number | null;
  readonly toPoints: number | null;
  readonly rows: number;
  readonly share: number;
  readonly events: number;
  readonly eventRate: number;
  /** PD implied by the points at the band's ends (the riskier end first). */
  readonly pdHigh: number | null;
  readonly pdLow: number | null;
}

/**
 * Risk bands cut at integer points `cuts` (ascending): a row with points ≥ cuts[i−1] and
 * < cuts[i] is in the band between. Band 1 holds the highest points.
 */
export function riskBands(s: Scaling, points: ArrayLike<number>, y: ArrayLike<number>, cuts: readonly number[]): RiskBand[] {
  const sorted = [...new Set(cuts)].sort((a, b) => a - b);
  const k = sorted.length + 1;
  const rows = new Float64Array(k);
  const events = new Float64Array(k);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as number;
    let b = 0;
    while (b < sorted.length && p >= (sorted[b] as number)) b++;
    rows[b] = (rows[b] as number) + 1;
    if (y[i] === 1) events[b] = (events[b] as number) + 1;
  }
  const out: RiskBand[] = [];
  for (let b = k - 1; b >= 0; b--) {
    const from = b === 0 ? null : (sorted[b - 1] as number);
    const to = b === k - 1 ? null : (sorted[b] as number) - 1;
    const n = rows[b] as number;
    out.push({
      band: k - b,
      fromPoints: from,
      toPoints: to,
      rows: n,
      share: points.length > 0 ? n / points.length : 0,
      events: events[b] as number,
      eventRate: n > 0 ? (events[b] as number) / n : 0,
      pdHigh: from === null ? null : pdOfPoints(s, from),
      pdLow: to === null ? null : pdOfPoints(s, to),
    });
  }
  return out;
}

/** Default band cuts: the quintiles of the points, as integers, distinct. */
export function quantileBandCuts(points: ArrayLike<number>, bands = 5): number[] {
  const sorted = Float64Array.from(points).sort();
  const cuts: number[] = [];
  for (let q = 1; q < bands; q++) {
    const v = sorted[Math.floor((q * sorted.length) / bands)];
    if (v !== undefined && (cuts.length === 0 || v > (cuts[cuts.length - 1] as number)) && v > (sorted[0] as number)) cuts.push(v);
  }
  return cuts;
}
