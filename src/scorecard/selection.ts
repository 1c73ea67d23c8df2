/**
 * Which characteristics enter the scorecard, and the logistic regression on their WoE.
 *
 * In order: characteristics forced out leave; those below the IV threshold leave; of two
 * whose WoE correlate above the limit, the lower-IV one leaves (forced-in ones are taken
 * first and never leave); optionally lasso (l1) and forward-backward stepwise selection by
 * likelihood-ratio tests; finally, a characteristic whose coefficient comes out with the
 * wrong sign leaves and the model is refitted. With WoE = ln(%good / %bad) the model of
 * the bad class must have negative coefficients: a positive one means the characteristic
 * works against its own evidence once combined with the others, which a validator rejects.
 * Each characteristic gets a status saying why it is in or out.
 */
import { LeadscoreError } from "../core/errors.js";
import type { Labels, Matrix } from "../core/matrix.js";
import { LogisticLearner } from "../models/logistic.js";

export interface SelectionInput {
  readonly names: readonly string[];
  readonly iv: readonly number[];
  /** The WoE of every training row, per characteristic. */
  readonly woe: readonly Float64Array[];
  readonly y: Labels;
  readonly w?: Float64Array;
  readonly forceIn: ReadonlySet<string>;
  readonly forceOut: ReadonlySet<string>;
  readonly ivMin: number;
  readonly maxCorrelation: number;
  readonly stepwise: boolean;
  readonly l1: number;
  readonly l2: number;
}

export interface Selection {
  readonly selected: boolean[];
  readonly status: string[];
  readonly intercept: number;
  /** Per characteristic; 0 for those left out. */
  readonly coefficients: Float64Array;
}

/** χ²(1) at p = 0.05: the likelihood-ratio statistic a characteristic needs to enter or stay. */
export const CHI2_1_AT_05 = 3.841458820694124;

export function selectCharacteristics(input: SelectionInput): Selection {
  const p = input.names.length;
  const status = input.names.map(() => "");
  const forced = input.names.map((name) => input.forceIn.has(name));
  const alive = input.names.map((name, j) => {
    if (input.forceOut.has(name)) {
      status[j] = "forced out";
      return false;
    }
    return true;
  });

  for (let j = 0; j < p; j++) {
    if (alive[j] && !forced[j] && (input.iv[j] as number) < input.ivMin) {
      alive[j] = false;
      status[j] = `IV ${(input.iv[j] as number).toFixed(4)} below ${input.ivMin}`;
    }
  }

  // Correlation filter: forced-in first, then by IV, highest first.
  const order = input.names.map((_, j) => j).filter((j) => alive[j]);
  order.sort((a, b) => Number(forced[b]) - Number(forced[a]) || (input.iv[b] as number) - (input.iv[a] as number) || a - b);
  const kept: number[] = [];
  for (const j of order) {
    if (!forced[j]) {
      let worst = -1;
      let worstR = 0;
      for (const k of kept) {
        const r = correlation(input.woe[j] as Float64Array, input.woe[k] as Float64Array, input.w);
        if (Math.abs(r) > input.maxCorrelation && Math.abs(r) > Math.abs(worstR)) {
          worst = k;
          worstR = r;
        }
      }
      if (worst >= 0) {
        alive[j] = false;
        status[j] = `WoE correlates ${worstR.toFixed(2)} with '${input.names[worst]}', which has a higher IV`;
        continue;
      }
    }
    kept.push(j);
  }

  let inModel = kept.slice().sort((a, b) => a - b);
  if (input.l1 > 0 && inModel.length > 0) {
    const lasso = fit(input, inModel, input.l1);
    inModel = inModel.filter((j, at) => {
      if (forced[j] || (lasso.coefficients[at] as number) !== 0) return true;
      status[j] = `lasso (l1 = ${input.l1}) set its coefficient to 0`;
      return false;
    });
  }
  if (input.stepwise) inModel = stepwise(input, inModel, forced, status);

  // Wrong signs out, one at a time, the most positive first.
  let model = fit(input, inModel, 0);
  for (;;) {
    let worst = -1;
    let worstCoefficient = 0;
    inModel.forEach((j, at) => {
      const c = model.coefficients[at] as number;
      if (!forced[j] && c > worstCoefficient) {
        worst = at;
        worstCoefficient = c;
      }
    });
    if (worst < 0 || inModel.length === 1) break;
    status[inModel[worst] as number] = `left out: its coefficient came out with the wrong sign (${worstCoefficient.toFixed(3)} > 0) beside the others`;
    inModel = inModel.filter((_, at) => at !== worst);
    model = fit(input, inModel, 0);
  }

  if (inModel.length === 0) {
    const candidates = input.names.map((_, j) => j).filter((j) => !input.forceOut.has(input.names[j] as string));
    if (candidates.length === 0) throw new LeadscoreError("usage", "Every characteristic was forced out of the scorecard; leave at least one in.", { field: "force-out" });
    candidates.sort((a, b) => (input.iv[b] as number) - (input.iv[a] as number) || a - b);
    const j = candidates[0] as number;
    status[j] = "kept: no characteristic passed selection, so the one with the highest IV was kept";
    inModel = [j];
    model = fit(input, inModel, 0);
  }

  const selected = input.names.map(() => false);
  const coefficients = new Float64Array(p);
  inModel.forEach((j, at) => {
    selected[j] = true;
    coefficients[j] = model.coefficients[at] as number;
    if (status[j] === "") status[j] = forced[j] ? "forced in" : "selected";
  });
  for (let j = 0; j < p; j++) if (!selected[j] && status[j] === "") status[j] = "left out";
  return { selected, status, intercept: model.intercept, coefficients };
}

interface Fit {
  readonly intercept: number;
  readonly coefficients: Float64Array;
  readonly logLikelihood: number;
}

/** Logistic regression of the bad class on the WoE of `columns` (empty: intercept only). */
function fit(input: SelectionInput, columns: readonly number[], l1: number): Fit {
  const n = input.y.length;
  const X: Matrix = {
    rows: n,
    features: columns.map((j) => ({ name: input.names[j] as string, source: input.names[j] as string, type: "numeric" as const })),
    columns: columns.map((j) => input.woe[j] as Float64Array),
  };
  const scorer = new LogisticLearner({ l2: input.l2, l1 }).fit(X, input.y, input.w);
  const raw = scorer.predictRaw(X);
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const z = raw[i] as number;
    // log σ(z) for a positive, log σ(−z) for a negative, computed stably.
    const s = input.y[i] === 1 ? -z : z;
    const loss = s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
    ll -= (input.w === undefined ? 1 : (input.w[i] as number)) * loss;
  }
  return { intercept: scorer.intercept, coefficients: scorer.coefficients(), logLikelihood: ll };
}

/** Forward-backward stepwise selection among `pool` (forced ones always in), by likelihood-ratio tests at p = 0.05. */
function stepwise(input: SelectionInput, pool: readonly number[], forced: readonly boolean[], status: string[]): number[] {
  let inModel = pool.filter((j) => forced[j]);
  let current = fit(input, inModel, 0);
  const removed = new Set<number>();
  for (let step = 0; step < 2 * pool.length + 2; step++) {
    let bestJ = -1;
    let best: Fit | null = null;
    for (const j of pool) {
      if (inModel.includes(j) || removed.has(j)) continue;
      const candidate = fit(input, [...inModel, j].sort((a, b) => a - b), 0);
      if (best === null || candidate.logLikelihood > best.logLikelihood) {
        best = candidate;
        bestJ = j;
      }
    }
    if (best === null || 2 * (best.logLikelihood - current.logLikelihood) <= CHI2_1_AT_05) break;
    inModel = [...inModel, bestJ].sort((a, b) => a - b);
    current = best;
    // Backward: the weakest earlier entrant leaves when it no longer earns its place.
    let weakest = -1;
    let weakestStat = Number.POSITIVE_INFINITY;
    let without: Fit | null = null;
    for (const j of inModel) {
      if (forced[j] || j === bestJ) continue;
      const reduced = fit(input, inModel.filter((k) => k !== j), 0);
      const stat = 2 * (current.logLikelihood - reduced.logLikelihood);
      if (stat < weakestStat) {
        weakestStat = stat;
        weakest = j;
        without = reduced;
      }
    }
    if (weakest >= 0 && weakestStat <= CHI2_1_AT_05 && without) {
      inModel = inModel.filter((k) => k !== weakest);
      removed.add(weakest);
      status[weakest] = `removed by stepwise selection (likelihood-ratio ${weakestStat.toFixed(2)}, p ≥ 0.05)`;
      current = without;
    }
  }
  for (const j of pool) {
    if (!inModel.includes(j) && status[j] === "") status[j] = "not entered by stepwise selection (p ≥ 0.05)";
  }
  return inModel;
}

/** Weighted Pearson correlation; 0 when either column is constant. */
export function correlation(a: Float64Array, b: Float64Array, w?: Float64Array): number {
  let sw = 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    const wi = w === undefined ? 1 : (w[i] as number);
    sw += wi;
    ma += wi * (a[i] as number);
    mb += wi * (b[i] as number);
  }
  if (!(sw > 0)) return 0;
  ma /= sw;
  mb /= sw;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const wi = w === undefined ? 1 : (w[i] as number);
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += wi * da * db;
    saa += wi * da * da;
    sbb += wi * db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
