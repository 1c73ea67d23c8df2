/** An embedding table trained with the network (embedding.ts). */
export interface TrainedEmbedding {
  readonly layout: EmbeddingLayout;
  readonly table: Float64Array;
}

/**
 * Trains a Network (network.ts) by mini-batch back-propagation of the weighted log loss with
 * Adam (Kingma & Ba 2015: β1 0.9, β2 0.999, ε 1e-8), L2 on the weights as scikit-learn's
 * MLPClassifier applies it (alpha · W / batch rows added to the gradient), inverted dropout
 * on the hidden units, and early stopping: on a held-out split's log loss (the best epoch's
 * weights are kept), or without one on the training loss, as scikit-learn does. Every random
 * choice (initial weights, batch order, dropout, split) comes from the seed.
 */
import type { Labels } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";
import { type EmbeddingLayout, embed, embedBackward } from "./embedding.js";
import { Network } from "./network.js";

export interface TrainerOptions {
  readonly learningRate: number;
  readonly batchSize: number;
  readonly l2: number;
  readonly dropout: number;
  readonly epochs: number;
  readonly patience: number;
  readonly tol: number;
}

/** Rows stored one after another (rows × inputs), their labels and weights. */
export interface RowData {
  readonly x: Float64Array;
  readonly rows: number;
  readonly y: Labels;
  readonly w: Float64Array;
}

export interface TrainingHistory {
  /** Epochs run. */
  readonly epochs: number;
  /** The epoch whose weights were kept (1-based). */
  readonly bestEpoch: number;
  /** Its validation log loss (early stopping) or training loss. */
  readonly bestLoss: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export function trainNetwork(
  sizes: readonly number[],
  train: RowData,
  valid: RowData | null,
  options: TrainerOptions,
  rng: Rng,
  layout: EmbeddingLayout | null = null,
): { network: Network; embedding: TrainedEmbedding | null; history: TrainingHistory } {
  const network = Network.initial(sizes, rng.fork(1));
  const shuffleRng = rng.fork(2);
  const dropoutRng = rng.fork(3);
  // embedding rows start as Glorot-uniform rows of their group
  const tableWidth = layout === null ? 0 : Math.max(...layout.groupSize);
  const embeddingRng = rng.fork(4);
  const table = new Float64Array(layout === null ? 0 : layout.tableRows * tableWidth);
  if (layout !== null) {
    for (let i = 0; i < layout.inputs; i++) {
      const g = layout.group[i] as number;
      if (g < 0) continue;
      const bound = Math.sqrt(6 / (1 + (layout.groupSize[g] as number)));
      for (let d = 0; d < (layout.groupSize[g] as number); d++) table[(layout.slot[i] as number) * tableWidth + d] = (2 * embeddingRng.next() - 1) * bound;
    }
  }
  const rawInputs = layout === null ? (sizes[0] as number) : layout.inputs;
  const gradTable = new Float64Array(table.length);
  const mTable = new Float64Array(table.length);
  const vTable = new Float64Array(table.length);
  let bestTable = table.slice();
  const L = network.layers;
  const inputs = sizes[0] as number;
  const batch = Math.min(options.batchSize, train.rows);
  const activations = network.workspace(batch);
  const deltas = network.workspace(batch);
  const masks = network.workspace(batch);
  const gradW = network.weights.map((w) => new Float64Array(w.length));
  const gradB = network.biases.map((b) => new Float64Array(b.length));
  const mW = network.weights.map((w) => new Float64Array(w.length));
  const vW = network.weights.map((w) => new Float64Array(w.length));
  const mB = network.biases.map((b) => new Float64Array(b.length));
  const vB = network.biases.map((b) => new Float64Array(b.length));
  const input = new Float64Array(batch * inputs);
  const rawInput = layout === null ? input : new Float64Array(batch * rawInputs);
  const inputDelta = layout === null ? null : new Float64Array(batch * inputs);
  const validEmbedded = layout === null || valid === null ? null : new Float64Array(valid.rows * inputs);
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  const keep = 1 - options.dropout;

  let best = network.copy();
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let step = 0;
  let epoch = 0;
  let stale = 0;
  while (epoch < options.epochs) {
    epoch++;
    shuffleRng.shuffle(order);
    let lossSum = 0;
    let weightSum = 0;
    for (let start = 0; start < train.rows; start += batch) {
      const n = Math.min(batch, train.rows - start);
      for (let b = 0; b < n; b++) {
        const r = order[start + b] as number;
        rawInput.set(train.x.subarray(r * rawInputs, (r + 1) * rawInputs), b * rawInputs);
      }
      if (layout !== null) embed(layout, table, rawInput, n, input);
      // forward; with dropout, hidden units are switched off (and the rest scaled up) as it goes
      if (options.dropout > 0) dropoutForward(network, input, n, activations, masks, keep, dropoutRng);
      else network.forward(input, n, activations);
      // output delta: w·(p − y) / n
      const out = activations[L - 1] as Float64Array;
      const delta = deltas[L - 1] as Float64Array;
      for (let b = 0; b < n; b++) {
        const r = order[start + b] as number;
        const z = out[b] as number;
        const w = train.w[r] as number;
        const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        delta[b] = (w * (p - (train.y[r] as number))) / n;
        lossSum += w * (train.y[r] === 1 ? softplus(-z) : softplus(z));
        weightSum += w;
      }
      // backward
      for (let l = L - 1; l >= 0; l--) {
        const fanIn = sizes[l] as number;
        const units = sizes[l + 1] as number;
        const w = network.weights[l] as Float64Array;
        const gw = gradW[l] as Float64Array;
        const gb = gradB[l] as Float64Array;
        const d = deltas[l] as Float64Array;
        const a = l === 0 ? input : (activations[l - 1] as Float64Array);
        const decay = options.l2 / n;
        for (let k = 0; k < gw.length; k++) gw[k] = decay * (w[k] as number);
        gb.fill(0);
        for (let b = 0; b < n; b++) {
          const dRow = b * units;
          for (let j = 0; j < units; j++) gb[j] = (gb[j] as number) + (d[dRow + j] as number);
          const aRow = b * fanIn;
          for (let i = 0; i < fanIn; i++) {
            const ai = a[aRow + i] as number;
            if (ai === 0) continue;
            const row = i * units;
            for (let j = 0; j < units; j++) gw[row + j] = (gw[row + j] as number) + ai * (d[dRow + j] as number);
          }
        }
        if (l === 0) {
          if (layout !== null && inputDelta !== null) {
            // back into the embedding: ∂/∂input = d · Wᵀ, then onto the table rows used
            for (let b = 0; b < n; b++) {
              for (let i = 0; i < fanIn; i++) {
                const row = i * units;
                let sum = 0;
                for (let j = 0; j < units; j++) sum += (w[row + j] as number) * (d[b * units + j] as number);
                inputDelta[b * fanIn + i] = sum;
              }
            }
            for (let k = 0; k < table.length; k++) gradTable[k] = decay * (table[k] as number);
            embedBackward(layout, rawInput, n, inputDelta, gradTable);
          }
          break;
        }
        // delta of the layer below: (d · Wᵀ) ⊙ ReLU'(its output) ⊙ its dropout mask
        const below = deltas[l - 1] as Float64Array;
        const belowOut = activations[l - 1] as Float64Array;
        const mask = masks[l - 1] as Float64Array;
        for (let b = 0; b < n; b++) {
          const dRow = b * units;
          const bRow = b * fanIn;
          for (let i = 0; i < fanIn; i++) {
            if ((belowOut[bRow + i] as number) <= 0) {
              below[bRow + i] = 0;
              continue;
            }
            const row = i * units;
            let sum = 0;
            for (let j = 0; j < units; j++) sum += (w[row + j] as number) * (d[dRow + j] as number);
            below[bRow + i] = options.dropout > 0 ? sum * (mask[bRow + i] as number) : sum;
          }
        }
      }
      // Adam
      step++;
      const correction1 = 1 - BETA1 ** step;
      const correction2 = 1 - BETA2 ** step;
      const rate = (options.learningRate * Math.sqrt(correction2)) / correction1;
      for (let l = 0; l < L; l++) {
        adam(network.weights[l] as Float64Array, gradW[l] as Float64Array, mW[l] as Float64Array, vW[l] as Float64Array, rate);
        adam(network.biases[l] as Float64Array, gradB[l] as Float64Array, mB[l] as Float64Array, vB[l] as Float64Array, rate);
      }
      if (layout !== null) adam(table, gradTable, mTable, vTable, rate);
    }
    let loss: number;
    if (valid === null) loss = lossSum / Math.max(weightSum, 1e-300);
    else if (layout !== null && validEmbedded !== null) {
      embed(layout, table, valid.x, valid.rows, validEmbedded);
      loss = logLoss(network, { ...valid, x: validEmbedded });
    } else loss = logLoss(network, valid);
    if (!Number.isFinite(loss)) break;
    if (loss < bestLoss - options.tol) {
      stale = 0;
    } else {
      stale++;
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      bestEpoch = epoch;
      best = network.copy();
      bestTable = table.slice();
    }
    if (stale >= options.patience) break;
  }
  // without a validation split, the last weights are the model (scikit-learn's behaviour)
  const kept = valid === null ? network : best;
  const keptTable = valid === null ? table : bestTable;
  const history = { epochs: epoch, bestEpoch: valid === null ? epoch : bestEpoch, bestLoss };
  return { network: kept, embedding: layout === null ? null : { layout, table: keptTable }, history };
}

/** Re-runs the forward pass with inverted dropout masks on every hidden layer. */
function dropoutForward(
  network: Network,
  input: Float64Array,
  rows: number,
  activations: Float64Array[],
  masks: Float64Array[],
  keep: number,
  rng: Rng,
): void {
  const L = network.layers;
  let previous = input;
  for (let l = 0; l < L; l++) {
    const inputs = network.sizes[l] as number;
    const units = network.sizes[l + 1] as number;
    const w = network.weights[l] as Float64Array;
    const bias = network.biases[l] as Float64Array;
    const out = activations[l] as Float64Array;
    const mask = masks[l] as Float64Array;
    const hidden = l + 1 < L;
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
      if (!hidden) continue;
      for (let j = 0; j < units; j++) {
        const m = rng.next() < keep ? 1 / keep : 0;
        mask[o + j] = m;
        const v = out[o + j] as number;
        out[o + j] = v > 0 ? v * m : 0;
      }
    }
    previous = out;
  }
}

function adam(params: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array, rate: number): void {
  for (let k = 0; k < params.length; k++) {
    const g = grad[k] as number;
    const mk = BETA1 * (m[k] as number) + (1 - BETA1) * g;
    const vk = BETA2 * (v[k] as number) + (1 - BETA2) * g * g;
    m[k] = mk;
    v[k] = vk;
    params[k] = (params[k] as number) - (rate * mk) / (Math.sqrt(vk) + EPSILON);
  }
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Weighted mean log loss of the network on a data set. */
export function logLoss(network: Network, data: RowData): number {
  const raw = network.predict(data.x, data.rows);
  let sum = 0;
  let weight = 0;
  for (let r = 0; r < data.rows; r++) {
    const z = raw[r] as number;
    const w = data.w[r] as number;
    sum += w * (data.y[r] === 1 ? softplus(-z) : softplus(z));
    weight += w;
  }
  return sum / Math.max(weight, 1e-300);
}
