/**
 * A CART decision tree (cart-builder.ts), optionally cost-complexity pruned
 * (cost-complexity.ts), that predicts the log-odds of its leaf's smoothed positive rate and
 * explains itself exactly with path-dependent TreeSHAP; `rules()` reads it out as
 * plain-language rules (tree-rules.ts).
 */
import { LeadscoreError } from "../../core/errors.js";
import type { FeatureInfo, Labels, Matrix } from "../../core/matrix.js";
import { Rng } from "../../core/rng.js";
import { probaFromRaw, type Contributions, type Learner, type Scorer, type ScorerJSONBase } from "../../core/scorer.js";
import { clippedLogit } from "../clipped-logit.js";
import type { Tree, TreeJSON } from "../gbdt/tree.js";
import { checkScoringData, checkTrainingData, classWeights } from "../training-data.js";
import { binMatrix } from "./binned-data.js";
import { CartBuilder } from "./cart-builder.js";
import { pruneCostComplexity } from "./cost-complexity.js";
import { impurityCost } from "./impurity.js";
import { TREE_PARAMS, resolveTreeParams, type TreeParams } from "./tree-params.js";
import { treeShapValues } from "./tree-explainer.js";
import { finiteNumbers } from "../json-numbers.js";
import { parseTree } from "./tree-json.js";
import { treeRules, type RuleOptions, type TreeRule } from "./tree-rules.js";

export interface DecisionTreeJSON extends ScorerJSONBase {
  readonly kind: "tree";
  readonly version: 1;
  readonly params: TreeParams;
  readonly features: number;
  /** Weighted positive rate of the training rows: the prior leaves are smoothed towards. */
  readonly prior: number;
  /** Node values are log-odds of the node's smoothed positive rate; covers are training weights. */
  readonly tree: TreeJSON;
  /** Weight of the positive training rows reaching each node. */
  readonly positives: number[];
  /** Training rows reaching each node. */
  readonly rows: number[];
  /** Features that had missing values in training (rules only mention missing for these). */
  readonly missingFeatures: number[];
}

export class DecisionTreeLearner implements Learner<TreeParams> {
  readonly kind = "tree" as const;
  readonly params: Readonly<TreeParams>;

  /** `params`: any subset of TREE_PARAMS, as numbers/booleans or command-line strings. */
  constructor(params: Readonly<Record<string, string | number | boolean>> = {}) {
    const resolved = resolveTreeParams(params);
    if (resolved.minSplitRows < 2 * resolved.minLeafRows && "minSplitRows" in params) {
      throw new LeadscoreError(
        "usage",
        `Invalid decision tree parameters: 'minSplitRows' (${resolved.minSplitRows}) can never be met with 'minLeafRows' ${resolved.minLeafRows}: a split needs at least ${2 * resolved.minLeafRows} rows.`,
        { field: "param" },
      );
    }
    this.params = Object.freeze(resolved);
  }

  fit(X: Matrix, y: Labels, weights?: Float64Array): DecisionTreeScorer {
    checkTrainingData("a decision tree", X, y, weights);
    const p = this.params;
    const data = binMatrix(X, y, p.maxBins, new Rng(p.seed));
    const builder = new CartBuilder(data, {
      entropy: p.entropy,
      maxDepth: p.maxDepth,
      minLeafRows: p.minLeafRows,
      minSplitRows: p.minSplitRows,
      maxFeatures: X.columns.length,
      tieRank: nameRanks(X.features),
    });
    const rowWeights = weights ?? new Float64Array(X.rows).fill(1);
    const grown = pruneCostComplexity(builder.grow(rowWeights, null), p.ccpAlpha, impurityCost(p.entropy));
    const { positive, negative } = classWeights(y, weights);
    const prior = positive / (positive + negative);
    const tree = grown.toTree((pos, w) => clippedLogit((pos + p.smoothing * prior) / (w + p.smoothing)));
    return new DecisionTreeScorer({
      params: { ...p },
      features: X.columns.length,
      prior,
      tree,
      positives: Float64Array.from(grown.positive),
      rows: Float64Array.from(grown.count),
      missingFeatures: featuresWithMissing(X),
    });
  }
}

export interface DecisionTreeFields {
  readonly params: TreeParams;
  readonly features: number;
  readonly prior: number;
  readonly tree: Tree;
  readonly positives: Float64Array;
  readonly rows: Float64Array;
  readonly missingFeatures: readonly number[];
}

/** A fitted decision tree. Raw output = log-odds of the smoothed positive rate of the row's leaf. */
export class DecisionTreeScorer implements Scorer {
  readonly kind = "tree" as const;
  readonly params: Readonly<TreeParams>;
  readonly features: number;
  readonly prior: number;
  readonly tree: Tree;
  private readonly positives: Float64Array;
  private readonly rowCounts: Float64Array;
  private readonly missingFeatures: readonly number[];

  constructor(fields: DecisionTreeFields) {
    this.params = Object.freeze({ ...fields.params });
    this.features = fields.features;
    this.prior = fields.prior;
    this.tree = fields.tree;
    this.positives = fields.positives;
    this.rowCounts = fields.rows;
    this.missingFeatures = fields.missingFeatures;
  }

  /** Leaves in the tree. */
  get leaves(): number {
    let n = 0;
    for (let i = 0; i < this.tree.nodeCount; i++) if ((this.tree.feature[i] as number) < 0) n++;
    return n;
  }

  predictRaw(X: Matrix): Float64Array {
    checkScoringData("decision-tree", X, this.features);
    const out = new Float64Array(X.rows);
    this.tree.addPredictions(X.columns, 0, X.rows, out);
    return out;
  }

  predictProba(X: Matrix): Float64Array {
    return probaFromRaw(this.predictRaw(X));
  }

  /** Exact path-dependent TreeSHAP in log-odds; base = the cover-weighted mean leaf value. */
  explain(X: Matrix): Contributions {
    checkScoringData("decision-tree", X, this.features);
    const { expected, values } = treeShapValues([this.tree], X, this.features);
    return { base: expected, rows: X.rows, features: this.features, values };
  }

  /** Impurity decrease (weighted) of every split on each feature. */
  featureImportance(): Float64Array {
    const out = new Float64Array(this.features);
    for (let i = 0; i < this.tree.nodeCount; i++) {
      const f = this.tree.feature[i] as number;
      if (f >= 0) out[f] = (out[f] as number) + (this.tree.gain[i] as number);
    }
    return out;
  }

  /**
   * The tree as plain-language rules, one per leaf, highest positive rate first:
   * "If Lead Source is Referral and Total Time > 1,210 then 78 % convert (412 leads)".
   * `features` are the descriptions of the matrix the tree was fitted on (names, levels).
   */
  rules(features: readonly FeatureInfo[], options: RuleOptions = {}): TreeRule[] {
    if (features.length !== this.features) {
      throw new LeadscoreError("model", `The decision tree has ${this.features} features but ${features.length} descriptions were given.`);
    }
    return treeRules(this.tree, this.positives, this.rowCounts, features, new Set(this.missingFeatures), options);
  }

  toJSON(): DecisionTreeJSON {
    const params = {} as Record<string, number | boolean>;
    for (const name of Object.keys(TREE_PARAMS)) params[name] = this.params[name as keyof TreeParams];
    return {
      kind: "tree",
      version: 1,
      params: params as TreeParams,
      features: this.features,
      prior: this.prior,
      tree: this.tree.toJSON(),
      positives: Array.from(this.positives),
      rows: Array.from(this.rowCounts),
      missingFeatures: [...this.missingFeatures],
    };
  }
}

/** Rebuilds a scorer from `DecisionTreeScorer.toJSON()`, refusing anything malformed. */
export function decisionTreeFromJSON(json: unknown): DecisionTreeScorer {
  const fail = (problem: string): never => {
    throw new LeadscoreError("model", `Invalid decision-tree model: ${problem}.`);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("not an object");
  const doc = json as Record<string, unknown>;
  if (doc["kind"] !== "tree") fail(`kind is ${JSON.stringify(doc["kind"])}, expected "tree"`);
  if (doc["version"] !== 1) fail(`version ${JSON.stringify(doc["version"])} is not supported (expected 1)`);
  const rawParams = doc["params"];
  if (typeof rawParams !== "object" || rawParams === null || Array.isArray(rawParams)) return fail("params is not an object");
  let params: TreeParams;
  try {
    params = resolveTreeParams(rawParams as Record<string, string | number | boolean>);
  } catch (error) {
    return fail(`params are invalid (${error instanceof Error ? error.message : String(error)})`);
  }
  const features = doc["features"];
  if (typeof features !== "number" || !Number.isInteger(features) || features < 1) return fail("features is not a positive whole number");
  const prior = doc["prior"];
  if (typeof prior !== "number" || !(prior >= 0 && prior <= 1)) return fail("prior is not a rate between 0 and 1");
  const tree = parseTree(doc["tree"], features, "decision-tree", "the tree");
  const positives = finiteNumbers(doc["positives"], "positives", fail);
  const rows = finiteNumbers(doc["rows"], "rows", fail);
  if (positives.length !== tree.nodeCount || rows.length !== tree.nodeCount) fail("positives and rows do not have one entry per node");
  for (let i = 0; i < tree.nodeCount; i++) {
    if (!((positives[i] as number) >= 0) || (positives[i] as number) > (tree.cover[i] as number) * (1 + 1e-9)) fail(`node ${i} has more positives than weight`);
    if (!Number.isInteger(rows[i]) || (rows[i] as number) < 0) fail(`node ${i} has a row count that is not a whole number`);
  }
  const missing = finiteNumbers(doc["missingFeatures"], "missingFeatures", fail);
  if (missing.some((f) => !Number.isInteger(f) || f < 0 || f >= features)) fail("missingFeatures names a feature that does not exist");
  return new DecisionTreeScorer({ params, features, prior, tree, positives, rows, missingFeatures: Array.from(missing) });
}

/** Rank of each feature by name: equal splits go to the first name, whatever the column order. */
function nameRanks(features: readonly FeatureInfo[]): Int32Array {
  const order = Array.from(features.keys()).sort((a, b) => {
    const x = features[a] as FeatureInfo;
    const y = features[b] as FeatureInfo;
    return x.name < y.name ? -1 : x.name > y.name ? 1 : a - b;
  });
  const rank = new Int32Array(features.length);
  order.forEach((f, k) => {
    rank[f] = k;
  });
  return rank;
}

function featuresWithMissing(X: Matrix): number[] {
  const out: number[] = [];
  X.columns.forEach((column, f) => {
    for (let r = 0; r < X.rows; r++) {
      const x = column[r] as number;
      if (x - x !== 0) {
        out.push(f);
        return;
      }
    }
  });
  return out;
}
