/**
 * Path-dependent TreeSHAP (the same values as gbdt/tree-shap.ts, Lundberg et al. 2018) leaf by
 * leaf, for trees with many leaves such as a random forest's, where the recursion of
 * Algorithm 2 costs too much per row.
 *
 * For a leaf with value v whose path splits on the distinct features P (d of them), let z_j be
 * the product of cover(child)/cover(parent) over the path's edges on feature j, and call j
 * "hot" (j ∈ H) when the row takes every one of those edges. The leaf adds to the Shapley
 * values (the Beta-integral form of Linear TreeSHAP, Yu et al. 2022, also used by
 * gbdt/tree-shap-plan.ts):
 *   j ∈ H:  φ_j += v (1 − z_j) ∫_0^1 F(t) / (z_j + (1 − z_j) t) dt
 *   j ∉ H:  φ_j −= v ∫_0^1 F(t) / (1 − t) dt
 * with F(t) = Π_{i∈H} (z_i + (1 − z_i) t) · Π_{i∈P∖H} z_i (1 − t). Both integrands are
 * polynomials of degree d − 1, which Gauss–Legendre quadrature with ⌈d/2⌉ nodes integrates
 * exactly, and every term is positive (no cancellation).
 *
 * Per tree, what does not depend on the row is computed once: each leaf's path features and
 * z's. Per row, one pass over the nodes in index order marks, as a bitmask of the tree's
 * features, the path features the row does not follow ("cold") down to every leaf. A row
 * then costs O(nodes + Σ_leaves d·⌈d/2⌉) per tree, against O(leaves · d²) plus the recursion
 * for Algorithm 2. Trees using more than 31 features, or with a child without cover (z = 0),
 * are left to Algorithm 2.
 */
import { gaussLegendre } from "../gbdt/tree-shap-quadrature.js";
import type { Tree } from "../gbdt/tree.js";

const MAX_LOCAL_FEATURES = 31;

export class LeafTreeShap {
  readonly tree: Tree;
  /** Whether the leaf-wise method applies; otherwise use the reference algorithm. */
  readonly usable: boolean;
  /** The tree's features as bits: local[f] = bit number of feature f at a split node. */
  private readonly nodeBit: Int32Array;
  private readonly leafNode: Int32Array;
  private readonly leafStart: Int32Array;
  private readonly leafDepth: Int32Array;
  /** Path slots of all leaves one after another: feature, its bit and z. */
  private readonly slotFeature: Int32Array;
  private readonly slotBit: Int32Array;
  private readonly slotZ: Float64Array;
  private readonly cold: Int32Array;
  private readonly accumulate: Float64Array;
  /** Quadrature nodes and weights for q = 1 .. ⌈maxDepth/2⌉ points, at [q]. */
  private readonly ruleNodes: Float64Array[];
  private readonly ruleWeights: Float64Array[];
  /** 1 / (1 − t_k) per rule. */
  private readonly ruleInverse: Float64Array[];
  /** Quadrature points of the deepest leaf. */
  private readonly maxPoints: number;

  constructor(tree: Tree) {
    this.tree = tree;
    const n = tree.nodeCount;
    const localOf = new Map<number, number>();
    this.nodeBit = new Int32Array(n);
    let usable = true;
    for (let i = 0; i < n; i++) {
      const f = tree.feature[i] as number;
      if (f < 0) continue;
      let local = localOf.get(f);
      if (local === undefined) {
        local = localOf.size;
        localOf.set(f, local);
      }
      this.nodeBit[i] = local < MAX_LOCAL_FEATURES ? 1 << local : 0;
      if (local >= MAX_LOCAL_FEATURES) usable = false;
      if (!((tree.cover[tree.left[i] as number] as number) > 0) || !((tree.cover[tree.right[i] as number] as number) > 0)) usable = false;
    }
    const leafNode: number[] = [];
    const leafStart: number[] = [];
    const leafDepth: number[] = [];
    const slotFeature: number[] = [];
    const slotBit: number[] = [];
    const slotZ: number[] = [];
    if (usable) {
      // depth-first, carrying the path's distinct features and their z's
      const features: number[] = [];
      const zs: number[] = [];
      const visit = (node: number): void => {
        const f = tree.feature[node] as number;
        if (f < 0) {
          leafNode.push(node);
          leafStart.push(slotFeature.length);
          leafDepth.push(features.length);
          for (let k = 0; k < features.length; k++) {
            slotFeature.push(features[k] as number);
            slotBit.push(1 << (localOf.get(features[k] as number) as number));
            slotZ.push(zs[k] as number);
          }
          return;
        }
        const cover = tree.cover[node] as number;
        for (const child of [tree.left[node] as number, tree.right[node] as number]) {
          const ratio = (tree.cover[child] as number) / cover;
          const at = features.indexOf(f);
          if (at >= 0) {
            const before = zs[at] as number;
            zs[at] = before * ratio;
            visit(child);
            zs[at] = before;
          } else {
            features.push(f);
            zs.push(ratio);
            visit(child);
            features.pop();
            zs.pop();
          }
        }
      };
      visit(0);
    }
    this.usable = usable;
    this.leafNode = Int32Array.from(leafNode);
    this.leafStart = Int32Array.from(leafStart);
    this.leafDepth = Int32Array.from(leafDepth);
    this.slotFeature = Int32Array.from(slotFeature);
    this.slotBit = Int32Array.from(slotBit);
    this.slotZ = Float64Array.from(slotZ);
    this.cold = new Int32Array(n);
    let maxDepth = 0;
    for (const d of leafDepth) if (d > maxDepth) maxDepth = d;
    const maxPoints = Math.ceil(maxDepth / 2);
    this.accumulate = new Float64Array(maxPoints + 1);
    this.maxPoints = maxPoints;
    this.ruleNodes = [new Float64Array(0)];
    this.ruleWeights = [new Float64Array(0)];
    this.ruleInverse = [new Float64Array(0)];
    for (let q = 1; q <= maxPoints; q++) {
      const rule = gaussLegendre(q);
      this.ruleNodes.push(rule.nodes);
      this.ruleWeights.push(rule.weights);
      this.ruleInverse.push(rule.nodes.map((t) => 1 / (1 - t)));
    }
  }

  /** Doubles of working memory `prepare` fills (the tables of every path slot). */
  get tableSize(): number {
    return this.slotZ.length * 3 * this.maxPoints;
  }

  /**
   * Fills `tables` with what every row of the next calls needs per path slot s and
   * quadrature point k (stride 3·maxPoints per slot): a = z + (1 − z)·t_k, b = z·(1 − t_k)
   * and 1/a, so that explaining a row multiplies and adds but never divides.
   */
  prepare(tables: Float64Array): void {
    const Q = this.maxPoints;
    for (let l = 0; l < this.leafNode.length; l++) {
      const d = this.leafDepth[l] as number;
      const q = (d + 1) >> 1;
      const t = this.ruleNodes[q] as Float64Array;
      const start = this.leafStart[l] as number;
      for (let s = start; s < start + d; s++) {
        const z = this.slotZ[s] as number;
        const at = s * 3 * Q;
        for (let k = 0; k < q; k++) {
          const a = z + (1 - z) * (t[k] as number);
          tables[at + k] = a;
          tables[at + Q + k] = z * (1 - (t[k] as number));
          tables[at + 2 * Q + k] = 1 / a;
        }
      }
    }
  }

  /**
   * phi[offset + f] += SHAP value of feature f for this tree, of the row whose feature f is
   * x[xOffset + f]; `tables` as filled by `prepare`.
   */
  explainRow(x: Float64Array, xOffset: number, phi: Float64Array, offset: number, tables: Float64Array): void {
    const tree = this.tree;
    const n = tree.nodeCount;
    const cold = this.cold;
    const nodeBit = this.nodeBit;
    cold[0] = 0;
    for (let i = 0; i < n; i++) {
      const f = tree.feature[i] as number;
      if (f < 0) continue;
      const left = tree.left[i] as number;
      const right = tree.right[i] as number;
      const mask = cold[i] as number;
      const bit = nodeBit[i] as number;
      if (tree.goesLeft(i, x[xOffset + f] as number)) {
        cold[left] = mask;
        cold[right] = mask | bit;
      } else {
        cold[left] = mask | bit;
        cold[right] = mask;
      }
    }
    const Q = this.maxPoints;
    const stride = 3 * Q;
    const slotFeature = this.slotFeature;
    const slotBit = this.slotBit;
    const slotZ = this.slotZ;
    const F = this.accumulate;
    for (let l = 0; l < this.leafNode.length; l++) {
      const d = this.leafDepth[l] as number;
      if (d === 0) continue;
      const node = this.leafNode[l] as number;
      const v = tree.value[node] as number;
      if (v === 0) continue;
      const mask = cold[node] as number;
      const start = this.leafStart[l] as number;
      const q = (d + 1) >> 1;
      const w = this.ruleWeights[q] as Float64Array;
      const inverse = this.ruleInverse[q] as Float64Array;
      // F(t_k) times the quadrature weight
      let anyCold = false;
      for (let k = 0; k < q; k++) F[k] = w[k] as number;
      for (let s = start; s < start + d; s++) {
        let at = s * stride;
        if ((mask & (slotBit[s] as number)) !== 0) {
          at += Q;
          anyCold = true;
        }
        for (let k = 0; k < q; k++) F[k] = (F[k] as number) * (tables[at + k] as number);
      }
      let coldShare = 0;
      if (anyCold) {
        for (let k = 0; k < q; k++) coldShare += (F[k] as number) * (inverse[k] as number);
        coldShare *= v;
      }
      for (let s = start; s < start + d; s++) {
        const at = offset + (slotFeature[s] as number);
        if ((mask & (slotBit[s] as number)) === 0) {
          const inv = s * stride + 2 * Q;
          let sum = 0;
          for (let k = 0; k < q; k++) sum += (F[k] as number) * (tables[inv + k] as number);
          phi[at] = (phi[at] as number) + v * (1 - (slotZ[s] as number)) * sum;
        } else {
          phi[at] = (phi[at] as number) - coldShare;
        }
      }
    }
  }
}
