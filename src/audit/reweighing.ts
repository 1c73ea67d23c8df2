/**
 * Reweighing (Kamiran & Calders 2012): weights that make the outcome independent of the
 * protected group in the training data. A row of group g with outcome y weighs
 *
 *   w(g, y) = P(g)·P(y) / P(g, y) = n_g · n_y / (n · n_{g,y}),
 *
 * so over-represented combinations (a group that is often negative) count for less and
 * under-represented ones for more; the weights sum to n. The learner then fits the
 * reweighed data, with no change to the rows themselves.
 */
export function reweighingWeights(groupOf: Int32Array, labels: Uint8Array, groups: number): Float64Array {
  const n = labels.length;
  const byGroup = new Float64Array(groups);
  const byCell = new Float64Array(groups * 2);
  let positives = 0;
  for (let r = 0; r < n; r++) {
    const g = groupOf[r] as number;
    const y = labels[r] as number;
    byGroup[g] = (byGroup[g] as number) + 1;
    byCell[g * 2 + y] = (byCell[g * 2 + y] as number) + 1;
    positives += y;
  }
  const byLabel = [n - positives, positives];
  return Float64Array.from({ length: n }, (_, r) => {
    const g = groupOf[r] as number;
    const y = labels[r] as number;
    return ((byGroup[g] as number) * (byLabel[y] as number)) / (n * (byCell[g * 2 + y] as number));
  });
}
