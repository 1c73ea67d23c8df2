/**
 * Decile lift and cumulative gains: how much richer in positives the best-scored tenth,
 * fifth, … of the rows is than the data as a whole.
 */
import { LeadscoreError } from "../core/errors.js";
import { checkScored, descendingOrder } from "./auc.js";

export type LiftRow = {
  /** 1 = the highest-scored tenth. */
  decile: number;
  rows: number;
  positives: number;
  /** positives / rows in the decile; NaN for an empty decile (fewer than 10 rows in all). */
  rate: number;
  /** rate / overall positive rate; NaN when undefined. */
  lift: number;
  /** Share of all positives in deciles 1..this one; NaN when there are no positives. */
  cumulativeGain: number;
};

const DECILES = 10;

/**
 * Ten rows after a stable sort by descending probability (ties keep input order). Sizes
 * differ by at most one, the larger deciles first (n = 25 gives 3,3,3,3,3,2,2,2,2,2).
 */
export function liftTable(proba: Float64Array, y: Uint8Array): LiftRow[] {
  checkScored(proba, y);
  const n = proba.length;
  if (n === 0) throw new LeadscoreError("data", "A lift table needs at least one row.");
  const order = descendingOrder(proba);
  let totalPositives = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) totalPositives++;
  const overallRate = totalPositives / n;

  const base = Math.floor(n / DECILES);
  const extra = n % DECILES;
  const table: LiftRow[] = [];
  let start = 0;
  let cumulative = 0;
  for (let d = 0; d < DECILES; d++) {
    const rows = base + (d < extra ? 1 : 0);
    let positives = 0;
    for (let k = start; k < start + rows; k++) if (y[order[k] as number] === 1) positives++;
    start += rows;
    cumulative += positives;
    const rate = rows > 0 ? positives / rows : Number.NaN;
    table.push({
      decile: d + 1,
      rows,
      positives,
      rate,
      lift: overallRate > 0 ? rate / overallRate : Number.NaN,
      cumulativeGain: totalPositives > 0 ? cumulative / totalPositives : Number.NaN,
    });
  }
  return table;
}
