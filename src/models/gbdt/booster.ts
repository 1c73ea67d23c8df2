/**
 * Gradient boosting of histogram trees for binary targets: the orchestration only (after
 * scikit-learn's `gradient_boosting.py`); binning, histograms, splits, growth, loss and
 * TreeSHAP live in their own modules.
 *
 * Each round fits one tree to the gradients/hessians of the log loss at the current scores
 * (Newton boosting), on a seeded sample of rows (`rowSample`) and features (`colSample`).
 * With `earlyStopping`, a stratified `validationFraction` of the rows, chosen with the seed,
 * is held out (bins are learned without it); training stops once its log loss has not
 * improved by 1e-7 for `patience` rounds, and the trees of the best round are kept (possibly
 * none, when no tree ever helped). Early stopping is skipped when the split would leave a
 * class without training rows or the validation part empty.
 */
import { LeadscoreError } from "../../core/errors.js";
import { takeLabels, takeRows, takeWeights, type Labels, type Matrix } from "../../core/matrix.js";
import { Rng } from "../../core/rng.js";
import {
  probaFromRaw,
  type Contributions,
  type Learner,
  type Scorer,
  type ScorerJSONBase,
} from "../../core/scorer.js";
import { BinMapper, sampleRows } from "./bin-mapper.js";
import { TreeGrower } from "./grower.js";
import { binaryLogLoss } from "./loss.js";
import { resolveMonotone } from "./monotone.js";
import { FlatPredictor } from "./predictor.js";
import {
  EARLY_STOPPING_TOLERANCE,
  checkGbdtParamConflicts,
  resolveGbdtParams,
  type GbdtParamInput,
  type GbdtParams,
} from "./params.js";
import { Tree, treeFromJSON, type TreeJSON } from "./tree.js";
import { type TreeShapOptions, treeShapValues } from "./tree-shap-explain.js";
import { stratifiedHoldout } from "../stratified-holdout.js";

const PREDICT_BLOCK_ROWS = 256;

/** How early stopping went, when it ran. */
export interface GbdtStopping {
  /** Rounds trained before stopping. */
  readonly iterations: number;
  /** Rounds kept: the best validation log loss was reached after this many trees. */
  readonly bestIteration: number;
  readonly bestValidationLogLoss: number;
}

export interface GbdtJSON extends ScorerJSONBase {
  readonly kind: "gbdt";
  readonly version: 1;
  readonly params: GbdtParams;
  /** Raw score (log-odds) before any tree: the log-odds of the weighted positive rate. */
  readonly initScore: number;
  /** Number of input features (columns of the matrix the model scores). */
  readonly features: number;
  readonly stopping: GbdtStopping | null;
  /** Leaf values already include the learning rate. */
  readonly trees: TreeJSON[];
}

/** Fits gradient-boosted trees; see GBDT_PARAMS for the parameters and their defaults. */
export class GbdtLearner implements Learner<GbdtParams> {
  readonly kind = "gbdt" as const;
  readonly params: Readonly<GbdtParams>;

  /** `params`: any subset of GBDT_PARAMS, as numbers/booleans or command-line strings. */
  constructor(params: GbdtParamInput = {}) {
    const resolved = resolveGbdtParams(params);
    checkGbdtParamConflicts(params, resolved);
    this.params = Object.freeze(resolved);
  }

  fit(X: Matrix, y: Labels, weights?: Float64Array): GbdtScorer {
    checkTrainingData(X, y, weights);
    const p = this.params;
    const monotone = resolveMonotone(p.monotone, X.features);
    const rng = new Rng(p.seed);
    const validationRng = rng.fork(1);
    const binningRng = rng.fork(2);
    const rowRng = rng.fork(3);
    const colRng = rng.fork(4);
    const classWeighted = p.scalePosWeight === 1 ? (weights ?? null) : positiveWeighted(y, weights ?? null, p.scalePosWeight);

    let trainX = X;
    let trainY = y;
    let trainW: Float64Array | null = classWeighted;
    let valid: { X: Matrix; y: Labels; w: Float64Array | null } | null = null;
    if (p.earlyStopping) {
      const holdout = stratifiedHoldout(y, p.validationFraction, validationRng);
      const split = holdout && { train: Uint32Array.from(holdout.train), valid: Uint32Array.from(holdout.valid) };
      if (split !== null) {
        valid = {
          X: takeRows(X, split.valid),
          y: takeLabels(y, split.valid),
          w: classWeighted === null ? null : takeWeights(classWeighted, split.valid),
        };
        trainX = takeRows(X, split.train);
        trainY = takeLabels(y, split.train);
        trainW = classWeighted === null ? null : takeWeights(classWeighted, split.train);
      }
    }

    const n = trainX.rows;
    const mapper = BinMapper.fit(trainX, p.maxBins, binningRng);
    const grower = new TreeGrower(mapper, null, n, { ...p, monotone, weighted: trainW !== null });
    try {
      const shared = grower.buffers;
      mapper.transformInto(trainX, shared.columns);
      grower.interleaveBins();
      shared.labels.set(trainY);
      if (trainW !== null) shared.weights.set(trainW);
      const eligible = splittableFeatures(shared.columns, mapper.features, n);
      const loss = binaryLogLoss;
      const initScore = loss.initScore(trainY, trainW);
      const raw = shared.raw;
      raw.fill(initScore);

      const validBinned = valid === null ? null : mapper.transform(valid.X);
      const validRaw = valid === null ? null : new Float64Array(valid.X.rows).fill(initScore);
      let bestLoss = valid === null || validRaw === null ? Infinity : loss.value(valid.y, validRaw, valid.w);
      let bestIteration = 0;

      const sampleSize = Math.max(1, Math.round(n * p.rowSample));
      const sampled = sampleSize < n;
      const outOfSample = sampled ? new Uint32Array(n - sampleSize) : null;
      const activeCount = Math.max(1, Math.round(eligible.length * p.colSample));
      const shuffled = Int32Array.from(eligible);
      const active = new Int32Array(activeCount);

      const trees: Tree[] = [];
      const rounds = eligible.length === 0 ? 0 : p.trees;
      for (let it = 0; it < rounds; it++) {
        grower.computeGradients();
        if (outOfSample !== null) drawRows(n, sampleSize, shared.sample, outOfSample, rowRng);
        drawFeatures(shuffled, active, colRng);
        grower.grow(shared.grad, shared.hess, sampled ? shared.sample : null, sampleSize, active, activeCount);
        trees.push(grower.toTree(trainW));
        grower.addLeafValues(raw);
        if (outOfSample !== null) grower.addTrainingPredictions(outOfSample, outOfSample.length, raw);
        if (valid !== null && validBinned !== null && validRaw !== null) {
          grower.addBinnedPredictions(validBinned, null, valid.X.rows, validRaw);
          const validLoss = loss.value(valid.y, validRaw, valid.w);
          if (validLoss < bestLoss - EARLY_STOPPING_TOLERANCE) {
            bestLoss = validLoss;
            bestIteration = it + 1;
          } else if (it + 1 - bestIteration >= p.patience) {
            break;
          }
        }
      }
      const stopping: GbdtStopping | null =
        valid === null ? null : { iterations: trees.length, bestIteration, bestValidationLogLoss: bestLoss };
      return new GbdtScorer({
        params: { ...p },
        initScore,
        features: X.columns.length,
        stopping,
        trees: valid === null ? trees : trees.slice(0, bestIteration),
      });
    } finally {
      grower.close();
    }
  }
}

/** Weights with every positive row's multiplied by `scale` (scalePosWeight). */
function positiveWeighted(y: Labels, weights: Float64Array | null, scale: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = (weights === null ? 1 : (weights[i] as number)) * (y[i] === 1 ? scale : 1);
  return out;
}

export interface GbdtScorerFields {
  readonly params: GbdtParams;
  readonly initScore: number;
  readonly features: number;
  readonly stopping: GbdtStopping | null;
  readonly trees: readonly Tree[];
}

/** A fitted boosted-tree model. Raw output = initScore + Σ tree values (learning rate included). */
export class GbdtScorer implements Scorer {
  readonly kind = "gbdt" as const;
  readonly params: Readonly<GbdtParams>;
  readonly initScore: number;
  readonly features: number;
  readonly stopping: GbdtStopping | null;
  readonly trees: readonly Tree[];
  /** Built on first use (undefined until then; null when the trees do not fit it). */
  private predictor: FlatPredictor | null | undefined;
  /** initScore + Σ tree expected values, computed on first explain (the trees never change). */
  private explainBase: number | undefined;

  constructor(fields: GbdtScorerFields) {
    this.params = Object.freeze({ ...fields.params });
    this.initScore = fields.initScore;
    this.features = fields.features;
    this.stopping = fields.stopping;
    this.trees = fields.trees;
  }

  predictRaw(X: Matrix): Float64Array {
    this.checkInput(X);
    const out = new Float64Array(X.rows);
    this.predictor ??= FlatPredictor.build(this.trees, this.features, this.initScore);
    if (this.predictor !== null) {
      this.predictor.predict(X.columns, X.rows, out);
      return out;
    }
    // trees the flattened predictor cannot hold (over 32 leaves): walk them, blocks of rows
    // through all trees so the block's feature values stay in cache
    out.fill(this.initScore);
    for (let start = 0; start < X.rows; start += PREDICT_BLOCK_ROWS) {
      const end = Math.min(X.rows, start + PREDICT_BLOCK_ROWS);
      for (const tree of this.trees) tree.addPredictions(X.columns, start, end, out);
    }
    return out;
  }

  predictProba(X: Matrix): Float64Array {
    return probaFromRaw(this.predictRaw(X));
  }

  /**
   * Path-dependent TreeSHAP values, exact (tree-shap-explain.ts: a precomputed plan on every
   * thread, or Algorithm 2 for a few rows); base = initScore + Σ each tree's cover-weighted mean.
   */
  explain(X: Matrix, options?: TreeShapOptions): Contributions {
    this.checkInput(X);
    if (this.explainBase === undefined) {
      let base = this.initScore;
      for (const tree of this.trees) base += tree.expectedValue();
      this.explainBase = base;
    }
    return { base: this.explainBase, rows: X.rows, features: this.features, values: treeShapValues(this.trees, X, options) };
  }

  /** Total split gain per feature over all trees. */
  featureImportance(): Float64Array {
    const out = new Float64Array(this.features);
    for (const tree of this.trees) {
      for (let i = 0; i < tree.nodeCount; i++) {
        const f = tree.feature[i] as number;
        if (f >= 0) out[f] = (out[f] as number) + (tree.gain[i] as number);
      }
    }
    return out;
  }

  toJSON(): GbdtJSON {
    return {
      kind: "gbdt",
      version: 1,
      params: { ...this.params },
      initScore: this.initScore,
      features: this.features,
      stopping: this.stopping === null ? null : { ...this.stopping },
      trees: this.trees.map((t) => t.toJSON()),
    };
  }

  private checkInput(X: Matrix): void {
    if (X.columns.length !== this.features) {
      throw new LeadscoreError(
        "data",
        `The gradient-boosting model expects ${this.features} features, but the data has ${X.columns.length}.`,
      );
    }
    for (const column of X.columns) {
      if (column.length < X.rows) throw new LeadscoreError("data", `A feature column has ${column.length} values for ${X.rows} rows.`);
    }
  }
}

/** Rebuilds a scorer from `GbdtScorer.toJSON()`, refusing anything malformed. */
export function gbdtFromJSON(json: unknown): GbdtScorer {
  const fail = (problem: string): never => {
    throw new LeadscoreError("model", `Invalid gradient-boosting model: ${problem}.`);
  };
  if (typeof json !== "object" || json === null) return fail("not an object");
  const record = json as Record<string, unknown>;
  if (record["kind"] !== "gbdt") fail(`kind is ${JSON.stringify(record["kind"])}, expected "gbdt"`);
  if (record["version"] !== 1) fail(`version ${JSON.stringify(record["version"])} is not supported (expected 1)`);
  const initScore = record["initScore"];
  if (typeof initScore !== "number" || !Number.isFinite(initScore)) return fail("initScore is not a finite number");
  const features = record["features"];
  if (typeof features !== "number" || !Number.isInteger(features) || features < 1) {
    return fail("features is not a positive whole number");
  }
  const rawParams = record["params"];
  if (typeof rawParams !== "object" || rawParams === null) return fail("params is not an object");
  let params: GbdtParams;
  try {
    params = resolveGbdtParams(rawParams as GbdtParamInput);
  } catch (error) {
    return fail(`params are invalid (${error instanceof Error ? error.message : String(error)})`);
  }
  const trees = record["trees"];
  if (!Array.isArray(trees)) return fail("trees is not an array");
  return new GbdtScorer({
    params,
    initScore,
    features,
    stopping: parseStopping(record["stopping"], fail),
    trees: trees.map((t: unknown, i) => treeFromJSON(t, features, `tree ${i}`)),
  });
}

function parseStopping(value: unknown, fail: (problem: string) => never): GbdtStopping | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") return fail("stopping is not an object");
  const s = value as Record<string, unknown>;
  const { iterations, bestIteration, bestValidationLogLoss } = s;
  if (typeof iterations !== "number" || typeof bestIteration !== "number" || typeof bestValidationLogLoss !== "number") {
    return fail("stopping lacks iterations, bestIteration or bestValidationLogLoss");
  }
  return { iterations, bestIteration, bestValidationLogLoss };
}

function checkTrainingData(X: Matrix, y: Labels, weights: Float64Array | undefined): void {
  const problems: string[] = [];
  if (X.rows < 1) problems.push("there are no rows");
  if (X.columns.length !== X.features.length) {
    problems.push(`${X.columns.length} columns but ${X.features.length} feature descriptions`);
  }
  if (X.columns.some((c) => c.length < X.rows)) problems.push("a feature column is shorter than the number of rows");
  if (y.length !== X.rows) problems.push(`${y.length} labels for ${X.rows} rows`);
  else if (y.some((v) => v !== 0 && v !== 1)) problems.push("labels must be 0 or 1");
  if (weights !== undefined) {
    if (weights.length !== X.rows) problems.push(`${weights.length} weights for ${X.rows} rows`);
    else if (weights.some((w) => !(w >= 0 && w < Infinity))) problems.push("weights must be finite and not negative");
    else if (!weights.some((w) => w > 0)) problems.push("all weights are zero");
  }
  if (problems.length > 0) {
    throw new LeadscoreError("data", `Cannot fit gradient boosting: ${problems.join("; ")}.`);
  }
}


/** Features whose bins take more than one value over the rows (column-major bins): the only ones a split can use. */
function splittableFeatures(columns: Uint8Array, features: number, rows: number): number[] {
  const out: number[] = [];
  for (let f = 0; f < features; f++) if (varies(columns, f * rows, rows)) out.push(f);
  return out;
}

function varies(columns: Uint8Array, at: number, rows: number): boolean {
  const first = columns[at];
  for (let r = 1; r < rows; r++) if (columns[at + r] !== first) return true;
  return false;
}

/** Draws a sorted sample of `size` rows into inSample[0..size) and the sorted rest into outOfSample. */
function drawRows(rows: number, size: number, inSample: Uint32Array, outOfSample: Uint32Array, rng: Rng): void {
  sampleRows(rows, size, rng, inSample);
  let k = 0;
  let o = 0;
  for (let r = 0; r < rows; r++) {
    if (k < size && inSample[k] === r) k++;
    else outOfSample[o++] = r;
  }
}

/** The first active.length features of a seeded shuffle of `pool`, ascending. */
function drawFeatures(pool: Int32Array, active: Int32Array, rng: Rng): void {
  if (active.length === pool.length) {
    active.set(pool);
    return;
  }
  for (let i = 0; i < active.length; i++) {
    const j = i + rng.int(pool.length - i);
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  active.set(pool.subarray(0, active.length));
  active.sort();
}
