/**
 * `--model auto --time-budget S`: every family with its default parameters first (so the
 * winner is never worse than the best default), then random search over the families'
 * main hyper-parameters until the budget is spent, with successive halving's early
 * rejection: a candidate whose first fold is clearly behind the leader is dropped after
 * that fold. Before each fold the time it will take is predicted from the fold before,
 * and nothing is started that would overrun the budget, so the whole run (search, final
 * refit and report) ends within about 10 % of the budget.
 */
import { Rng } from "../core/rng.js";
import { summarise } from "../evaluate/metrics.js";
import { type TrainableFamily, createLearner } from "../models/registry.js";
import { type CrossValidation, type CvInput, crossValidate } from "./cross-validate.js";

export interface SearchResult {
  readonly runs: readonly CrossValidation[];
  /** The parameters each run was given (strings, as `--param` takes them), by run. */
  readonly given: ReadonlyMap<CrossValidation, Readonly<Record<string, string>>>;
  readonly candidatesTried: number;
  readonly candidatesDropped: number;
}

/** Share of the budget the search may use; the rest is kept for the final refit and the report. */
const SEARCH_SHARE = 0.75;
/** A candidate whose first fold is this far below the leader's mean AUC is dropped. */
const HALVING_MARGIN = 0.01;

type Sampler = (rng: Rng) => Record<string, string>;

const SEARCH_SPACES: Partial<Record<TrainableFamily, Sampler>> = {
  gbdt: (rng) => ({
    learningRate: logUniform(rng, 0.02, 0.2).toPrecision(3),
    maxLeaves: String(pick(rng, [7, 15, 31, 63])),
    minLeafRows: String(pick(rng, [10, 20, 50, 100, 200])),
    l2: String(pick(rng, [0, 0.1, 1, 10])),
    colSample: String(pick(rng, [0.5, 0.7, 0.85, 1])),
    rowSample: String(pick(rng, [0.7, 0.85, 1])),
  }),
  logistic: (rng) => ({ l2: logUniform(rng, 0.01, 100).toPrecision(3) }),
};

export function searchModels(
  input: CvInput,
  families: readonly TrainableFamily[],
  paramsOf: (family: TrainableFamily) => Readonly<Record<string, string>>,
  budgetSeconds: number,
  onFoldDone: () => void,
): SearchResult {
  const started = performance.now();
  const deadline = started + budgetSeconds * SEARCH_SHARE * 1000;
  const fits = (foldSeconds: number) => performance.now() + foldSeconds * 1.15 * 1000 < deadline;
  const runs: CrossValidation[] = [];
  const given = new Map<CrossValidation, Readonly<Record<string, string>>>();
  let best = Number.NEGATIVE_INFINITY;
  const record = (run: CrossValidation | undefined, params: Readonly<Record<string, string>>): boolean => {
    if (!run) return false;
    runs.push(run);
    given.set(run, params);
    best = Math.max(best, summarise(run.foldMetrics.map((m) => m.auc)).mean);
    return true;
  };
  for (const family of families) {
    if (performance.now() >= deadline) break;
    const params = paramsOf(family);
    record(crossValidate(input, family, params, onFoldDone, (seconds) => fits(seconds)), params);
  }
  const searchable = families.filter((f) => SEARCH_SPACES[f] !== undefined);
  const rng = new Rng(input.seed ^ 0x5ea5c4);
  let tried = 0;
  let dropped = 0;
  let invalid = 0;
  // Stop when even one fold of the slowest searched family would not fit.
  const foldSeconds = new Map(runs.map((r) => [r.family, r.fitSeconds]));
  while (searchable.length > 0) {
    const family = pickFamily(rng, searchable);
    if (!fits(foldSeconds.get(family) ?? 0)) break;
    const params = { ...paramsOf(family), ...(SEARCH_SPACES[family] as Sampler)(rng) };
    if (!isValid(family, params, input.seed)) {
      if (++invalid > 20) break;
      continue;
    }
    tried++;
    const run = crossValidate(input, family, params, onFoldDone, (seconds, done, auc) => {
      if (done === 1 && auc < best - HALVING_MARGIN) return false;
      return fits(seconds);
    });
    if (!record(run, params)) dropped++;
  }
  return { runs, given, candidatesTried: tried, candidatesDropped: dropped };
}

/** Mostly gradient boosting, where tuning pays most; otherwise one of the other searchable families. */
function pickFamily(rng: Rng, searchable: readonly TrainableFamily[]): TrainableFamily {
  const others = searchable.filter((f) => f !== "gbdt");
  if (searchable.includes("gbdt") && (others.length === 0 || rng.next() < 0.75)) return "gbdt";
  return others[rng.int(others.length)] as TrainableFamily;
}

function isValid(family: TrainableFamily, params: Readonly<Record<string, string>>, seed: number): boolean {
  try {
    createLearner(family, params, seed);
    return true;
  } catch {
    return false;
  }
}

function logUniform(rng: Rng, low: number, high: number): number {
  return Math.exp(Math.log(low) + rng.next() * (Math.log(high) - Math.log(low)));
}

function pick<T>(rng: Rng, values: readonly T[]): T {
  return values[rng.int(values.length)] as T;
}
