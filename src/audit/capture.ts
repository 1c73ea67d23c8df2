/**
 * Conversions captured by the best-scored rows: of the top k rows by score, how many are
 * positive. A points-based scorer ties many rows, so where the cut falls inside a group of
 * tied scores the group's positives are shared out in proportion (the expected count when
 * ties are broken at random), not decided by file order.
 */
import { descendingOrder } from "../evaluate/auc.js";

export interface Captured {
  readonly rows: number;
  /** Expected positives among the top `rows` (fractional when the cut splits tied scores). */
  readonly conversions: number;
  /** conversions / all positives. */
  readonly share: number;
  /** conversions / rows. */
  readonly rate: number;
  /** rate / the overall positive rate. */
  readonly lift: number;
}

export function capturedAt(scores: ArrayLike<number>, y: Uint8Array, k: number): Captured {
  const n = y.length;
  const rows = Math.max(0, Math.min(n, Math.round(k)));
  let total = 0;
  for (let i = 0; i < n; i++) total += y[i] as number;
  const order = descendingOrder(scores);
  let taken = 0;
  let conversions = 0;
  let at = 0;
  while (at < n && taken < rows) {
    let end = at + 1;
    while (end < n && scores[order[end] as number] === scores[order[at] as number]) end++;
    let positives = 0;
    for (let j = at; j < end; j++) positives += y[order[j] as number] as number;
    const size = end - at;
    const take = Math.min(size, rows - taken);
    conversions += (positives * take) / size;
    taken += take;
    at = end;
  }
  const rate = rows > 0 ? conversions / rows : Number.NaN;
  return { rows, conversions, share: total > 0 ? conversions / total : Number.NaN, rate, lift: total > 0 ? rate / (total / n) : Number.NaN };
}

/** Cumulative share of positives captured at each tenth of the rows (gains curve, ties shared out). */
export function gains(scores: ArrayLike<number>, y: Uint8Array): Captured[] {
  return Array.from({ length: 10 }, (_, d) => capturedAt(scores, y, ((d + 1) * y.length) / 10));
}

/**
 * Each tenth of the rows on its own, from the cumulative gains: the rows and conversions of
 * decile d are those of the top (d+1) tenths less those of the top d, so ties split at a cut
 * are shared out here too.
 */
export function decileCapture(cumulative: readonly Captured[], positives: number, rows: number): Captured[] {
  let before = { rows: 0, conversions: 0 };
  return cumulative.map((c) => {
    const inDecile = c.rows - before.rows;
    const conversions = c.conversions - before.conversions;
    before = c;
    const rate = inDecile > 0 ? conversions / inDecile : Number.NaN;
    return { rows: inDecile, conversions, share: positives > 0 ? conversions / positives : Number.NaN, rate, lift: positives > 0 ? rate / (positives / rows) : Number.NaN };
  });
}
