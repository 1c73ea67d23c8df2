/**
 * A classification tree while it is grown and pruned: growable node lists holding the class
 * weights of every node. Nodes are numbered in pre-order (a node, its left subtree, its right
 * subtree), so children always come after their parent. `toTree` flattens it into the
 * gradient-boosting Tree format (typed arrays, real thresholds, category bitsets), which
 * predicts, stores and explains (TreeSHAP) every tree-based model alike.
 */
import { Tree } from "../gbdt/tree.js";

export class GrownTree {
  /** Split feature, or −1 at a leaf. */
  readonly feature: number[] = [];
  /** Numeric splits: x ≤ threshold goes left. */
  readonly threshold: number[] = [];
  readonly missingLeft: number[] = [];
  /** Categorical splits: bit c of the words is set when code c goes left; null otherwise. */
  readonly codes: (Uint32Array | null)[] = [];
  readonly left: number[] = [];
  readonly right: number[] = [];
  /** Sum of the training weights reaching the node (bootstrap counts included). */
  readonly weight: number[] = [];
  /** Sum of the weights of positive rows reaching the node. */
  readonly positive: number[] = [];
  /** Distinct training rows reaching the node. */
  readonly count: number[] = [];
  /** Impurity decrease of the node's split (weighted, see impurity.ts); 0 at a leaf. */
  readonly gain: number[] = [];

  get nodeCount(): number {
    return this.feature.length;
  }

  /** Appends a leaf and returns its number. */
  addLeaf(weight: number, positive: number, count: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.missingLeft.push(0);
    this.codes.push(null);
    this.left.push(-1);
    this.right.push(-1);
    this.weight.push(weight);
    this.positive.push(positive);
    this.count.push(count);
    this.gain.push(0);
    return this.feature.length - 1;
  }

  isLeaf(node: number): boolean {
    return (this.feature[node] as number) < 0;
  }

  /**
   * The tree with every node in `cut` turned into a leaf (its subtree dropped), renumbered
   * in pre-order.
   */
  withoutSubtrees(cut: Uint8Array): GrownTree {
    const out = new GrownTree();
    const copy = (node: number): number => {
      const id = out.addLeaf(this.weight[node] as number, this.positive[node] as number, this.count[node] as number);
      if (this.isLeaf(node) || cut[node] === 1) return id;
      out.feature[id] = this.feature[node] as number;
      out.threshold[id] = this.threshold[node] as number;
      out.missingLeft[id] = this.missingLeft[node] as number;
      out.codes[id] = this.codes[node] ?? null;
      out.gain[id] = this.gain[node] as number;
      out.left[id] = copy(this.left[node] as number);
      out.right[id] = copy(this.right[node] as number);
      return id;
    };
    copy(0);
    return out;
  }

  /** The flat Tree whose node values are valueOf(positive weight, weight, node) of each node. */
  toTree(valueOf: (positive: number, weight: number, node: number) => number): Tree {
    const n = this.nodeCount;
    let words = 0;
    for (const c of this.codes) if (c !== null) words += c.length;
    const catBits = new Uint32Array(words);
    const catOffset = new Int32Array(n);
    const catWords = new Int32Array(n);
    const categorical = new Uint8Array(n);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const c = this.codes[i];
      if (c === null || c === undefined) continue;
      categorical[i] = 1;
      catOffset[i] = at;
      catWords[i] = c.length;
      catBits.set(c, at);
      at += c.length;
    }
    return new Tree({
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      missingLeft: Uint8Array.from(this.missingLeft),
      categorical,
      catOffset,
      catWords,
      catBits,
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.positive, (p, i) => valueOf(p, this.weight[i] as number, i)),
      cover: Float64Array.from(this.weight),
      gain: Float64Array.from(this.gain),
    });
  }
}
