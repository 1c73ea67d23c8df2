/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized
 * Feature Attribution for Tree Ensembles", Algorithm 2), in O(leaves · depth²) per tree and
 * row, written from the paper's pseudo-code.
 *
 * The value of a feature subset S is E[f(x) | x_S] where features outside S are integrated out
 * by the tree's own covers: at a node splitting on an unknown feature both children are
 * followed, weighted by cover(child) / cover(node). The attributions satisfy
 *   Σ_f φ_f = f(x) − E[f(x)],  with E[f(x)] = Tree.expectedValue().
 *
 * The path of unique features met on the way down is held in typed arrays: each recursion
 * level copies its parent's path into the next segment of one buffer, so a whole explanation
 * allocates only that buffer (sized for the deepest tree).
 */
import type { Tree } from "./tree.js";

export class TreeShapWorkspace {
  // path element k: feature d, "zero" fraction z (share of cover flowing here when the
  // feature is unknown), "one" fraction o (1 if x goes this way), permutation weight w
  private readonly d: Int32Array;
  private readonly z: Float64Array;
  private readonly o: Float64Array;
  private readonly w: Float64Array;
  /** reciprocal[k] = 1 / k: the inner loops divide by small integers. */
  private readonly reciprocal: Float64Array;

  /**
   * `maxDepth`: edges on the longest root-to-leaf path of any tree to be explained;
   * `features`: how many features the trees use. A path holds at most min(depth, features) + 1
   * elements (a feature met again is unwound first), and each level keeps one path.
   */
  constructor(maxDepth: number, features: number) {
    const size = (maxDepth + 2) * (Math.min(maxDepth, features) + 2);
    this.d = new Int32Array(size);
    this.z = new Float64Array(size);
    this.o = new Float64Array(size);
    this.w = new Float64Array(size);
    this.reciprocal = new Float64Array(maxDepth + 3).map((_, k) => 1 / k);
  }

  /**
   * phi[offset + f] += SHAP value of feature f, for one tree, of the row whose feature f is
   * x[xOffset + f] (rows stored one after another).
   */
  explainRow(tree: Tree, x: Float64Array, xOffset: number, phi: Float64Array, offset: number): void {
    this.recurse(tree, x, xOffset, phi, offset, 0, 0, 0, 1, 1, -1);
  }

  /**
   * Visits `node`, whose path (length `length`) starts at `base`, arriving with zero fraction
   * pz, one fraction po, through a split on feature pi (-1 at the root).
   */
  private recurse(
    tree: Tree,
    x: Float64Array,
    xOffset: number,
    phi: Float64Array,
    offset: number,
    node: number,
    base: number,
    length: number,
    pz: number,
    po: number,
    pi: number,
  ): void {
    this.extend(base, length, pz, po, pi);
    let len = length + 1;
    const split = tree.feature[node] as number;
    if (split < 0) {
      const v = tree.value[node] as number;
      for (let i = 1; i < len; i++) {
        const k = base + i;
        const weight = this.unwoundSum(base, len, i);
        const f = this.d[k] as number;
        phi[offset + f] = (phi[offset + f] as number) + weight * ((this.o[k] as number) - (this.z[k] as number)) * v;
      }
      return;
    }
    const value = x[xOffset + split] as number;
    const left = tree.left[node] as number;
    const right = tree.right[node] as number;
    const hot = tree.goesLeft(node, value) ? left : right;
    const cold = hot === left ? right : left;
    // a feature met before on this path: undo its earlier entry and carry its fractions on
    let iz = 1;
    let io = 1;
    for (let i = 1; i < len; i++) {
      if (this.d[base + i] === split) {
        iz = this.z[base + i] as number;
        io = this.o[base + i] as number;
        this.unwind(base, len, i);
        len--;
        break;
      }
    }
    const cover = tree.cover[node] as number;
    const next = base + len;
    const hotZ = (iz * (tree.cover[hot] as number)) / cover;
    const coldZ = (iz * (tree.cover[cold] as number)) / cover;
    // A child with both fractions zero (no cover, not taken by the row) makes every subset's
    // value of its leaves zero: it contributes nothing, and its weights would divide 0 by 0.
    if (hotZ !== 0 || io !== 0) {
      this.copyPath(base, next, len);
      this.recurse(tree, x, xOffset, phi, offset, hot, next, len, hotZ, io, split);
    }
    if (coldZ !== 0) {
      this.copyPath(base, next, len);
      this.recurse(tree, x, xOffset, phi, offset, cold, next, len, coldZ, 0, split);
    }
  }

  private copyPath(from: number, to: number, length: number): void {
    // plain loops: paths are short, and copyWithin's fixed cost dominates at this size
    const d = this.d;
    const z = this.z;
    const o = this.o;
    const w = this.w;
    for (let k = 0; k < length; k++) {
      d[to + k] = d[from + k] as number;
      z[to + k] = z[from + k] as number;
      o[to + k] = o[from + k] as number;
      w[to + k] = w[from + k] as number;
    }
  }

  /** Appends (pi, pz, po) to the path of length `l` and updates the permutation weights. */
  private extend(base: number, l: number, pz: number, po: number, pi: number): void {
    const w = this.w;
    const inv = this.reciprocal[l + 1] as number;
    this.d[base + l] = pi;
    this.z[base + l] = pz;
    this.o[base + l] = po;
    w[base + l] = l === 0 ? 1 : 0;
    for (let k = l - 1; k >= 0; k--) {
      const wk = w[base + k] as number;
      w[base + k + 1] = (w[base + k + 1] as number) + po * wk * (k + 1) * inv;
      w[base + k] = pz * wk * (l - k) * inv;
    }
  }

  /** Removes element q from the path of length `l` (the inverse of extend). */
  private unwind(base: number, l: number, q: number): void {
    const w = this.w;
    const inv = this.reciprocal;
    const o = this.o[base + q] as number;
    const z = this.z[base + q] as number;
    if (o !== 0) {
      const lOverO = l / o;
      const zOverL = z / l;
      let n = w[base + l - 1] as number;
      for (let k = l - 2; k >= 0; k--) {
        const t = w[base + k] as number;
        const wk = n * lOverO * (inv[k + 1] as number);
        w[base + k] = wk;
        n = t - wk * zOverL * (l - k - 1);
      }
    } else {
      const lOverZ = l / z;
      for (let k = l - 2; k >= 0; k--) w[base + k] = (w[base + k] as number) * lOverZ * (inv[l - k - 1] as number);
    }
    for (let k = q; k < l - 1; k++) {
      this.d[base + k] = this.d[base + k + 1] as number;
      this.z[base + k] = this.z[base + k + 1] as number;
      this.o[base + k] = this.o[base + k + 1] as number;
    }
  }

  /** Σ of the weights the path would have after unwinding element q, without changing it. */
  private unwoundSum(base: number, l: number, q: number): number {
    const w = this.w;
    const inv = this.reciprocal;
    const o = this.o[base + q] as number;
    const z = this.z[base + q] as number;
    let total = 0;
    if (o !== 0) {
      const lOverO = l / o;
      const zOverL = z / l;
      let n = w[base + l - 1] as number;
      for (let k = l - 2; k >= 0; k--) {
        const t = n * lOverO * (inv[k + 1] as number);
        total += t;
        n = (w[base + k] as number) - t * zOverL * (l - k - 1);
      }
    } else {
      const lOverZ = l / z;
      for (let k = l - 2; k >= 0; k--) total += (w[base + k] as number) * (inv[l - k - 1] as number);
      total *= lOverZ;
    }
    return total;
  }
}
