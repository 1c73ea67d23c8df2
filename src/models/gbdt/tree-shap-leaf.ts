/**
 * One leaf's share of path-dependent TreeSHAP values, as a function of which of its path
 * features the row follows: the row-independent part of Fast TreeSHAP v2 (Yang 2021), in our
 * own formulation.
 *
 * For a leaf with value v, let P be the d distinct features on its path. For j in P, z_j is the
 * product of cover(child)/cover(parent) over the path's edges on j, and o_j ∈ {0, 1} says
 * whether the row takes every one of those edges. The leaf contributes
 *   φ_i = v (o_i − z_i) Σ_{S ⊆ P∖{i}} w(|S|, d) Π_{j∈S} o_j Π_{j∈P∖S∖{i}} z_j,
 *   w(s, d) = s! (d − 1 − s)! / d!,
 * and only subsets S of the "hot" set H = {j : o_j = 1} survive. With
 *   U(A) = v Σ_{S ⊆ A} w(|S|, d) Π_{j∈P∖S} z_j      (A ⊊ P),
 * a path feature i gets
 *   i ∈ H:  φ_i = (1 − z_i)/z_i · U(H∖{i})        i ∉ H:  φ_i = −U(H),
 * so 2^d numbers describe the leaf for every row. U(A) is the integral (the Beta-function form
 * of Linear TreeSHAP, Yu et al. 2022)
 *   U(A) = v ∫_0^1 Π_{j∈A} (z_j + (1 − z_j) t) · Π_{j∈P∖A} z_j (1 − t) · (1 − t)^{−1} dt,
 * a polynomial of degree d − 1, which Gauss–Legendre quadrature with ⌈d/2⌉ nodes integrates
 * exactly; every term is positive, so nothing cancels.
 */
import { gaussLegendre } from "./tree-shap-quadrature.js";

export class LeafShares {
  /** Distinct features on the path, in the order first met from the root ("slots"). */
  readonly features: readonly number[];
  /** u[A] = U(A) for A a bitmask over the slots (u[2^d − 1] = 0: never needed). */
  private readonly u: Float64Array;
  /** (1 − z_i)/z_i per slot. */
  private readonly ratio: Float64Array;

  /** `z`: the fractions per slot, all > 0 (a zero cover is handled by the reference algorithm). */
  constructor(value: number, features: readonly number[], z: readonly number[]) {
    const d = z.length;
    this.features = features;
    this.ratio = Float64Array.from(z, (zi) => (1 - zi) / zi);
    const size = 1 << d;
    const u = new Float64Array(size);
    const products = new Float64Array(size);
    const { nodes, weights } = gaussLegendre(Math.max(1, Math.ceil(d / 2)));
    for (let k = 0; k < nodes.length; k++) {
      const t = nodes[k] as number;
      // products[A] = Π over slots of (slot in A ? hot factor : cold factor), one slot at a time
      products[0] = (value * (weights[k] as number)) / (1 - t);
      for (let s = 0; s < d; s++) {
        const zs = z[s] as number;
        const hot = zs + (1 - zs) * t;
        const cold = zs * (1 - t);
        const half = 1 << s;
        for (let a = 0; a < half; a++) {
          const p = products[a] as number;
          products[a + half] = p * hot;
          products[a] = p * cold;
        }
      }
      for (let a = 0; a < size - 1; a++) u[a] = (u[a] as number) + (products[a] as number);
    }
    this.u = u;
  }

  get slots(): number {
    return this.features.length;
  }

  /** The leaf's contribution to the feature of `slot` when the row follows exactly the slots in `hot`. */
  share(hot: number, slot: number): number {
    const bit = 1 << slot;
    return (hot & bit) !== 0 ? (this.ratio[slot] as number) * (this.u[hot ^ bit] as number) : -(this.u[hot] as number);
  }

  /** out[offset + hot · d + slot] = share(hot, slot) for every hot set and slot (d = slots). */
  allShares(out: Float64Array, offset: number): void {
    const d = this.features.length;
    const u = this.u;
    const ratio = this.ratio;
    for (let hot = 0, at = offset; hot < 1 << d; hot++) {
      const cold = -(u[hot] as number);
      for (let slot = 0; slot < d; slot++, at++) {
        const bit = 1 << slot;
        out[at] = (hot & bit) !== 0 ? (ratio[slot] as number) * (u[hot ^ bit] as number) : cold;
      }
    }
  }
}
