/**
 * Population stability index: PSI = Σ_b (a_b − e_b)·ln(a_b / e_b) over bins, e the expected
 * (training) shares and a the actual (new) shares. A share of 0 is raised to PSI_FLOOR in
 * both places it appears, so an empty bin counts as a small share rather than an infinite
 * term, and a bin empty on both sides contributes nothing. Bands are the industry's:
 * < 0.1 stable, 0.1–0.25 watch, > 0.25 act (SPEC §2).
 */
import { LeadscoreError } from "../core/errors.js";

export const PSI_FLOOR = 1e-4;
export const PSI_WATCH = 0.1;
export const PSI_ACT = 0.25;

export type DriftBand = "stable" | "watch" | "act";

export function psi(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) {
    throw new LeadscoreError("internal", `PSI needs as many actual shares (${actual.length}) as expected ones (${expected.length}).`);
  }
  let sum = 0;
  for (let b = 0; b < expected.length; b++) {
    const e = Math.max(expected[b] as number, PSI_FLOOR);
    const a = Math.max(actual[b] as number, PSI_FLOOR);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

export function psiBand(value: number): DriftBand {
  if (value > PSI_ACT) return "act";
  if (value >= PSI_WATCH) return "watch";
  return "stable";
}

/** The worse of two bands. */
export function worseBand(a: DriftBand, b: DriftBand): DriftBand {
  const rank: Record<DriftBand, number> = { stable: 0, watch: 1, act: 2 };
  return rank[a] >= rank[b] ? a : b;
}

/**
 * PSI of a score between a reference sample (e.g. development) and a new one (e.g. the
 * out-of-time holdout), over 10 bins at the reference's deciles.
 */
export function scorePsi(reference: Float64Array, current: Float64Array): number {
  const sorted = Float64Array.from(reference).sort();
  const edges: number[] = [];
  for (let d = 1; d < 10; d++) edges.push(sorted[Math.floor((d * sorted.length) / 10)] as number);
  const shares = (values: Float64Array): number[] => {
    const counts = new Array<number>(10).fill(0);
    for (const v of values) {
      let b = 0;
      while (b < edges.length && v >= (edges[b] as number)) b++;
      counts[b] = (counts[b] as number) + 1;
    }
    return counts.map((c) => c / Math.max(1, values.length));
  };
  return psi(shares(reference), shares(current));
}
