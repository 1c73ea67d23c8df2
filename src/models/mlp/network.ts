/**
 * A feed-forward network on typed arrays: dense layers with ReLU between them and one linear
 * output unit, the log-odds. Layer l maps sizes[l] inputs to sizes[l+1] units with weights
 * stored input-major (weights[l][i·out + j]) and one bias per unit. Rows are processed in
 * blocks stored row after row, and a zero input (most one-hot entries) costs nothing.
 */
import type { Rng } from "../../core/rng.js";

/** Rows scored together: a block's activations stay in cache. */
export const FORWARD_BLOCK_ROWS = 256;

export class Network {
  /** Units per layer, inputs first, the single output last. */
  readonly sizes: readonly number[];
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];

  constructor(sizes: readonly number[], weights: Float64Array[], biases: Float64Array[]) {
    this.sizes = sizes;
    this.weights = weights;
    this.biases = biases;
  }

  /**
   * Glorot-uniform weights and biases in ±√(6 / (in + out)), as scikit-learn initialises a
   * ReLU network.
   */
  static initial(sizes: readonly number[], rng: Rng): Network {
    const weights: Float64Array[] = [];
    const biases: Float64Array[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l] as number;
      const fanOut = sizes[l + 1] as number;
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      weights.push(Float64Array.from({ length: fanIn * fanOut }, () => (2 * rng.next() - 1) * bound));
      biases.push(Float64Array.from({ length: fanOut }, () => (2 * rng.next() - 1) * bound));
    }
    return new Network(sizes, weights, biases);
  }

  get layers(): number {
    return this.weights.length;
  }

  copy(): Network {
    return new Network(
      this.sizes,
      this.weights.map((w) => w.slice()),
      this.biases.map((b) => b.slice()),
    );
  }

  /** Buffers for `rows` rows of every layer's output. */
  workspace(rows: number): Float64Array[] {
    return this.sizes.slice(1).map((units) => new Float64Array(rows * units));
  }

  /**
   * Runs `rows` rows (input[r·inputs + i]) through the network; activations[l] receives layer
   * l's outputs (after ReLU, except the last, which holds the log-odds). With `from` > 0,
   * `input` holds the outputs of layer from − 1 and the layers before are skipped.
   */
  forward(input: Float64Array, rows: number, activations: Float64Array[], from = 0): void {
    let previous = input;
    for (let l = from; l < this.layers; l++) {
      const inputs = this.sizes[l] as number;
      const units = this.sizes[l + 1] as number;
      const w = this.weights[l] as Float64Array;
      const bias = this.biases[l] as Float64Array;
      const out = activations[l] as Float64Array;
      const hidden = l + 1 < this.layers;
      for (let r = 0; r < rows; r++) {
        const o = r * units;
        for (let j = 0; j < units; j++) out[o + j] = bias[j] as number;
        const p = r * inputs;
        for (let i = 0; i < inputs; i++) {
          const a = previous[p + i] as number;
          if (a === 0) continue;
          const row = i * units;
          for (let j = 0; j < units; j++) out[o + j] = (out[o + j] as number) + a * (w[row + j] as number);
        }
        if (hidden) for (let j = 0; j < units; j++) if ((out[o + j] as number) < 0) out[o + j] = 0;
      }
      previous = out;
    }
  }

  /** The log-odds of `rows` rows stored one after another in `input`. */
  predict(input: Float64Array, rows: number): Float64Array {
    const inputs = this.sizes[0] as number;
    const out = new Float64Array(rows);
    const block = Math.min(rows, FORWARD_BLOCK_ROWS);
    const activations = this.workspace(block);
    const last = activations[activations.length - 1] as Float64Array;
    for (let start = 0; start < rows; start += block) {
      const n = Math.min(block, rows - start);
      this.forward(input.subarray(start * inputs, (start + n) * inputs), n, activations);
      out.set(last.subarray(0, n), start);
    }
    return out;
  }
}
