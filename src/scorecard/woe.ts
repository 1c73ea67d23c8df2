/**
 * Weight of evidence and information value (Siddiqi, "Credit Risk Scorecards", 2006).
 *
 * "Events" are rows of the positive class (bad: e.g. default), "non-events" the others
 * (good). For a bin holding share g of all non-events and share b of all events:
 *
 *   WoE = ln(g / b)          positive where goods are over-represented (lower risk)
 *   IV  = (g − b) · WoE      never negative; the characteristic's IV is the sum over bins
 *
 * A bin with no events or no non-events has an infinite WoE; it is smoothed by adding ½
 * to both of its counts (only user-edited bins can end up like that: optimal binning
 * demands events and non-events in every bin). An empty bin has WoE 0 and IV 0.
 */

export interface BinCounts {
  /** Rows in the bin (weighted). */
  readonly count: number;
  /** Positive-class rows in the bin (weighted). */
  readonly events: number;
}

export interface BinEvidence {
  readonly woe: number;
  readonly iv: number;
}

/** WoE and IV of one bin, given the totals over the whole characteristic. */
export function binEvidence(bin: BinCounts, totalEvents: number, totalNonEvents: number): BinEvidence {
  if (!(bin.count > 0) || !(totalEvents > 0) || !(totalNonEvents > 0)) return { woe: 0, iv: 0 };
  let events = bin.events;
  let nonEvents = bin.count - bin.events;
  if (!(events > 0) || !(nonEvents > 0)) {
    events += 0.5;
    nonEvents += 0.5;
  }
  const good = nonEvents / totalNonEvents;
  const bad = events / totalEvents;
  const woe = Math.log(good / bad);
  return { woe, iv: (good - bad) * woe };
}

/** WoE and IV of every bin; the totals are the sums over `bins`. */
export function evidenceOf(bins: readonly BinCounts[]): BinEvidence[] {
  let events = 0;
  let count = 0;
  for (const bin of bins) {
    events += bin.events;
    count += bin.count;
  }
  return bins.map((bin) => binEvidence(bin, events, count - events));
}

/** The information value of a characteristic: the sum of its bins' IV. */
export function informationValue(bins: readonly BinCounts[]): number {
  let iv = 0;
  for (const e of evidenceOf(bins)) iv += e.iv;
  return iv;
}

/** The usual reading of an IV (Siddiqi 2006, p. 81). */
export function ivStrength(iv: number): string {
  if (iv < 0.02) return "not predictive";
  if (iv < 0.1) return "weak";
  if (iv < 0.3) return "medium";
  if (iv < 0.5) return "strong";
  return "very strong (check for leakage)";
}
