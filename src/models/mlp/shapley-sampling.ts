/**
 * Shapley values of a network's log-odds by input column ("baseline Shapley", Sundararajan &
 * Najmi 2020): the players are the input columns — every feature with the same
 * FeatureInfo.source moves together, so a one-hot column is never half switched — and a
 * coalition S is scored as the network's output on the row with the columns outside S set to
 * the reference point (the training mean of every feature). So base = f(reference) and, per
 * row, base + Σ_columns φ = f(row).
 *
 * - Up to `exactUpTo` columns: exact, from the 2^M coalitions.
 * - Above: permutation sampling (Castro et al. 2009) with antithetic pairs (each permutation
 *   and its reverse, Mitchell et al. 2022). Walking one permutation switches the columns to
 *   the row's values one by one; the output changes are the columns' marginal contributions,
 *   and they telescope to f(row) − f(reference), so every sample is exactly additive. The
 *   estimate is unbiased; its standard error per column is the spread of the pair averages
 *   over √pairs (returned with the values).
 *
 * A column's value is shared evenly among its features (contributions are per feature, and
 * explanations are summed back per column later). Summing the marginal contributions leaves
 * a rounding residual (≈1e-15), which is shared out evenly too, so base + Σ = raw holds to
 * the last bits.
 */
import type { Matrix } from "../../core/matrix.js";
import { Rng } from "../../core/rng.js";
import type { Network } from "./network.js";

export interface ShapleyOptions {
  /** Permutations per row (rounded up to an even number: antithetic pairs). */
  readonly samples: number;
  /** At most this many columns are computed exactly. */
  readonly exactUpTo: number;
  readonly seed: number;
}

export interface ShapleyResult {
  readonly base: number;
  /** values[r·F + f], per feature. */
  readonly values: Float64Array;
  /** standardErrors[r·M + c], per column (0 when exact), in columns' first-appearance order. */
  readonly standardErrors: Float64Array;
  readonly columns: readonly string[];
  readonly exact: boolean;
}

export function shapleyValues(network: Network, X: Matrix, reference: Float64Array, options: ShapleyOptions): ShapleyResult {
  const F = X.columns.length;
  const columns: string[] = [];
  const groupOf = new Int32Array(F);
  X.features.forEach((feature, f) => {
    let g = columns.indexOf(feature.source);
    if (g < 0) {
      g = columns.length;
      columns.push(feature.source);
    }
    groupOf[f] = g;
  });
  const M = columns.length;
  const members: number[][] = columns.map(() => []);
  for (let f = 0; f < F; f++) (members[groupOf[f] as number] as number[]).push(f);
  const base = network.predict(reference, 1)[0] as number;
  const values = new Float64Array(X.rows * F);
  const standardErrors = new Float64Array(X.rows * M);
  const exact = M <= options.exactUpTo;
  const row = new Float64Array(F);
  const phi = new Float64Array(M);
  const se = new Float64Array(M);
  const raw = network.predict(rowMajor(X), X.rows);
  const estimator = exact ? new ExactShapley(network, members, reference) : new PermutationShapley(network, members, reference, options);
  for (let r = 0; r < X.rows; r++) {
    for (let f = 0; f < F; f++) row[f] = (X.columns[f] as Float64Array)[r] as number;
    estimator.explain(row, phi, se);
    let total = 0;
    for (let g = 0; g < M; g++) {
      const share = (phi[g] as number) / (members[g] as number[]).length;
      for (const f of members[g] as number[]) values[r * F + f] = share;
      standardErrors[r * M + g] = se[g] as number;
    }
    for (let f = 0; f < F; f++) total += values[r * F + f] as number;
    const residual = ((raw[r] as number) - base - total) / F;
    if (residual !== 0) for (let f = 0; f < F; f++) values[r * F + f] = (values[r * F + f] as number) + residual;
  }
  return { base, values, standardErrors, columns, exact };
}

function rowMajor(X: Matrix): Float64Array {
  const F = X.columns.length;
  const out = new Float64Array(X.rows * F);
  for (let f = 0; f < F; f++) {
    const column = X.columns[f] as Float64Array;
    for (let r = 0; r < X.rows; r++) out[r * F + f] = column[r] as number;
  }
  return out;
}

interface Estimator {
  /** phi[g] = Shapley value of column g for the row; se[g] its standard error. */
  explain(row: Float64Array, phi: Float64Array, se: Float64Array): void;
}

/** All 2^M coalitions in one batch, weighted |S|!(M−|S|−1)!/M!. */
class ExactShapley implements Estimator {
  private readonly network: Network;
  private readonly members: readonly number[][];
  private readonly reference: Float64Array;
  private readonly batch: Float64Array;
  private readonly activations: Float64Array[];
  private readonly weight: Float64Array;

  constructor(network: Network, members: readonly number[][], reference: Float64Array) {
    this.network = network;
    this.members = members;
    this.reference = reference;
    const M = members.length;
    const coalitions = 1 << M;
    this.batch = new Float64Array(coalitions * reference.length);
    this.activations = network.workspace(coalitions);
    // weight[s] for a coalition of size s not holding the column
    this.weight = new Float64Array(M);
    for (let s = 0; s < M; s++) this.weight[s] = 1 / (M * binomial(M - 1, s));
  }

  explain(row: Float64Array, phi: Float64Array, se: Float64Array): void {
    const F = this.reference.length;
    const M = this.members.length;
    const coalitions = 1 << M;
    for (let mask = 0; mask < coalitions; mask++) {
      this.batch.set(this.reference, mask * F);
      for (let g = 0; g < M; g++) {
        if ((mask & (1 << g)) === 0) continue;
        for (const f of this.members[g] as number[]) this.batch[mask * F + f] = row[f] as number;
      }
    }
    this.network.forward(this.batch, coalitions, this.activations);
    const out = this.activations[this.activations.length - 1] as Float64Array;
    phi.fill(0);
    se.fill(0);
    for (let mask = 0; mask < coalitions; mask++) {
      const size = popcount(mask);
      for (let g = 0; g < M; g++) {
        if ((mask & (1 << g)) !== 0) continue;
        phi[g] = (phi[g] as number) + (this.weight[size] as number) * ((out[mask | (1 << g)] as number) - (out[mask] as number));
      }
    }
  }
}

/**
 * Antithetic permutation sampling; the same seeded permutations for every row. Consecutive
 * rows of a walk differ in one column, so the first layer is updated rather than recomputed:
 * its pre-activation at the reference is computed once, each column's change for the row once
 * per row, and a walk step adds one of those changes (64 units) instead of multiplying a
 * whole row by the first weight matrix.
 */
class PermutationShapley implements Estimator {
  private readonly network: Network;
  private readonly members: readonly number[][];
  private readonly reference: Float64Array;
  private readonly permutations: Int32Array[];
  /** First-layer outputs (after ReLU) of every walk step, rows one after another. */
  private readonly hidden: Float64Array;
  private readonly activations: Float64Array[];
  private readonly pairMean: Float64Array;
  /** First-layer pre-activation at the reference. */
  private readonly start: Float64Array;
  /** Per column: the change of the first-layer pre-activation when it takes the row's values. */
  private readonly change: Float64Array;
  private readonly current: Float64Array;

  constructor(network: Network, members: readonly number[][], reference: Float64Array, options: ShapleyOptions) {
    this.network = network;
    this.members = members;
    this.reference = reference;
    const M = members.length;
    const pairs = Math.max(1, Math.ceil(options.samples / 2));
    const rng = new Rng(options.seed);
    this.permutations = [];
    for (let p = 0; p < pairs; p++) {
      const order = rng.shuffle(Int32Array.from({ length: M }, (_, g) => g));
      this.permutations.push(order, order.slice().reverse());
    }
    const units = network.sizes[1] as number;
    const rows = this.permutations.length * (M + 1);
    this.hidden = new Float64Array(rows * units);
    this.activations = network.workspace(rows);
    this.pairMean = new Float64Array(pairs * M);
    const w = network.weights[0] as Float64Array;
    this.start = Float64Array.from(network.biases[0] as Float64Array);
    for (let i = 0; i < reference.length; i++) {
      const a = reference[i] as number;
      if (a === 0) continue;
      for (let j = 0; j < units; j++) this.start[j] = (this.start[j] as number) + a * (w[i * units + j] as number);
    }
    this.change = new Float64Array(M * units);
    this.current = new Float64Array(units);
  }

  explain(row: Float64Array, phi: Float64Array, se: Float64Array): void {
    const network = this.network;
    const M = this.members.length;
    const units = network.sizes[1] as number;
    const w = network.weights[0] as Float64Array;
    const single = network.layers === 1;
    this.change.fill(0);
    for (let g = 0; g < M; g++) {
      for (const f of this.members[g] as number[]) {
        const d = (row[f] as number) - (this.reference[f] as number);
        if (d === 0) continue;
        for (let j = 0; j < units; j++) this.change[g * units + j] = (this.change[g * units + j] as number) + d * (w[f * units + j] as number);
      }
    }
    const walks = this.permutations.length;
    const hidden = this.hidden;
    const current = this.current;
    for (let p = 0; p < walks; p++) {
      const order = this.permutations[p] as Int32Array;
      current.set(this.start);
      for (let k = 0; k <= M; k++) {
        if (k > 0) {
          const g = order[k - 1] as number;
          for (let j = 0; j < units; j++) current[j] = (current[j] as number) + (this.change[g * units + j] as number);
        }
        const at = (p * (M + 1) + k) * units;
        // a hidden layer applies ReLU; a network without hidden layers outputs the log-odds
        for (let j = 0; j < units; j++) hidden[at + j] = single || (current[j] as number) > 0 ? (current[j] as number) : 0;
      }
    }
    const out = single ? hidden : this.finish(walks * (M + 1));
    const pairs = walks / 2;
    this.pairMean.fill(0);
    for (let p = 0; p < walks; p++) {
      const order = this.permutations[p] as Int32Array;
      const first = p * (M + 1);
      const pair = p >> 1;
      for (let k = 0; k < M; k++) {
        const g = order[k] as number;
        const marginal = (out[first + k + 1] as number) - (out[first + k] as number);
        this.pairMean[pair * M + g] = (this.pairMean[pair * M + g] as number) + marginal / 2;
      }
    }
    for (let g = 0; g < M; g++) {
      let mean = 0;
      for (let q = 0; q < pairs; q++) mean += this.pairMean[q * M + g] as number;
      mean /= pairs;
      let squares = 0;
      for (let q = 0; q < pairs; q++) squares += ((this.pairMean[q * M + g] as number) - mean) ** 2;
      phi[g] = mean;
      se[g] = Math.sqrt(squares / (pairs - 1) / pairs);
    }
  }

  /** The log-odds of every walk step, from the first layer's outputs. */
  private finish(rows: number): Float64Array {
    this.network.forward(this.hidden, rows, this.activations, 1);
    return this.activations[this.activations.length - 1] as Float64Array;
  }
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

function binomial(n: number, k: number): number {
  let out = 1;
  for (let i = 1; i <= k; i++) out = (out * (n - i + 1)) / i;
  return out;
}
