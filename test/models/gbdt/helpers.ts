/** Small builders shared by the gradient-boosting tests. */
import type { FeatureInfo, Matrix } from "../../../src/core/matrix.js";
import type { TreeJSON } from "../../../src/models/gbdt/index.js";

export function numeric(name: string): FeatureInfo {
  return { name, source: name, type: "numeric" };
}

export function categorical(name: string, categories: number): FeatureInfo {
  return { name, source: name, type: "categorical", categories };
}

export function matrix(features: FeatureInfo[], columns: Float64Array[]): Matrix {
  return { rows: columns[0]?.length ?? 0, features, columns };
}

/** A one-row matrix. */
export function row(features: FeatureInfo[], values: number[]): Matrix {
  return matrix(
    features,
    values.map((v) => Float64Array.of(v)),
  );
}

/** Area under the ROC curve by average ranks (ties share their rank). */
export function auc(scores: Float64Array, y: Uint8Array): number {
  const order = Array.from(scores.keys()).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let rankSumPositive = 0;
  let positives = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[order[k] as number] === 1) {
        rankSumPositive += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Independent re-statement of a tree node's routing rule (tree.ts), for brute-force checks. */
export function goesLeft(tree: TreeJSON, node: number, x: number): boolean {
  if (tree.categorical[node] === 1) {
    const words = tree.catWords[node] as number;
    if (Number.isInteger(x) && x >= 0 && x < words * 32) {
      const word = tree.catBits[(tree.catOffset[node] as number) + Math.floor(x / 32)] as number;
      return Math.floor(word / 2 ** (x % 32)) % 2 === 1;
    }
    return tree.missingLeft[node] === 1;
  }
  if (Number.isFinite(x)) return x <= (tree.threshold[node] as number);
  return tree.missingLeft[node] === 1;
}

export function predictTree(tree: TreeJSON, x: readonly number[]): number {
  let node = 0;
  while ((tree.feature[node] as number) >= 0) {
    const f = tree.feature[node] as number;
    node = goesLeft(tree, node, x[f] as number) ? (tree.left[node] as number) : (tree.right[node] as number);
  }
  return tree.value[node] as number;
}
