/**
 * A random forest (Breiman 2001): CART trees (tree/cart-builder.ts) each grown on a bootstrap
 * sample with √features drawn per split, averaged. The probability is the mean of the trees'
 * leaf positive rates, as in scikit-learn; the raw output is its log-odds, clipped to
 * [1e-6, 1 − 1e-6]. Trees grow on every core (parallel-growth.ts) and the forest is the same
 * whatever the number of threads. The out-of-bag AUC is kept in the model.
 *
 * Explanations: TreeSHAP values are additive in what the trees output, the probability, not
 * in its log-odds. So `explain` computes the exact path-dependent TreeSHAP values φ_f of the
 * mean probability p(x) = p̄ + Σ φ_f (p̄: the cover-weighted mean prediction), then multiplies
 * them all by the same factor (logit(p) − logit(p̄)) / (p − p̄) — the slope of the logit
 * between p̄ and p. Each contribution keeps its sign and its share of the change, and
 * base = logit(p̄) plus the contributions is exactly the raw output.
 */
import { availableParallelism } from "node:os";
import { LeadscoreError } from "../../core/errors.js";
import type { Labels, Matrix } from "../../core/matrix.js";
import { Rng } from "../../core/rng.js";
import { probaFromRaw, type Contributions, type Learner, type Scorer, type ScorerJSONBase } from "../../core/scorer.js";
import { PROBABILITY_FLOOR, clippedLogit } from "../clipped-logit.js";
import { Tree, type TreeJSON } from "../gbdt/tree.js";
import { binMatrix } from "../tree/binned-data.js";
import { parseTree } from "../tree/tree-json.js";
import { treeShapValues } from "../tree/tree-explainer.js";
import { checkScoringData, checkTrainingData } from "../training-data.js";
import { FOREST_PARAMS, resolveForestParams, type ForestParams } from "./forest-params.js";
import { outOfBag, type OutOfBag } from "./out-of-bag.js";
import { PARALLEL_MIN_WORK, growForest } from "./parallel-growth.js";

const PREDICT_BLOCK_ROWS = 256;

/** The parameters stored with a model: `threads` changes only the speed, so it is left out. */
export type StoredForestParams = Omit<ForestParams, "threads">;

export interface ForestJSON extends ScorerJSONBase {
  readonly kind: "forest";
  readonly version: 1;
  readonly params: StoredForestParams;
  readonly features: number;
  /** Out-of-bag AUC (null without bootstrap, or when the left-out rows hold one class). */
  readonly oob: OutOfBag;
  /** Node values are positive rates (0..1) of the tree's bootstrap rows; covers their weights. */
  readonly trees: TreeJSON[];
}

export class RandomForestLearner implements Learner<ForestParams> {
  readonly kind = "forest" as const;
  readonly params: Readonly<ForestParams>;

  /** `params`: any subset of FOREST_PARAMS, as numbers/booleans or command-line strings. */
  constructor(params: Readonly<Record<string, string | number | boolean>> = {}) {
    const resolved = resolveForestParams(params);
    if (!resolved.bootstrap && "rowSample" in params) {
      throw new LeadscoreError("usage", "Invalid random forest parameters: 'rowSample' has no effect with 'bootstrap' off.", { field: "param" });
    }
    this.params = Object.freeze(resolved);
  }

  fit(X: Matrix, y: Labels, weights?: Float64Array): RandomForestScorer {
    checkTrainingData("a random forest", X, y, weights);
    const p = this.params;
    const features = X.columns.length;
    const data = binMatrix(X, y, p.maxBins, new Rng(p.seed).fork(1));
    const maxFeatures = p.maxFeatures === 0 ? Math.max(1, Math.floor(Math.sqrt(features))) : Math.min(features, p.maxFeatures);
    const draws = p.bootstrap ? Math.max(1, Math.round(X.rows * p.rowSample)) : 0;
    const growth = {
      data,
      sampleWeights: weights ?? null,
      cart: { entropy: p.entropy, maxDepth: p.maxDepth, minLeafRows: p.minLeafRows, minSplitRows: p.minSplitRows, maxFeatures },
      draws,
      seed: p.seed,
    };
    const threads = p.threads > 0 ? p.threads : X.rows * p.trees >= PARALLEL_MIN_WORK ? availableParallelism() : 1;
    const trees = growForest(growth, p.trees, threads).trees.map((arrays) => new Tree(arrays));
    const oob = outOfBag(trees, X, y, weights ?? null, draws, p.seed);
    return new RandomForestScorer({ params: storedParams(p), features, oob, trees });
  }
}

export interface ForestFields {
  readonly params: StoredForestParams;
  readonly features: number;
  readonly oob: OutOfBag;
  readonly trees: readonly Tree[];
}

/** A fitted forest. Raw output = log-odds of the mean tree probability, clipped to [1e-6, 1 − 1e-6]. */
export class RandomForestScorer implements Scorer {
  readonly kind = "forest" as const;
  readonly params: Readonly<StoredForestParams>;
  readonly features: number;
  readonly oob: OutOfBag;
  readonly trees: readonly Tree[];

  constructor(fields: ForestFields) {
    this.params = Object.freeze({ ...fields.params });
    this.features = fields.features;
    this.oob = fields.oob;
    this.trees = fields.trees;
  }

  /** Mean of the trees' positive rates, per row (unclipped). */
  meanProbability(X: Matrix): Float64Array {
    checkScoringData("random-forest", X, this.features);
    const out = new Float64Array(X.rows);
    for (let start = 0; start < X.rows; start += PREDICT_BLOCK_ROWS) {
      const end = Math.min(X.rows, start + PREDICT_BLOCK_ROWS);
      for (const tree of this.trees) tree.addPredictions(X.columns, start, end, out);
    }
    const scale = 1 / this.trees.length;
    for (let r = 0; r < X.rows; r++) out[r] = (out[r] as number) * scale;
    return out;
  }

  predictRaw(X: Matrix): Float64Array {
    const p = this.meanProbability(X);
    for (let r = 0; r < X.rows; r++) p[r] = clippedLogit(p[r] as number);
    return p;
  }

  predictProba(X: Matrix): Float64Array {
    return probaFromRaw(this.predictRaw(X));
  }

  /** TreeSHAP of the mean probability, rescaled row by row to the log-odds (see the file comment). */
  explain(X: Matrix): Contributions {
    checkScoringData("random-forest", X, this.features);
    const F = this.features;
    const { expected, values } = treeShapValues(this.trees, X, F);
    const scale = 1 / this.trees.length;
    const baseProbability = expected * scale;
    const base = clippedLogit(baseProbability);
    const raw = this.predictRaw(X);
    const clipped = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, baseProbability));
    const tangent = 1 / (clipped * (1 - clipped));
    for (let r = 0; r < X.rows; r++) {
      const offset = r * F;
      let sum = 0;
      for (let f = 0; f < F; f++) {
        const v = (values[offset + f] as number) * scale;
        values[offset + f] = v;
        sum += v;
      }
      const target = (raw[r] as number) - base;
      // the secant slope of the logit; its tangent when p and p̄ nearly coincide
      const slope = Math.abs(sum) > 1e-9 ? target / sum : tangent;
      let total = 0;
      for (let f = 0; f < F; f++) {
        const v = (values[offset + f] as number) * slope;
        values[offset + f] = v;
        total += v;
      }
      // rounding (or the clip near 0 and 1) leaves a residual: shared out evenly
      const residual = (target - total) / F;
      if (residual !== 0) for (let f = 0; f < F; f++) values[offset + f] = (values[offset + f] as number) + residual;
    }
    return { base, rows: X.rows, features: F, values };
  }

  /** Mean impurity decrease per tree (weighted by bootstrap counts) of each feature. */
  featureImportance(): Float64Array {
    const out = new Float64Array(this.features);
    for (const tree of this.trees) {
      for (let i = 0; i < tree.nodeCount; i++) {
        const f = tree.feature[i] as number;
        if (f >= 0) out[f] = (out[f] as number) + (tree.gain[i] as number);
      }
    }
    for (let f = 0; f < out.length; f++) out[f] = (out[f] as number) / this.trees.length;
    return out;
  }

  toJSON(): ForestJSON {
    return {
      kind: "forest",
      version: 1,
      params: storedParams(this.params),
      features: this.features,
      oob: { ...this.oob },
      trees: this.trees.map((t) => t.toJSON()),
    };
  }
}

/** Rebuilds a scorer from `RandomForestScorer.toJSON()`, refusing anything malformed. */
export function forestFromJSON(json: unknown): RandomForestScorer {
  const fail = (problem: string): never => {
    throw new LeadscoreError("model", `Invalid random-forest model: ${problem}.`);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("not an object");
  const doc = json as Record<string, unknown>;
  if (doc["kind"] !== "forest") fail(`kind is ${JSON.stringify(doc["kind"])}, expected "forest"`);
  if (doc["version"] !== 1) fail(`version ${JSON.stringify(doc["version"])} is not supported (expected 1)`);
  const rawParams = doc["params"];
  if (typeof rawParams !== "object" || rawParams === null || Array.isArray(rawParams)) return fail("params is not an object");
  let params: ForestParams;
  try {
    params = resolveForestParams(rawParams as Record<string, string | number | boolean>);
  } catch (error) {
    return fail(`params are invalid (${error instanceof Error ? error.message : String(error)})`);
  }
  const features = doc["features"];
  if (typeof features !== "number" || !Number.isInteger(features) || features < 1) return fail("features is not a positive whole number");
  const oob = doc["oob"];
  if (typeof oob !== "object" || oob === null) return fail("oob is not an object");
  const { auc, rows } = oob as Record<string, unknown>;
  if (!(auc === null || (typeof auc === "number" && auc >= 0 && auc <= 1))) fail("oob.auc is not null or a number between 0 and 1");
  if (typeof rows !== "number" || !Number.isInteger(rows) || rows < 0) fail("oob.rows is not a whole number");
  const trees = doc["trees"];
  if (!Array.isArray(trees) || trees.length === 0) return fail("trees is not a non-empty array");
  const parsed = trees.map((t: unknown, i) => parseTree(t, features, "random-forest", `tree ${i}`));
  for (const [i, tree] of parsed.entries()) {
    if (tree.value.some((v) => !(v >= 0 && v <= 1))) fail(`tree ${i} has a node value outside 0..1`);
  }
  return new RandomForestScorer({ params: storedParams(params), features, oob: { auc: auc as number | null, rows: rows as number }, trees: parsed });
}

function storedParams(p: Readonly<ForestParams> | Readonly<StoredForestParams>): StoredForestParams {
  const out = {} as Record<string, number | boolean>;
  for (const name of Object.keys(FOREST_PARAMS)) {
    if (name !== "threads") out[name] = (p as Record<string, number | boolean>)[name] as number | boolean;
  }
  return out as StoredForestParams;
}
