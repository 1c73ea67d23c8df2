/**
 * Reads a fitted classification tree out as plain-language rules, one per leaf:
 *   "If Lead Source is Referral and Total Time on Website > 1,210 then 78 % convert (412 leads)"
 * The questions on a leaf's path are merged per feature (two thresholds on one feature become
 * one range, category sets are intersected), so each feature appears once per rule. Missing
 * values are mentioned only for features that had some in training.
 */
import type { FeatureInfo } from "../../core/matrix.js";
import { ALL_VALUES_LEFT } from "./cart-builder.js";
import type { Tree } from "../gbdt/tree.js";

export interface TreeRule {
  /** The conditions of the rule, each about one feature, in the order the tree asks them. */
  readonly conditions: readonly string[];
  /** Positive rate of the training rows in the leaf (weighted, unsmoothed). */
  readonly rate: number;
  /** Training rows in the leaf. */
  readonly rows: number;
  /** The whole rule as one sentence. */
  readonly text: string;
}

export interface RuleOptions {
  /** What the positive rows do, after "78 %": default "are positive" (e.g. "convert"). */
  readonly outcome?: string;
  /** What a row is, after the count: default "rows" (e.g. "leads"). */
  readonly rowNoun?: string;
  /**
   * Features holding a date as days before a reference time (ms since the epoch): their
   * conditions are worded in days before that date.
   */
  readonly dates?: ReadonlyMap<number, number>;
}

/** What the path to a leaf says about one feature. */
interface FeatureCondition {
  readonly feature: number;
  /** Numeric: values must be > low and ≤ high. */
  low: number;
  high: number;
  /** Categorical: the codes still allowed (null: all). */
  codes: Set<number> | null;
  valuesAllowed: boolean;
  missingAllowed: boolean;
}

export function treeRules(
  tree: Tree,
  positives: ArrayLike<number>,
  rows: ArrayLike<number>,
  features: readonly FeatureInfo[],
  missingFeatures: ReadonlySet<number>,
  options: RuleOptions = {},
): TreeRule[] {
  const outcome = options.outcome ?? "are positive";
  const noun = options.rowNoun ?? "rows";
  const out: TreeRule[] = [];
  const walk = (node: number, path: FeatureCondition[]): void => {
    const f = tree.feature[node] as number;
    if (f < 0) {
      const conditions = path.map((c) => describe(c, features[c.feature] as FeatureInfo, missingFeatures.has(c.feature), options.dates?.get(c.feature))).filter((t) => t !== "");
      const weight = tree.cover[node] as number;
      const rate = weight > 0 ? (positives[node] as number) / weight : 0;
      const count = rows[node] as number;
      const when = conditions.length === 0 ? "For every row" : `If ${conditions.join(" and ")}`;
      const text = `${when} then ${formatPercent(rate)} ${outcome} (${formatNumber(count)} ${noun})`;
      out.push({ conditions, rate, rows: count, text });
      return;
    }
    for (const goLeft of [true, false]) {
      const next = path.map((c) => ({ ...c, codes: c.codes === null ? null : new Set(c.codes) }));
      let condition = next.find((c) => c.feature === f);
      if (condition === undefined) {
        condition = { feature: f, low: -Infinity, high: Infinity, codes: null, valuesAllowed: true, missingAllowed: true };
        next.push(condition);
      }
      narrow(condition, tree, node, goLeft, features[f] as FeatureInfo);
      walk(goLeft ? (tree.left[node] as number) : (tree.right[node] as number), next);
    }
  };
  walk(0, []);
  return out.sort((a, b) => b.rate - a.rate || b.rows - a.rows);
}

/** Applies the answer of node's question (left or right) to what is known of its feature. */
function narrow(condition: FeatureCondition, tree: Tree, node: number, goLeft: boolean, info: FeatureInfo): void {
  const missingLeft = tree.missingLeft[node] === 1;
  if (missingLeft !== goLeft) condition.missingAllowed = false;
  if (tree.categorical[node] === 1) {
    const codes = info.categories ?? 32 * (tree.catWords[node] as number);
    const allowed = condition.codes ?? new Set(Array.from({ length: codes }, (_, c) => c));
    for (const c of [...allowed]) {
      if (tree.goesLeft(node, c) !== goLeft) allowed.delete(c);
    }
    condition.codes = allowed;
    if (allowed.size === 0) condition.valuesAllowed = false;
    return;
  }
  const threshold = tree.threshold[node] as number;
  if (threshold >= ALL_VALUES_LEFT) {
    // "every value left, missing right"
    if (!goLeft) condition.valuesAllowed = false;
    return;
  }
  if (goLeft) condition.high = Math.min(condition.high, threshold);
  else condition.low = Math.max(condition.low, threshold);
}

function describe(c: FeatureCondition, info: FeatureInfo, hadMissing: boolean, referenceTime: number | undefined): string {
  const name = info.name;
  if (!c.valuesAllowed) return `${name} is missing`;
  let text: string;
  if (c.codes !== null) {
    const total = info.categories ?? c.codes.size;
    const levelName = (code: number): string => info.levels?.[code] ?? (code === (info.levels?.length ?? -1) ? "(other)" : `code ${code}`);
    const allowed = [...c.codes].sort((a, b) => a - b);
    if (allowed.length === total) text = "";
    else if (allowed.length <= total - allowed.length || allowed.length === 1) text = `${name} is ${orList(allowed.map(levelName))}`;
    else {
      const excluded = Array.from({ length: total }, (_, k) => k).filter((k) => !c.codes?.has(k));
      text = excluded.length === 1 ? `${name} is not ${levelName(excluded[0] as number)}` : `${name} is none of ${orList(excluded.map(levelName))}`;
    }
  } else if (referenceTime !== undefined) {
    const date = new Date(referenceTime).toISOString().slice(0, 10);
    const low = Number.isFinite(c.low) ? `more than ${formatNumber(c.low)}` : "";
    const high = Number.isFinite(c.high) ? `at most ${formatNumber(c.high)}` : "";
    text = low !== "" || high !== "" ? `${name} is ${[low, high].filter((t) => t !== "").join(" and ")} days before ${date}` : "";
  } else if (Number.isFinite(c.low) && Number.isFinite(c.high)) {
    text = `${name} > ${formatNumber(c.low)} and ≤ ${formatNumber(c.high)}`;
  } else if (Number.isFinite(c.low)) {
    text = `${name} > ${formatNumber(c.low)}`;
  } else if (Number.isFinite(c.high)) {
    text = `${name} ≤ ${formatNumber(c.high)}`;
  } else {
    text = "";
  }
  if (!hadMissing) return text;
  if (text === "") return c.missingAllowed ? "" : `${name} is not missing`;
  return c.missingAllowed ? `${text} (or missing)` : text;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1] as string}`;
}

const NUMBER_FORMAT = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 6 });

export function formatNumber(x: number): string {
  return NUMBER_FORMAT.format(x);
}

function formatPercent(rate: number): string {
  const pct = rate * 100;
  return `${pct > 0 && pct < 1 ? pct.toFixed(1) : Math.round(pct).toString()} %`;
}
