/**
 * A multilayer perceptron for binary targets on the "linear" encoding (standardised numbers
 * with missing indicators, one-hot categories): ReLU hidden layers and one output unit, the
 * log-odds, trained with Adam on mini-batches, L2 and dropout, early stopping on a held-out
 * split (mlp-trainer.ts), all deterministic from the seed. Explanations are Shapley values by
 * input column (shapley-sampling.ts): exact up to 10 columns, else antithetic permutation
 * sampling with a standard error per value; base + Σ contributions = raw output exactly.
 */
import { LeadscoreError } from "../../core/errors.js";
import type { Labels, Matrix } from "../../core/matrix.js";
import { Rng } from "../../core/rng.js";
import { probaFromRaw, type Contributions, type Learner, type Scorer, type ScorerJSONBase } from "../../core/scorer.js";
import { finiteNumbers } from "../json-numbers.js";
import { checkScoringData, checkTrainingData } from "../training-data.js";
import { MLP_PARAMS, hiddenSizes, resolveMlpParams, type MlpParams } from "./mlp-params.js";
import { type EmbeddingLayout, collapse, embeddingLayout, tableStride } from "./embedding.js";
import { trainNetwork, type RowData, type TrainedEmbedding, type TrainingHistory } from "./mlp-trainer.js";
import { Network } from "./network.js";
import { shapleyValues } from "./shapley-sampling.js";
import { stratifiedHoldout } from "../stratified-holdout.js";

/** Input columns up to which Shapley values are computed exactly (2^10 coalitions). */
export const EXACT_SHAPLEY_COLUMNS = 10;

export interface MlpJSON extends ScorerJSONBase {
  readonly kind: "mlp";
  readonly version: 1;
  readonly params: MlpParams;
  /** Units per layer: inputs (after the embedding, when there is one), hidden layers, 1. */
  readonly sizes: number[];
  /** The embedding of categorical columns (embedding.ts), or null. */
  readonly embedding: EmbeddingJSON | null;
  /** Per layer, input-major: weights[l][i·out + j]. */
  readonly weights: number[][];
  readonly biases: number[][];
  /** Weighted training mean per feature: the reference point of explanations. */
  readonly reference: number[];
  /** Weighted training standard deviation per feature (scales importance). */
  readonly spread: number[];
  readonly training: TrainingHistory;
}

export interface EmbeddingJSON {
  /** Per input feature: its group (−1: passes through) and its slot (output position or table row). */
  readonly group: number[];
  readonly slot: number[];
  readonly groupOffset: number[];
  readonly groupSize: number[];
  /** Row k of the table (a grouped feature) at k·max(groupSize). */
  readonly table: number[];
}

export class MlpLearner implements Learner<MlpParams> {
  readonly kind = "mlp" as const;
  readonly params: Readonly<MlpParams>;

  /** `params`: any subset of MLP_PARAMS, as numbers/booleans or command-line strings. */
  constructor(params: Readonly<Record<string, string | number | boolean>> = {}) {
    const resolved = resolveMlpParams(params);
    if (!resolved.earlyStopping && "validationFraction" in params) {
      throw new LeadscoreError("usage", "Invalid neural network parameters: 'validationFraction' has no effect with 'earlyStopping' off.", { field: "param" });
    }
    this.params = Object.freeze(resolved);
  }

  fit(X: Matrix, y: Labels, weights?: Float64Array): MlpScorer {
    checkTrainingData("a neural network", X, y, weights);
    const rows = rowMajor(X, "fit");
    const F = X.columns.length;
    const w = weights ?? new Float64Array(X.rows).fill(1);
    const p = this.params;
    const rng = new Rng(p.seed);
    const split = p.earlyStopping ? stratifiedHoldout(y, p.validationFraction, rng.fork(7)) : null;
    const subset = (index: Int32Array | null): RowData => {
      if (index === null) return { x: rows, rows: X.rows, y, w };
      const x = new Float64Array(index.length * F);
      index.forEach((r, k) => x.set(rows.subarray(r * F, (r + 1) * F), k * F));
      return { x, rows: index.length, y: Uint8Array.from(index, (r) => y[r] as number), w: Float64Array.from(index, (r) => w[r] as number) };
    };
    const train = subset(split?.train ?? null);
    const valid = split === null ? null : subset(split.valid);
    const layout = p.embedding > 0 ? embeddingLayout(X.features, p.embedding) : null;
    const sizes = [layout?.outputs ?? F, ...hiddenSizes(p), 1];
    const { network, embedding, history } = trainNetwork(sizes, train, valid, p, rng.fork(8), layout);
    const { mean, sd } = weightedMoments(rows, X.rows, F, w);
    return new MlpScorer({ params: { ...p }, trained: network, embedding, reference: mean, spread: sd, history });
  }
}

export interface MlpFields {
  readonly params: MlpParams;
  /** The network as trained (on the embedded inputs, when there is an embedding). */
  readonly trained: Network;
  readonly embedding: TrainedEmbedding | null;
  readonly reference: Float64Array;
  readonly spread: Float64Array;
  readonly history: TrainingHistory;
}

/** A fitted network. Raw output = the output unit (log-odds). */
export class MlpScorer implements Scorer {
  readonly kind = "mlp" as const;
  readonly params: Readonly<MlpParams>;
  /** The network on the raw inputs (the embedding folded into its first layer): what scores and explains. */
  readonly network: Network;
  readonly history: TrainingHistory;
  private readonly trained: Network;
  private readonly embedding: TrainedEmbedding | null;
  private readonly reference: Float64Array;
  private readonly spread: Float64Array;

  constructor(fields: MlpFields) {
    this.params = Object.freeze({ ...fields.params });
    this.trained = fields.trained;
    this.embedding = fields.embedding;
    this.network = fields.embedding === null ? fields.trained : collapsed(fields.trained, fields.embedding);
    this.reference = fields.reference;
    this.spread = fields.spread;
    this.history = fields.history;
  }

  get features(): number {
    return this.network.sizes[0] as number;
  }

  predictRaw(X: Matrix): Float64Array {
    checkScoringData("neural-network", X, this.features);
    return this.network.predict(rowMajor(X, "score"), X.rows);
  }

  predictProba(X: Matrix): Float64Array {
    return probaFromRaw(this.predictRaw(X));
  }

  /** Shapley values by input column, shared evenly among the column's features (see shapley-sampling.ts). */
  explain(X: Matrix): Contributions {
    const { base, values } = this.explainWithErrors(X);
    return { base, rows: X.rows, features: this.features, values };
  }

  /**
   * `explain` plus, per row and input column (first-appearance order of FeatureInfo.source),
   * the standard error of the column's Shapley value: 0 when computed exactly (up to 10
   * columns), else the spread of the antithetic pair averages over √pairs.
   */
  explainWithErrors(X: Matrix): Contributions & { readonly columns: readonly string[]; readonly standardErrors: Float64Array; readonly exact: boolean } {
    checkScoringData("neural-network", X, this.features);
    rowMajor(X, "explain");
    const result = shapleyValues(this.network, X, this.reference, {
      samples: this.params.explainSamples,
      exactUpTo: EXACT_SHAPLEY_COLUMNS,
      seed: this.params.seed,
    });
    return { base: result.base, rows: X.rows, features: this.features, values: result.values, columns: result.columns, standardErrors: result.standardErrors, exact: result.exact };
  }

  /**
   * A rough guide: the feature's spread times the total |weight| leaving it in the first
   * layer. Permutation importance (from cross-validation) is the faithful measure.
   */
  featureImportance(): Float64Array {
    const F = this.features;
    const units = this.network.sizes[1] as number;
    const w = this.network.weights[0] as Float64Array;
    const out = new Float64Array(F);
    for (let i = 0; i < F; i++) {
      let sum = 0;
      for (let j = 0; j < units; j++) sum += Math.abs(w[i * units + j] as number);
      out[i] = sum * (this.spread[i] as number);
    }
    return out;
  }

  toJSON(): MlpJSON {
    const params = {} as Record<string, number | boolean>;
    for (const name of Object.keys(MLP_PARAMS)) params[name] = this.params[name as keyof MlpParams];
    return {
      kind: "mlp",
      version: 1,
      params: params as MlpParams,
      sizes: [...this.trained.sizes],
      embedding:
        this.embedding === null
          ? null
          : {
              group: Array.from(this.embedding.layout.group),
              slot: Array.from(this.embedding.layout.slot),
              groupOffset: Array.from(this.embedding.layout.groupOffset),
              groupSize: Array.from(this.embedding.layout.groupSize),
              table: Array.from(this.embedding.table),
            },
      weights: this.trained.weights.map((w) => Array.from(w)),
      biases: this.trained.biases.map((b) => Array.from(b)),
      reference: Array.from(this.reference),
      spread: Array.from(this.spread),
      training: { ...this.history },
    };
  }
}

/** Rebuilds a scorer from `MlpScorer.toJSON()`, refusing anything malformed. */
export function mlpFromJSON(json: unknown): MlpScorer {
  const fail = (problem: string): never => {
    throw new LeadscoreError("model", `Invalid neural-network model: ${problem}.`);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("not an object");
  const doc = json as Record<string, unknown>;
  if (doc["kind"] !== "mlp") fail(`kind is ${JSON.stringify(doc["kind"])}, expected "mlp"`);
  if (doc["version"] !== 1) fail(`version ${JSON.stringify(doc["version"])} is not supported (expected 1)`);
  const rawParams = doc["params"];
  if (typeof rawParams !== "object" || rawParams === null || Array.isArray(rawParams)) return fail("params is not an object");
  let params: MlpParams;
  try {
    params = resolveMlpParams(rawParams as Record<string, string | number | boolean>);
  } catch (error) {
    return fail(`params are invalid (${error instanceof Error ? error.message : String(error)})`);
  }
  const sizes = finiteNumbers(doc["sizes"], "sizes", fail);
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1) || sizes[sizes.length - 1] !== 1) {
    fail("sizes must be whole numbers of units per layer, ending with the single output");
  }
  const layers = sizes.length - 1;
  const weights = arrays(doc["weights"], "weights", layers, (l) => (sizes[l] as number) * (sizes[l + 1] as number), fail);
  const biases = arrays(doc["biases"], "biases", layers, (l) => sizes[l + 1] as number, fail);
  const reference = finiteNumbers(doc["reference"], "reference", fail);
  const spread = finiteNumbers(doc["spread"], "spread", fail);
  const embedding = parseEmbedding(doc["embedding"], reference.length, sizes[0] as number, fail);
  if (embedding === null && reference.length !== sizes[0]) fail("reference needs one value per input feature");
  if (spread.length !== reference.length) fail("spread needs one value per input feature");
  if (spread.some((v) => v < 0)) fail("spread must not be negative");
  const training = doc["training"];
  if (typeof training !== "object" || training === null) return fail("training is not an object");
  const { epochs, bestEpoch, bestLoss } = training as Record<string, unknown>;
  if (typeof epochs !== "number" || typeof bestEpoch !== "number" || typeof bestLoss !== "number") fail("training lacks epochs, bestEpoch or bestLoss");
  return new MlpScorer({
    params,
    trained: new Network(Array.from(sizes), weights, biases),
    embedding,
    reference,
    spread,
    history: { epochs: epochs as number, bestEpoch: bestEpoch as number, bestLoss: bestLoss as number },
  });
}

function arrays(value: unknown, name: string, count: number, length: (l: number) => number, fail: (problem: string) => never): Float64Array[] {
  if (!Array.isArray(value) || value.length !== count) return fail(`${name} does not have one array per layer`);
  return value.map((v: unknown, l) => {
    const out = finiteNumbers(v, `${name}[${l}]`, fail);
    if (out.length !== length(l)) fail(`${name}[${l}] has ${out.length} values, expected ${length(l)}`);
    return out;
  });
}

/** The network on raw inputs: the embedding folded into the first layer. */
function collapsed(trained: Network, embedding: TrainedEmbedding): Network {
  const units = trained.sizes[1] as number;
  const first = collapse(embedding.layout, embedding.table, trained.weights[0] as Float64Array, units);
  return new Network([embedding.layout.inputs, ...trained.sizes.slice(1)], [first, ...trained.weights.slice(1)], trained.biases);
}

function parseEmbedding(value: unknown, inputs: number, outputs: number, fail: (problem: string) => never): TrainedEmbedding | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object" || Array.isArray(value)) return fail("embedding is not an object");
  const e = value as Record<string, unknown>;
  const ints = (name: string): Int32Array => {
    const v = finiteNumbers(e[name], `embedding.${name}`, fail);
    if (v.some((x) => !Number.isInteger(x))) fail(`embedding.${name} holds a number that is not whole`);
    return Int32Array.from(v);
  };
  const group = ints("group");
  const slot = ints("slot");
  const groupOffset = ints("groupOffset");
  const groupSize = ints("groupSize");
  const table = finiteNumbers(e["table"], "embedding.table", fail);
  if (group.length !== inputs || slot.length !== inputs) fail("embedding.group and embedding.slot need one entry per input feature");
  if (groupOffset.length !== groupSize.length || groupSize.length === 0 || groupSize.some((s) => s < 1)) fail("embedding groups are malformed");
  let tableRows = 0;
  for (let i = 0; i < inputs; i++) {
    const g = group[i] as number;
    if (g >= groupSize.length || g < -1) fail(`embedding.group[${i}] names no group`);
    if (g >= 0) tableRows++;
  }
  const layout: EmbeddingLayout = { inputs, outputs, group, slot, groupOffset, groupSize, tableRows };
  const stride = tableStride(layout);
  if (table.length !== tableRows * stride) fail(`embedding.table has ${table.length} values, expected ${tableRows * stride}`);
  for (let i = 0; i < inputs; i++) {
    const g = group[i] as number;
    const s = slot[i] as number;
    if (g < 0 ? s < 0 || s >= outputs : s < 0 || s >= tableRows) fail(`embedding.slot[${i}] is out of range`);
  }
  groupOffset.forEach((o, g) => {
    if (o < 0 || o + (groupSize[g] as number) > outputs) fail(`embedding group ${g} lies outside the ${outputs} inputs of the first layer`);
  });
  return { layout, table };
}

/** X as rows stored one after another; every value must be finite (the linear encoding imputes). */
function rowMajor(X: Matrix, action: string): Float64Array {
  const F = X.columns.length;
  const out = new Float64Array(X.rows * F);
  for (let f = 0; f < F; f++) {
    const column = X.columns[f] as Float64Array;
    for (let r = 0; r < X.rows; r++) {
      const v = column[r] as number;
      if (!Number.isFinite(v)) {
        const feature = X.features[f];
        throw new LeadscoreError(
          "data",
          `Feature '${feature?.name ?? `#${f + 1}`}' is ${Number.isNaN(v) ? "missing (NaN)" : `infinite (${v})`} at row ${r + 1}; a neural network needs every value filled in to ${action} (impute it first).`,
          feature === undefined ? {} : { column: feature.source, field: feature.name },
        );
      }
      out[r * F + f] = v;
    }
  }
  return out;
}

function weightedMoments(x: Float64Array, rows: number, F: number, w: Float64Array): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(F);
  const sd = new Float64Array(F);
  let total = 0;
  for (let r = 0; r < rows; r++) total += w[r] as number;
  for (let r = 0; r < rows; r++) for (let f = 0; f < F; f++) mean[f] = (mean[f] as number) + (w[r] as number) * (x[r * F + f] as number);
  for (let f = 0; f < F; f++) mean[f] = (mean[f] as number) / total;
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < F; f++) sd[f] = (sd[f] as number) + (w[r] as number) * ((x[r * F + f] as number) - (mean[f] as number)) ** 2;
  }
  for (let f = 0; f < F; f++) sd[f] = Math.sqrt((sd[f] as number) / total);
  return { mean, sd };
}

