/**
 * An interval for each probability. The out-of-fold probabilities are cut into bands of
 * equal size; a row's interval is the 95 % Wilson score interval of a rate equal to its
 * probability observed on as many leads as its band held. It answers "how sure can we be
 * of this probability, given how many similar leads training saw?": wide where training
 * saw few leads scoring like this one, narrow where it saw many.
 */

export interface ConfidenceBands {
  readonly method: "wilson-band";
  readonly level: number;
  /** Upper probability bound of each band (the last is 1). */
  readonly upper: readonly number[];
  /** Training rows in each band. */
  readonly rows: readonly number[];
}

const Z95 = 1.959963984540054;

export function fitConfidenceBands(proba: Float64Array, bands = 20): ConfidenceBands {
  const sorted = Float64Array.from(proba).sort();
  const n = sorted.length;
  const upper: number[] = [];
  const rows: number[] = [];
  let start = 0;
  for (let b = 1; b <= bands && start < n; b++) {
    let end = b === bands ? n : Math.round((b * n) / bands);
    const cut = end >= n ? 1 : (sorted[end - 1] as number);
    // Rows tied at the cut stay in one band.
    while (end < n && (sorted[end] as number) <= cut) end++;
    if (end <= start) continue;
    upper.push(end >= n ? 1 : cut);
    rows.push(end - start);
    start = end;
  }
  return { method: "wilson-band", level: 0.95, upper, rows };
}

export function confidenceInterval(bands: ConfidenceBands, p: number): { low: number; high: number } {
  let band = bands.upper.findIndex((u) => p <= u);
  if (band < 0) band = bands.upper.length - 1;
  const n = Math.max(1, bands.rows[band] ?? 1);
  return wilson(p, n, Z95);
}

export function wilson(p: number, n: number, z: number): { low: number; high: number } {
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
