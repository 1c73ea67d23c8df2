/**
 * Two-sample tests of new data against the training profile, each with an effect size so
 * that a large sample's tiny p-value for a trivial shift is not read as an alarm:
 * Kolmogorov-Smirnov for numbers (effect: D itself, the largest gap between the two
 * cumulative distributions) and chi-square homogeneity over the PSI bins for categories
 * (effect: Cramér's V, which for two samples is √(χ²/N)).
 *
 * The KS test compares the new values' distribution with the training distribution at the
 * stored training percentiles, where the training side is exact; D is therefore the largest
 * gap at those 99 points, at most a percentile step below the gap over all points.
 */
import { chiSquareUpperTail } from "./chi-square-distribution.js";
import { ksPValue } from "./kolmogorov-distribution.js";
import type { NumericDriftProfile } from "../train/training-profile.js";

export type EffectMagnitude = "negligible" | "small" | "medium" | "large";

export interface DriftTest {
  readonly name: "ks" | "chi-square";
  readonly statistic: number;
  readonly pValue: number;
  /** KS D, or Cramér's V: 0 = identical, 1 = disjoint. */
  readonly effect: number;
  readonly magnitude: EffectMagnitude;
  readonly degreesOfFreedom?: number;
}

/** Cohen's conventions for w (0.1 small, 0.3 medium, 0.5 large), applied to V and to D alike. */
export function magnitudeOf(effect: number): EffectMagnitude {
  if (!(effect >= 0.1)) return "negligible";
  if (effect < 0.3) return "small";
  if (effect < 0.5) return "medium";
  return "large";
}

/** KS between the profile's present training values and the present values of `values` (NaN = missing). */
export function ksAgainstProfile(profile: NumericDriftProfile, values: Float64Array): DriftTest {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  if (present.length === 0 || profile.present === 0 || profile.cuts.length === 0) {
    return { name: "ks", statistic: Number.NaN, pValue: Number.NaN, effect: Number.NaN, magnitude: "negligible" };
  }
  let d = 0;
  let at = 0;
  profile.cuts.forEach((cut, k) => {
    while (at < present.length && (present[at] as number) <= cut) at++;
    d = Math.max(d, Math.abs(at / present.length - (profile.cdf[k] as number)));
  });
  return { name: "ks", statistic: d, pValue: ksPValue(d, profile.present, present.length), effect: d, magnitude: magnitudeOf(d) };
}

/**
 * Chi-square test of homogeneity between two samples given as counts per bin (bins empty in
 * both are dropped). Returns the statistic, its p-value with (bins − 1) degrees of freedom,
 * and Cramér's V.
 */
export function chiSquareHomogeneity(expectedCounts: ArrayLike<number>, actualCounts: ArrayLike<number>): DriftTest {
  let n1 = 0;
  let n2 = 0;
  for (let b = 0; b < expectedCounts.length; b++) {
    n1 += expectedCounts[b] as number;
    n2 += actualCounts[b] as number;
  }
  const total = n1 + n2;
  let statistic = 0;
  let bins = 0;
  for (let b = 0; b < expectedCounts.length; b++) {
    const o1 = expectedCounts[b] as number;
    const o2 = actualCounts[b] as number;
    const column = o1 + o2;
    if (column === 0) continue;
    bins++;
    const e1 = (column * n1) / total;
    const e2 = (column * n2) / total;
    statistic += ((o1 - e1) * (o1 - e1)) / e1 + ((o2 - e2) * (o2 - e2)) / e2;
  }
  const df = bins - 1;
  if (n1 === 0 || n2 === 0 || df < 1) {
    return { name: "chi-square", statistic: 0, pValue: 1, effect: 0, magnitude: "negligible", degreesOfFreedom: Math.max(0, df) };
  }
  const effect = Math.sqrt(statistic / total);
  return { name: "chi-square", statistic, pValue: chiSquareUpperTail(statistic, df), effect, magnitude: magnitudeOf(effect), degreesOfFreedom: df };
}
