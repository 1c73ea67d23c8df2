/**
 * Merges ordered pre-bins into contiguous bins that maximise the information value under
 * the constraints of optimal binning (after Navas-Palencia, "Optimal binning: mathematical
 * programming formulation", 2020, which solves the same problem as a mixed-integer
 * program): a shape for the event rate over the bins, a least number of rows per bin, a
 * least number of events and of non-events per bin, and a most number of bins.
 *
 * IV is a sum over bins and every constraint links only neighbouring bins, so dynamic
 * programming over (last bin, bins used, shape phase) finds the exact optimum in
 * O(P³·B) for P pre-bins and B bins — a few million steps for P = 50.
 */

/** The shape the event rate must follow from the first bin to the last. */
export type PartitionShape = "ascending" | "descending" | "peak" | "valley" | "none";

export interface PartitionInput {
  /** Rows per pre-bin (weighted), in order. */
  readonly counts: ArrayLike<number>;
  /** Events (positive rows) per pre-bin. */
  readonly events: ArrayLike<number>;
  /** Event and non-event totals over the whole characteristic (including rows outside these pre-bins). */
  readonly totalEvents: number;
  readonly totalNonEvents: number;
  /** Least rows in a bin. */
  readonly minCount: number;
  /** Least events, and least non-events, in a bin (at least 1 is always required, so WoE is finite). */
  readonly minEvents: number;
  readonly maxBins: number;
  readonly shape: PartitionShape;
}

export interface Partition {
  /** Index of the first pre-bin of each bin, ascending; starts[0] = 0. */
  readonly starts: number[];
  readonly iv: number;
}

/**
 * The best partition, or null when no partition meets the constraints (for instance when
 * the pre-bins together hold fewer rows than `minCount`).
 */
export function optimalPartition(input: PartitionInput): Partition | null {
  const P = input.counts.length;
  if (P === 0) return null;
  const B = Math.max(1, Math.min(input.maxBins, P));
  const minEvents = Math.max(1, input.minEvents);
  const E = input.totalEvents;
  const N = input.totalNonEvents;
  if (!(E > 0) || !(N > 0)) return null;

  const cumCount = new Float64Array(P + 1);
  const cumEvents = new Float64Array(P + 1);
  for (let i = 0; i < P; i++) {
    cumCount[i + 1] = (cumCount[i] as number) + (input.counts[i] as number);
    cumEvents[i + 1] = (cumEvents[i] as number) + (input.events[i] as number);
  }
  // Per candidate bin [k, j): feasibility, IV and event rate, computed once.
  const size = (P + 1) * (P + 1);
  const ok = new Uint8Array(size);
  const ivOf = new Float64Array(size);
  const rateOf = new Float64Array(size);
  for (let k = 0; k < P; k++) {
    for (let j = k + 1; j <= P; j++) {
      const count = (cumCount[j] as number) - (cumCount[k] as number);
      const events = (cumEvents[j] as number) - (cumEvents[k] as number);
      const nonEvents = count - events;
      const at = k * (P + 1) + j;
      if (count < input.minCount || events < minEvents || nonEvents < minEvents) continue;
      ok[at] = 1;
      const good = nonEvents / N;
      const bad = events / E;
      ivOf[at] = (good - bad) * Math.log(good / bad);
      rateOf[at] = events / count;
    }
  }

  // best[((b·P1 + k)·P1 + j)·2 + phase]: the most IV covering pre-bins [0, j) in b+1 bins,
  // the last being [k, j), in shape phase `phase` (peak/valley: 0 before the turn, 1 after).
  const P1 = P + 1;
  const states = B * P1 * P1 * 2;
  const best = new Float64Array(states).fill(Number.NEGATIVE_INFINITY);
  const parent = new Int32Array(states).fill(-1);
  const index = (b: number, k: number, j: number, phase: number): number => ((b * P1 + k) * P1 + j) * 2 + phase;

  for (let j = 1; j <= P; j++) {
    if (ok[j] === 1) best[index(0, 0, j, 0)] = ivOf[j] as number;
  }
  const shape = input.shape;
  for (let b = 0; b + 1 < B; b++) {
    for (let j = 1; j < P; j++) {
      for (let k = 0; k < j; k++) {
        for (let phase = 0; phase < 2; phase++) {
          const from = index(b, k, j, phase);
          const value = best[from] as number;
          if (value === Number.NEGATIVE_INFINITY) continue;
          const previousRate = rateOf[k * P1 + j] as number;
          for (let m = j + 1; m <= P; m++) {
            const at = j * P1 + m;
            if (ok[at] !== 1) continue;
            const nextPhase = phaseAfter(shape, phase, previousRate, rateOf[at] as number);
            if (nextPhase < 0) continue;
            const to = index(b + 1, j, m, nextPhase);
            const candidate = value + (ivOf[at] as number);
            if (candidate > (best[to] as number)) {
              best[to] = candidate;
              parent[to] = from;
            }
          }
        }
      }
    }
  }

  let bestState = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < P; k++) {
      for (let phase = 0; phase < 2; phase++) {
        const at = index(b, k, P, phase);
        if ((best[at] as number) > bestValue) {
          bestValue = best[at] as number;
          bestState = at;
        }
      }
    }
  }
  if (bestState < 0) return null;
  const starts: number[] = [];
  for (let state = bestState; state >= 0; state = parent[state] as number) {
    const k = Math.floor(state / 2 / P1) % P1;
    starts.push(k);
  }
  starts.reverse();
  return { starts, iv: bestValue };
}

/** The phase after adding a bin with event rate `next` after one with `previous`, or −1 when the shape forbids it. */
function phaseAfter(shape: PartitionShape, phase: number, previous: number, next: number): number {
  switch (shape) {
    case "none":
      return 0;
    case "ascending":
      return next > previous ? 0 : -1;
    case "descending":
      return next < previous ? 0 : -1;
    case "peak":
      if (phase === 0) return next > previous ? 0 : next < previous ? 1 : -1;
      return next < previous ? 1 : -1;
    case "valley":
      if (phase === 0) return next < previous ? 0 : next > previous ? 1 : -1;
      return next > previous ? 1 : -1;
  }
}
