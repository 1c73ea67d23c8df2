/**
 * Log-odds of a probability kept away from 0 and 1, so that a pure leaf or a unanimous
 * forest gives a large but finite raw output (±13.8) instead of ±Infinity.
 */
export const PROBABILITY_FLOOR = 1e-6;

export function clippedLogit(p: number): number {
  const q = p < PROBABILITY_FLOOR ? PROBABILITY_FLOOR : p > 1 - PROBABILITY_FLOOR ? 1 - PROBABILITY_FLOOR : p;
  return Math.log(q / (1 - q));
}
