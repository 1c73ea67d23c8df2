/**
 * Area under the ROC curve of a score against binary labels, by ranks: the probability
 * that a random positive scores above a random negative, ties counting one half. That is
 * the Mann-Whitney U with midranks divided by positives × negatives, computed by sorting
 * each class once (typed-array sorts) and sweeping both lists.
 */

/** AUC of `scores` for `labels` (1 positive, 0 negative); rows with a NaN score are left out. NaN when a class is empty. */
export function rankAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let positives = 0;
  let negatives = 0;
  for (let r = 0; r < scores.length; r++) {
    if (Number.isNaN(scores[r])) continue;
    if (labels[r] === 1) positives++;
    else negatives++;
  }
  if (positives === 0 || negatives === 0) return NaN;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let p = 0;
  let q = 0;
  for (let r = 0; r < scores.length; r++) {
    const score = scores[r] as number;
    if (Number.isNaN(score)) continue;
    if (labels[r] === 1) pos[p++] = score;
    else neg[q++] = score;
  }
  pos.sort();
  neg.sort();
  // For each positive: negatives strictly below it count 1, equal ones 1/2.
  let wins = 0;
  let below = 0;
  let upTo = 0;
  for (let i = 0; i < positives; i++) {
    const score = pos[i] as number;
    while (below < negatives && (neg[below] as number) < score) below++;
    if (upTo < below) upTo = below;
    while (upTo < negatives && (neg[upTo] as number) <= score) upTo++;
    wins += below + 0.5 * (upTo - below);
  }
  return wins / (positives * negatives);
}

/** How well a score separates the classes in either direction: max(auc, 1 - auc). */
export function separationAuc(auc: number): number {
  return Number.isNaN(auc) ? NaN : Math.max(auc, 1 - auc);
}
