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
import { trainNetwork, type RowData, type TrainingHistory } from "./mlp-trainer.js";
import { Network } from "./network.js";
import { shapleyValues } from "./shapley-sampling.js";

/** Input columns up to which Shapley values are computed exactly (2^10 coalitions). */
export const EXACT_SHAPLEY_COLUMNS = 10;

export interface MlpJSON extends ScorerJSONBase {
  readonly kind: "mlp";
  readonly version: 1;
  readonly params: MlpParams;
  /** Units per layer: inputs, hidden layers, 1. */
  readonly sizes: number[];
  /** Per layer, input-major: weights[l][i·out + j]. */
  readonly weights: number[][];
  readonly biases: number[][];
  /** Weighted training mean per feature: the reference point of explanations. */
  readonly reference: number[];
  /** Weighted training standard deviation per feature (scales importance). */
  readonly spread: number[];
  readonly training: TrainingHistory;
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
    const sizes = [F, ...hiddenSizes(p), 1];
    const { network, history } = trainNetwork(sizes, train, valid, p, rng.fork(8));
    const { mean, sd } = weightedMoments(rows, X.rows, F, w);
    return new MlpScorer({ params: { ...p }, network, reference: mean, spread: sd, history });
  }
}

export interface MlpFields {
  readonly params: MlpParams;
  readonly network: Network;
  readonly reference: Float64Array;
  readonly spread: Float64Array;
  readonly history: TrainingHistory;
}

/** A fitted network. Raw output = the output unit (log-odds). */
export class MlpScorer implements Scorer {
  readonly kind = "mlp" as const;
  readonly params: Readonly<MlpParams>;
  readonly network: Network;
  readonly history: TrainingHistory;
  private readonly reference: Float64Array;
  private readonly spread: Float64Array;

  constructor(fields: MlpFields) {
    this.params = Object.freeze({ ...fields.params });
    this.network = fields.network;
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
      sizes: [...this.network.sizes],
      weights: this.network.weights.map((w) => Array.from(w)),
      biases: this.network.biases.map((b) => Array.from(b)),
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
  if (reference.length !== sizes[0] || spread.length !== sizes[0]) fail("reference and spread need one value per input feature");
  if (spread.some((v) => v < 0)) fail("spread must not be negative");
  const training = doc["training"];
  if (typeof training !== "object" || training === null) return fail("training is not an object");
  const { epochs, bestEpoch, bestLoss } = training as Record<string, unknown>;
  if (typeof epochs !== "number" || typeof bestEpoch !== "number" || typeof bestLoss !== "number") fail("training lacks epochs, bestEpoch or bestLoss");
  return new MlpScorer({
    params,
    network: new Network(Array.from(sizes), weights, biases),
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

/** A stratified held-out share of the rows (each class shuffled by rng), or null when a class would vanish. */
function stratifiedHoldout(y: Labels, fraction: number, rng: Rng): { train: Int32Array; valid: Int32Array } | null {
  const isValid = new Uint8Array(y.length);
  let validCount = 0;
  for (const cls of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) members.push(i);
    const take = Math.round(members.length * fraction);
    if (members.length > 0 && take >= members.length) return null;
    rng.shuffle(members);
    for (let k = 0; k < take; k++) isValid[members[k] as number] = 1;
    validCount += take;
  }
  if (validCount === 0) return null;
  const train = new Int32Array(y.length - validCount);
  const valid = new Int32Array(validCount);
  let t = 0;
  let v = 0;
  for (let i = 0; i < y.length; i++) {
    if (isValid[i] === 1) valid[v++] = i;
    else train[t++] = i;
  }
  return { train, valid };
}
