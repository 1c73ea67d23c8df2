/** Percentiles of each numeric training column, so reasons can say "higher than 92 % of leads". */
import type { Frame } from "../core/frame.js";
import type { ColumnProfile } from "./model-file.js";

export function columnProfiles(frame: Frame, columns: readonly string[]): ColumnProfile[] {
  return columns.map((name) => {
    const column = frame.columns.find((c) => c.name === name);
    if (!column || column.kind !== "numeric") return { column: name };
    const present = column.values.filter((v) => !Number.isNaN(v)).sort();
    if (present.length === 0) return { column: name };
    const percentiles: number[] = [];
    for (let p = 1; p <= 99; p++) percentiles.push(present[Math.min(present.length - 1, Math.floor((p / 100) * present.length))] as number);
    return { column: name, percentiles };
  });
}

/** Shares (0..1) of training rows strictly below and strictly above `value`, from stored percentiles. */
export function sharesAround(profile: ColumnProfile, value: number): { below: number; above: number } | undefined {
  const p = profile.percentiles;
  if (!p || p.length === 0) return undefined;
  let below = 0;
  let above = 0;
  for (const q of p) {
    if (q < value) below++;
    else if (q > value) above++;
  }
  return { below: below / (p.length + 1), above: above / (p.length + 1) };
}
