/**
 * Choosing the probability cut-off above which a row is called positive, and the
 * confusion matrix it gives. A row is predicted positive when proba ≥ value.
 */
import { LeadscoreError } from "../core/errors.js";
import { checkScored, scoreCurve } from "./auc.js";

/**
 * `max-f1`: the F1-best cut (the default); `max-accuracy`: the most rows right;
 * `youden`: max TPR − FPR (the KS point).
 */
export type ThresholdRule = "max-f1" | "max-accuracy" | "youden";

export const THRESHOLD_RULES: readonly ThresholdRule[] = ["max-f1", "max-accuracy", "youden"];

export type Confusion = { tp: number; fp: number; tn: number; fn: number };

export type ConfusionRates = {
  /** tp / (tp + fp); 0 when nothing is predicted positive (scikit-learn's zero_division=0). */
  precision: number;
  /** tp / (tp + fn); 0 when there are no positives. */
  recall: number;
  /** 2·tp / (2·tp + fp + fn); 0 when that is 0/0. */
  f1: number;
  accuracy: number;
};

/**
 * How the threshold is chosen: one of the rules above; `cost`: the least total cost
 * fp·FP + fn·FN (e.g. the German credit documentation's fn = 5, fp = 1); `capacity`: as
 * many rows flagged as a team can work — `rows` of the evaluated rows, or a `share` of them.
 */
export type ThresholdSpec =
  | { readonly rule: ThresholdRule }
  | { readonly rule: "cost"; readonly fp: number; readonly fn: number }
  | { readonly rule: "capacity"; readonly rows?: number; readonly share?: number };

export type ThresholdChoice = { value: number; rule: string; confusion: Confusion } & ConfusionRates;

export function confusionAt(proba: Float64Array, y: Uint8Array, value: number): Confusion {
  checkScored(proba, y);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < proba.length; i++) {
    const predicted = (proba[i] as number) >= value;
    if (y[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

export function confusionRates(c: Confusion): ConfusionRates {
  const predictedPositive = c.tp + c.fp;
  const actualPositive = c.tp + c.fn;
  const total = c.tp + c.fp + c.tn + c.fn;
  const f1Denominator = 2 * c.tp + c.fp + c.fn;
  return {
    precision: predictedPositive > 0 ? c.tp / predictedPositive : 0,
    recall: actualPositive > 0 ? c.tp / actualPositive : 0,
    f1: f1Denominator > 0 ? (2 * c.tp) / f1Denominator : 0,
    accuracy: total > 0 ? (c.tp + c.tn) / total : 0,
  };
}

/**
 * Scans every distinct probability as a candidate cut (one sort, then one pass) and keeps
 * the best by `rule`; on a tie the higher cut wins (fewer rows flagged for the same score).
 */
export function chooseThreshold(proba: Float64Array, y: Uint8Array, rule: ThresholdRule = "max-f1"): ThresholdChoice {
  if (!THRESHOLD_RULES.includes(rule)) {
    throw new LeadscoreError("usage", `Unknown threshold rule '${String(rule)}' (known: ${THRESHOLD_RULES.join(", ")}).`);
  }
  const curve = scoreCurve(proba, y);
  if (curve.thresholds.length === 0) throw new LeadscoreError("data", "Choosing a threshold needs at least one row.");
  let bestIndex = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < curve.thresholds.length; k++) {
    const confusion = confusionFromCurve(curve.truePositives[k] as number, curve.falsePositives[k] as number, curve.positives, curve.negatives);
    const value = ruleValue(rule, confusion);
    if (value > bestValue) {
      bestValue = value;
      bestIndex = k;
    }
  }
  const confusion = confusionFromCurve(
    curve.truePositives[bestIndex] as number,
    curve.falsePositives[bestIndex] as number,
    curve.positives,
    curve.negatives,
  );
  return { value: curve.thresholds[bestIndex] as number, rule, confusion, ...confusionRates(confusion) };
}

function confusionFromCurve(tp: number, fp: number, positives: number, negatives: number): Confusion {
  return { tp, fp, tn: negatives - fp, fn: positives - tp };
}

function ruleValue(rule: ThresholdRule, c: Confusion): number {
  switch (rule) {
    case "max-f1":
      return confusionRates(c).f1;
    case "max-accuracy":
      return c.tp + c.tn;
    case "youden": {
      const tpr = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
      const fpr = c.fp + c.tn > 0 ? c.fp / (c.fp + c.tn) : 0;
      return tpr - fpr;
    }
  }
}

/** Chooses by any ThresholdSpec; the rule is described in the result ("cost fp=1 fn=5"). */
export function chooseThresholdBy(proba: Float64Array, y: Uint8Array, spec: ThresholdSpec): ThresholdChoice {
  if (spec.rule !== "cost" && spec.rule !== "capacity") return chooseThreshold(proba, y, spec.rule);
  const curve = scoreCurve(proba, y);
  if (curve.thresholds.length === 0) throw new LeadscoreError("data", "Choosing a threshold needs at least one row.");
  const total = curve.positives + curve.negatives;
  let bestIndex = -1;
  let description: string;
  if (spec.rule === "cost") {
    description = `cost fp=${spec.fp} fn=${spec.fn}`;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let k = 0; k < curve.thresholds.length; k++) {
      const c = confusionFromCurve(curve.truePositives[k] as number, curve.falsePositives[k] as number, curve.positives, curve.negatives);
      const cost = spec.fp * c.fp + spec.fn * c.fn;
      if (cost < bestCost) {
        bestCost = cost;
        bestIndex = k;
      }
    }
  } else {
    const capacity = spec.rows ?? Math.round((spec.share ?? 0) * total);
    description = spec.rows !== undefined ? `capacity ${spec.rows} rows` : `capacity ${((spec.share ?? 0) * 100).toFixed(1)} %`;
    // Thresholds fall as k grows, so flagged rows only grow: keep the last that fits.
    for (let k = 0; k < curve.thresholds.length; k++) {
      if ((curve.truePositives[k] as number) + (curve.falsePositives[k] as number) <= capacity) bestIndex = k;
      else break;
    }
  }
  if (bestIndex < 0) {
    // Not even the top score fits the capacity: flag nothing.
    const confusion = { tp: 0, fp: 0, tn: curve.negatives, fn: curve.positives };
    return { value: Number.MAX_VALUE, rule: description, confusion, ...confusionRates(confusion) };
  }
  const confusion = confusionFromCurve(curve.truePositives[bestIndex] as number, curve.falsePositives[bestIndex] as number, curve.positives, curve.negatives);
  return { value: curve.thresholds[bestIndex] as number, rule: description, confusion, ...confusionRates(confusion) };
}
