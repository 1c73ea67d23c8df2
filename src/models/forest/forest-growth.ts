/**
 * Grows tree t of a random forest: draws its bootstrap sample and grows a CART tree on it with
 * features drawn per split. Everything random about tree t comes from treeRng(seed, t), so a
 * tree is the same whichever thread grows it and in whatever order.
 */
import { Rng } from "../../core/rng.js";
import type { TreeArrays } from "../gbdt/tree.js";
import { CartBuilder, type BinnedData, type CartOptions } from "../tree/cart-builder.js";

export interface ForestGrowth {
  readonly data: BinnedData;
  /** Sample weights per row, or null for 1 each. */
  readonly sampleWeights: Float64Array | null;
  readonly cart: CartOptions;
  /** Rows drawn with replacement per tree, or 0 to give every tree every row. */
  readonly draws: number;
  readonly seed: number;
}

/** The random stream of tree t. */
export function treeRng(seed: number, t: number): Rng {
  return new Rng((seed ^ Math.imul(t + 1, 0x9e3779b1)) >>> 0);
}

/** counts[r] = how many times row r is drawn (1 each when draws is 0); uses rng first. */
export function drawSample(rows: number, draws: number, rng: Rng, counts: Float64Array): void {
  if (draws === 0) {
    counts.fill(1, 0, rows);
    return;
  }
  counts.fill(0, 0, rows);
  for (let k = 0; k < draws; k++) {
    const r = rng.int(rows);
    counts[r] = (counts[r] as number) + 1;
  }
}

/** Grows trees one after another with one builder and one scratch sample. */
export class ForestGrower {
  private readonly growth: ForestGrowth;
  private readonly builder: CartBuilder;
  private readonly weights: Float64Array;

  constructor(growth: ForestGrowth) {
    this.growth = growth;
    this.builder = new CartBuilder(growth.data, growth.cart);
    this.weights = new Float64Array(growth.data.rows);
  }

  /** Tree t, its node values the positive rate of the node's in-sample rows. */
  grow(t: number): TreeArrays {
    const { data, sampleWeights, draws, seed } = this.growth;
    const rng = treeRng(seed, t);
    const w = this.weights;
    drawSample(data.rows, draws, rng, w);
    if (sampleWeights !== null) for (let r = 0; r < data.rows; r++) w[r] = (w[r] as number) * (sampleWeights[r] as number);
    const grown = this.builder.grow(w, rng);
    return grown.toTree((positive, weight) => (weight > 0 ? positive / weight : 0));
  }
}
