/**
 * Fits a points scorecard (SPEC §7) from the tree-style matrix — numeric columns raw with
 * NaN for missing, categorical columns as codes of the kept levels plus "(other)" — all
 * inside `fit`, so cross-validation refits the binning in every fold:
 *
 *   binning per characteristic (binning.ts) → WoE and IV (woe.ts) → selection and
 *   logistic regression on WoE (selection.ts) → integer points (points.ts).
 */
import { LeadscoreError } from "../core/errors.js";
import type { FeatureInfo, Labels, Matrix } from "../core/matrix.js";
import { resolveParams } from "../core/params.js";
import type { Learner } from "../core/scorer.js";
import { type Binned, type BinningSettings, type UserBins, binByHand, binCategorical, binNumeric } from "./binning.js";
import type { Trend } from "./characteristic.js";
import { binPoints, scalingOf } from "./points.js";
import { SCORECARD_PARAMS, type ScorecardParams } from "./scorecard-params.js";
import type { BinsFileCharacteristic, ScorecardOptions } from "./scorecard-options.js";
import { type CharacteristicJSON, ScorecardScorer } from "./scorecard-scorer.js";
import { selectCharacteristics } from "./selection.js";

export class ScorecardLearner implements Learner<ScorecardParams> {
  readonly kind = "scorecard" as const;
  readonly params: Readonly<ScorecardParams>;
  readonly options: ScorecardOptions;

  constructor(given: Readonly<Record<string, string | number | boolean>> = {}, options: ScorecardOptions = {}) {
    this.params = resolveParams("scorecard", SCORECARD_PARAMS, given);
    this.options = options;
  }

  fit(X: Matrix, y: Labels, weights?: Float64Array): ScorecardScorer {
    checkInput(X, y, weights);
    const byColumn = checkOptions(X.features, this.options);
    const settings: BinningSettings = {
      minBinShare: this.params.minBinShare,
      minBinEvents: this.params.minBinEvents,
      maxBins: this.params.maxBins,
      prebins: this.params.prebins,
    };
    const binned: Binned[] = X.features.map((feature, f) => {
      const values = X.columns[f] as Float64Array;
      const user = userBinsOf(byColumn.get(feature.source));
      const levels = levelsOf(feature);
      if (user) return binByHand(values, feature.categories, levels, user, y, weights);
      if (feature.type === "categorical") return binCategorical(values, feature.categories ?? levels.length, levels, y, weights, settings);
      const trend: Trend = this.options.monotone?.[feature.source] ?? this.options.trend ?? "auto";
      return binNumeric(values, y, weights, trend, this.options.special?.[feature.source] ?? [], settings);
    });

    const woe = binned.map((b) => Float64Array.from(b.binOfRow, (bin) => (b.stats[bin] as { woe: number }).woe));
    const pinnedIn = X.features.filter((f) => byColumn.get(f.source)?.selected === true).map((f) => f.source);
    const pinnedOut = X.features.filter((f) => byColumn.get(f.source)?.selected === false).map((f) => f.source);
    const selection = selectCharacteristics({
      names: X.features.map((f) => f.source),
      iv: binned.map((b) => b.iv),
      woe,
      y,
      ...(weights ? { w: weights } : {}),
      forceIn: new Set([...(this.options.forceIn ?? []), ...pinnedIn]),
      forceOut: new Set([...(this.options.forceOut ?? []), ...pinnedOut]),
      ivMin: this.params.ivMin,
      maxCorrelation: this.params.maxCorrelation,
      stepwise: this.params.stepwise,
      l1: this.params.l1,
      l2: this.params.l2,
    });

    const scaling = scalingOf(this.params.pdo, this.params.baseScore, this.params.baseOdds);
    const m = selection.selected.filter(Boolean).length;
    const characteristics: CharacteristicJSON[] = X.features.map((feature, f) => {
      const b = binned[f] as Binned;
      const selected = selection.selected[f] === true;
      const coefficient = selected ? (selection.coefficients[f] as number) : 0;
      const points = b.stats.map((s) => (selected ? binPoints(scaling, selection.intercept, coefficient, s.woe, m) : 0));
      return {
        feature: feature.name,
        column: feature.source,
        layout: b.layout,
        trend: b.trend,
        origin: b.origin,
        bins: b.stats,
        iv: b.iv,
        selected,
        status: selection.status[f] as string,
        coefficient,
        points,
        importance: selected ? spread(points, b.binOfRow, weights) / scaling.factor : 0,
      };
    });
    return new ScorecardScorer({
      kind: "scorecard",
      version: 1,
      params: { ...this.params },
      scaling,
      intercept: selection.intercept,
      characteristics,
    });
  }
}

function checkInput(X: Matrix, y: Labels, weights: Float64Array | undefined): void {
  if (X.columns.length !== X.features.length) {
    throw new LeadscoreError("internal", `Matrix has ${X.columns.length} columns but ${X.features.length} feature descriptions.`);
  }
  if (y.length !== X.rows) throw new LeadscoreError("internal", `Labels have ${y.length} rows but the matrix has ${X.rows}.`);
  if (weights !== undefined && weights.length !== X.rows) throw new LeadscoreError("internal", `Weights have ${weights.length} rows but the matrix has ${X.rows}.`);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) positives++;
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (!(w >= 0) || !Number.isFinite(w)) throw new LeadscoreError("data", `Row ${i + 1} has weight ${w}; weights must be finite and not negative.`);
  }
  if (positives === 0 || positives === y.length) {
    throw new LeadscoreError("data", `A scorecard needs rows of both classes, got ${positives} positive and ${y.length - positives} negative rows.`);
  }
  if (X.features.length === 0) throw new LeadscoreError("data", "A scorecard needs at least one characteristic.");
}

/** Checks every column the options name, reporting all problems at once; returns the bins.json entries by column. */
function checkOptions(features: readonly FeatureInfo[], options: ScorecardOptions): Map<string, BinsFileCharacteristic> {
  const typeOf = new Map(features.map((f) => [f.source, f.type] as const));
  const problems: string[] = [];
  const known = (flag: string, name: string): boolean => {
    if (typeOf.has(name)) return true;
    problems.push(`${flag} names '${name}', which is not a characteristic of this model`);
    return false;
  };
  for (const name of Object.keys(options.special ?? {})) {
    if (known("--special", name) && typeOf.get(name) !== "numeric") problems.push(`--special applies to numeric columns; '${name}' is categorical`);
  }
  for (const name of Object.keys(options.monotone ?? {})) {
    if (known("--monotone", name) && typeOf.get(name) !== "numeric") problems.push(`--monotone applies to numeric columns; '${name}' is categorical (its levels are always grouped by event rate)`);
  }
  for (const name of options.forceIn ?? []) known("--force-in", name);
  for (const name of options.forceOut ?? []) known("--force-out", name);
  const both = (options.forceIn ?? []).filter((name) => (options.forceOut ?? []).includes(name));
  for (const name of both) problems.push(`'${name}' is both forced in and forced out`);
  const byColumn = new Map<string, BinsFileCharacteristic>();
  for (const entry of options.bins?.characteristics ?? []) {
    if (!known("bins.json", entry.column)) continue;
    if (typeOf.get(entry.column) !== entry.type) problems.push(`bins.json gives '${entry.column}' as ${entry.type}, but it is ${typeOf.get(entry.column)}`);
    byColumn.set(entry.column, entry);
  }
  if (problems.length > 0) throw new LeadscoreError("usage", `Scorecard options: ${problems.join("; ")}.`);
  return byColumn;
}

function userBinsOf(entry: BinsFileCharacteristic | undefined): UserBins | undefined {
  if (!entry) return undefined;
  if (entry.type === "numeric" && entry.cuts !== undefined) return { type: "numeric", cuts: entry.cuts, special: entry.special ?? [], missing: entry.missing ?? "own" };
  if (entry.type === "categorical" && entry.groups !== undefined) return { type: "categorical", groups: entry.groups, missing: entry.missing ?? "own" };
  return undefined;
}

function levelsOf(feature: FeatureInfo): readonly string[] {
  if (feature.type !== "categorical") return [];
  return feature.levels ?? Array.from({ length: feature.categories ?? 0 }, (_, k) => String(k));
}

/** Weighted standard deviation of a characteristic's points over the training rows. */
function spread(points: readonly number[], binOfRow: Int32Array, w: Float64Array | undefined): number {
  let sw = 0;
  let mean = 0;
  for (let i = 0; i < binOfRow.length; i++) {
    const wi = w === undefined ? 1 : (w[i] as number);
    sw += wi;
    mean += wi * (points[binOfRow[i] as number] as number);
  }
  if (!(sw > 0)) return 0;
  mean /= sw;
  let squares = 0;
  for (let i = 0; i < binOfRow.length; i++) {
    const d = (points[binOfRow[i] as number] as number) - mean;
    squares += (w === undefined ? 1 : (w[i] as number)) * d * d;
  }
  return Math.sqrt(squares / sw);
}
