/**
 * Out-of-bag evaluation (Breiman 2001): each training row is scored by the trees whose
 * bootstrap sample left it out, and the AUC of those scores estimates the forest's AUC on new
 * data without a held-out set. The samples are redrawn from each tree's seed (forest-growth.ts).
 */
import type { Labels, Matrix } from "../../core/matrix.js";
import type { Tree } from "../gbdt/tree.js";
import { drawSample, treeRng } from "./forest-growth.js";

export interface OutOfBag {
  /** Weighted AUC of the out-of-bag probabilities, over the rows some tree left out. */
  readonly auc: number | null;
  /** Rows that at least one tree left out. */
  readonly rows: number;
}

export function outOfBag(trees: readonly Tree[], X: Matrix, y: Labels, weights: Float64Array | null, draws: number, seed: number): OutOfBag {
  if (draws === 0) return { auc: null, rows: 0 };
  const n = X.rows;
  const sum = new Float64Array(n);
  const votes = new Int32Array(n);
  const counts = new Float64Array(n);
  trees.forEach((tree, t) => {
    drawSample(n, draws, treeRng(seed, t), counts);
    for (let r = 0; r < n; r++) {
      if (counts[r] !== 0) continue;
      sum[r] = (sum[r] as number) + tree.predictRow(X.columns, r);
      votes[r] = (votes[r] as number) + 1;
    }
  });
  const rows: number[] = [];
  for (let r = 0; r < n; r++) if ((votes[r] as number) > 0) rows.push(r);
  const score = (r: number): number => (sum[r] as number) / (votes[r] as number);
  return { auc: weightedAuc(rows, score, y, weights), rows: rows.length };
}

/** Mann–Whitney AUC with row weights (ties count one half); null without both classes. */
export function weightedAuc(rows: number[], score: (r: number) => number, y: Labels, weights: Float64Array | null): number | null {
  const scores = Float64Array.from(rows, score);
  const order = Int32Array.from(rows.keys()).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let negativeBelow = 0;
  let pairs = 0;
  let positive = 0;
  let negative = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let groupPositive = 0;
    let groupNegative = 0;
    while (j < order.length && scores[order[j] as number] === scores[order[i] as number]) {
      const r = rows[order[j] as number] as number;
      const w = weights === null ? 1 : (weights[r] as number);
      if (y[r] === 1) groupPositive += w;
      else groupNegative += w;
      j++;
    }
    pairs += groupPositive * (negativeBelow + groupNegative / 2);
    negativeBelow += groupNegative;
    positive += groupPositive;
    negative += groupNegative;
    i = j;
  }
  return positive > 0 && negative > 0 ? pairs / (positive * negative) : null;
}
