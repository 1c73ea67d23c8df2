/**
 * A fitted points scorecard as a Scorer. Its integer points are the model: the raw output
 * is the log-odds of the positive (bad) class implied by the total points,
 *
 *   raw = (offset − points) / factor,   i.e. odds_good = exp((points − offset) / factor),
 *
 * so the probability, the `score` column (the points) and scorecard.sql agree exactly.
 * `explain` measures each characteristic against its best bin: the contribution is the
 * points lost there, in log-odds (maxPoints − points) / factor, and the base is the raw
 * output of an applicant with the best bin everywhere — the points-below-maximum method
 * used for adverse-action reason codes.
 */
import { LeadscoreError } from "../core/errors.js";
import type { Matrix } from "../core/matrix.js";
import { resolveParams } from "../core/params.js";
import { type Contributions, type Scorer, type ScorerJSONBase, probaFromRaw } from "../core/scorer.js";
import { type BinLayout, type BinStats, type FittedTrend, binOf } from "./characteristic.js";
import type { Scaling } from "./points.js";
import { SCORECARD_PARAMS, type ScorecardParams } from "./scorecard-params.js";

export interface CharacteristicJSON {
  /** The matrix feature (for tree-style encoding, the input column). */
  readonly feature: string;
  /** The input column. */
  readonly column: string;
  readonly layout: BinLayout;
  readonly trend: FittedTrend;
  /** Bins from optimal binning, or given by hand (bins.json). */
  readonly origin: "optimal" | "user";
  /** Per bin, on the training rows. */
  readonly bins: readonly BinStats[];
  readonly iv: number;
  readonly selected: boolean;
  /** Why the characteristic is in or out. */
  readonly status: string;
  /** Logistic coefficient on WoE (log-odds of bad per unit of WoE); 0 when left out. */
  readonly coefficient: number;
  /** Integer points per bin; all 0 when left out. */
  readonly points: readonly number[];
  /** Weighted standard deviation of its points on training rows, in log-odds. */
  readonly importance: number;
}

export interface ScorecardJSON extends ScorerJSONBase {
  readonly kind: "scorecard";
  readonly version: 1;
  readonly params: ScorecardParams;
  readonly scaling: Scaling;
  /** Intercept of the logistic regression on WoE (log-odds of bad). */
  readonly intercept: number;
  /** One per matrix feature, in matrix order. */
  readonly characteristics: readonly CharacteristicJSON[];
}

export class ScorecardScorer implements Scorer {
  readonly kind = "scorecard" as const;
  readonly json: ScorecardJSON;
  private readonly selected: number[];
  private readonly best: number[];

  constructor(json: ScorecardJSON) {
    this.json = json;
    this.selected = [];
    this.best = [];
    json.characteristics.forEach((c, f) => {
      if (!c.selected) return;
      this.selected.push(f);
      this.best.push(Math.max(...c.points));
    });
  }

  get scaling(): Scaling {
    return this.json.scaling;
  }

  /** Total integer points per row. */
  points(X: Matrix): Int32Array {
    this.checkWidth(X);
    const out = new Int32Array(X.rows);
    for (const f of this.selected) {
      const c = this.json.characteristics[f] as CharacteristicJSON;
      const col = X.columns[f] as Float64Array;
      for (let i = 0; i < X.rows; i++) out[i] = (out[i] as number) + (c.points[binOf(c.layout, col[i] as number)] as number);
    }
    return out;
  }

  /** The bin of every row for every characteristic: bins[f][i]. */
  bins(X: Matrix): Int32Array[] {
    this.checkWidth(X);
    return this.json.characteristics.map((c, f) => {
      const col = X.columns[f] as Float64Array;
      return Int32Array.from(col, (x) => binOf(c.layout, x));
    });
  }

  predictRaw(X: Matrix): Float64Array {
    const points = this.points(X);
    const { offset, factor } = this.json.scaling;
    return Float64Array.from(points, (p) => (offset - p) / factor);
  }

  predictProba(X: Matrix): Float64Array {
    return probaFromRaw(this.predictRaw(X));
  }

  explain(X: Matrix): Contributions {
    this.checkWidth(X);
    const { offset, factor } = this.json.scaling;
    const width = this.json.characteristics.length;
    const values = new Float64Array(X.rows * width);
    let bestTotal = 0;
    this.selected.forEach((f, s) => {
      const c = this.json.characteristics[f] as CharacteristicJSON;
      const col = X.columns[f] as Float64Array;
      const best = this.best[s] as number;
      bestTotal += best;
      for (let i = 0; i < X.rows; i++) values[i * width + f] = (best - (c.points[binOf(c.layout, col[i] as number)] as number)) / factor;
    });
    return { base: (offset - bestTotal) / factor, rows: X.rows, features: width, values };
  }

  featureImportance(): Float64Array {
    return Float64Array.from(this.json.characteristics, (c) => (c.selected ? c.importance : 0));
  }

  toJSON(): ScorecardJSON {
    return this.json;
  }

  private checkWidth(X: Matrix): void {
    const width = this.json.characteristics.length;
    if (X.columns.length !== width) {
      throw new LeadscoreError("data", `The scorecard was fitted on ${width} characteristics but the data has ${X.columns.length}.`);
    }
  }
}

/** The scorecard scorer behind a Scorer, or undefined for any other model. */
export function asScorecard(scorer: Scorer): ScorecardScorer | undefined {
  return scorer instanceof ScorecardScorer ? scorer : undefined;
}

/** Rebuilds a scorecard from `toJSON()` output, refusing anything malformed. */
export function scorecardFromJSON(json: unknown): ScorecardScorer {
  const bad = (what: string): LeadscoreError => new LeadscoreError("model", `Invalid scorecard model: ${what}.`);
  const doc = objectOf(json, "the scorecard", bad);
  if (doc["kind"] !== "scorecard") throw bad(`kind is ${JSON.stringify(doc["kind"])}, expected "scorecard"`);
  if (doc["version"] !== 1) throw bad(`version ${JSON.stringify(doc["version"])} is not supported (expected 1)`);
  let params: ScorecardParams;
  try {
    params = resolveParams("scorecard", SCORECARD_PARAMS, objectOf(doc["params"], "params", bad) as Record<string, number | boolean>);
  } catch (error) {
    throw bad(error instanceof Error ? error.message : String(error));
  }
  const s = objectOf(doc["scaling"], "scaling", bad);
  const scaling: Scaling = {
    pdo: finite(s["pdo"], "scaling.pdo", bad),
    baseScore: finite(s["baseScore"], "scaling.baseScore", bad),
    baseOdds: finite(s["baseOdds"], "scaling.baseOdds", bad),
    factor: finite(s["factor"], "scaling.factor", bad),
    offset: finite(s["offset"], "scaling.offset", bad),
  };
  if (!(scaling.factor > 0)) throw bad("scaling.factor must be positive");
  const intercept = finite(doc["intercept"], "intercept", bad);
  const list = doc["characteristics"];
  if (!Array.isArray(list) || list.length === 0) throw bad("characteristics must be a non-empty array");
  const characteristics = list.map((item: unknown, f) => characteristicOf(item, `characteristics[${f}]`, bad));
  if (!characteristics.some((c) => c.selected)) throw bad("no characteristic is selected");
  return new ScorecardScorer({ kind: "scorecard", version: 1, params, scaling, intercept, characteristics });
}

type Bad = (what: string) => LeadscoreError;

function characteristicOf(value: unknown, at: string, bad: Bad): CharacteristicJSON {
  const c = objectOf(value, at, bad);
  const text = (key: string): string => {
    const v = c[key];
    if (typeof v !== "string") throw bad(`${at}.${key} must be text`);
    return v;
  };
  const binsRaw = c["bins"];
  if (!Array.isArray(binsRaw) || binsRaw.length === 0) throw bad(`${at}.bins must be a non-empty array`);
  const bins: BinStats[] = binsRaw.map((b: unknown, i) => {
    const o = objectOf(b, `${at}.bins[${i}]`, bad);
    return {
      count: finite(o["count"], `${at}.bins[${i}].count`, bad),
      events: finite(o["events"], `${at}.bins[${i}].events`, bad),
      woe: finite(o["woe"], `${at}.bins[${i}].woe`, bad),
      iv: finite(o["iv"], `${at}.bins[${i}].iv`, bad),
    };
  });
  const points = integers(c["points"], `${at}.points`, bad);
  if (points.length !== bins.length) throw bad(`${at}.points has ${points.length} entries for ${bins.length} bins`);
  const layout = layoutOf(c["layout"], `${at}.layout`, bins.length, bad);
  const trend = text("trend");
  if (!["ascending", "descending", "peak", "valley", "none"].includes(trend)) throw bad(`${at}.trend '${trend}' is not a trend`);
  const origin = text("origin");
  if (origin !== "optimal" && origin !== "user") throw bad(`${at}.origin must be "optimal" or "user"`);
  const selected = c["selected"];
  if (typeof selected !== "boolean") throw bad(`${at}.selected must be true or false`);
  return {
    feature: text("feature"),
    column: text("column"),
    layout,
    trend: trend as FittedTrend,
    origin,
    bins,
    iv: finite(c["iv"], `${at}.iv`, bad),
    selected,
    status: text("status"),
    coefficient: finite(c["coefficient"], `${at}.coefficient`, bad),
    points,
    importance: finite(c["importance"], `${at}.importance`, bad),
  };
}

function layoutOf(value: unknown, at: string, bins: number, bad: Bad): BinLayout {
  const l = objectOf(value, at, bad);
  const binIndex = (v: unknown, where: string): number => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= bins) throw bad(`${where} must be a bin number from 0 to ${bins - 1}`);
    return v;
  };
  const missingBin = binIndex(l["missingBin"], `${at}.missingBin`);
  if (l["type"] === "numeric") {
    const cutsRaw = l["cuts"];
    if (!Array.isArray(cutsRaw)) throw bad(`${at}.cuts must be an array`);
    const cuts = cutsRaw.map((v: unknown, i) => finite(v, `${at}.cuts[${i}]`, bad));
    if (cuts.some((v, i) => i > 0 && !(v > (cuts[i - 1] as number)))) throw bad(`${at}.cuts must increase`);
    if (cuts.length + 1 > bins) throw bad(`${at} has ${cuts.length} cuts but only ${bins} bins`);
    const specialRaw = l["special"];
    if (!Array.isArray(specialRaw)) throw bad(`${at}.special must be an array`);
    const special = specialRaw.map((item: unknown, i) => {
      const o = objectOf(item, `${at}.special[${i}]`, bad);
      return { value: finite(o["value"], `${at}.special[${i}].value`, bad), bin: binIndex(o["bin"], `${at}.special[${i}].bin`) };
    });
    return { type: "numeric", cuts, special, missingBin };
  }
  if (l["type"] === "categorical") {
    const levelsRaw = l["levels"];
    if (!Array.isArray(levelsRaw) || levelsRaw.some((v) => typeof v !== "string")) throw bad(`${at}.levels must be an array of text`);
    const hasOther = l["hasOther"];
    if (typeof hasOther !== "boolean") throw bad(`${at}.hasOther must be true or false`);
    const codesRaw = l["binOfCode"];
    if (!Array.isArray(codesRaw)) throw bad(`${at}.binOfCode must be an array`);
    const binOfCode = codesRaw.map((v: unknown, i) => binIndex(v, `${at}.binOfCode[${i}]`));
    if (binOfCode.length !== levelsRaw.length + (hasOther ? 1 : 0)) throw bad(`${at}.binOfCode must have one bin per level${hasOther ? " and one for (other)" : ""}`);
    return { type: "categorical", levels: levelsRaw as string[], hasOther, binOfCode, missingBin };
  }
  throw bad(`${at}.type must be "numeric" or "categorical"`);
}

function objectOf(value: unknown, at: string, bad: Bad): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw bad(`${at} must be an object`);
  return value as Record<string, unknown>;
}

function finite(value: unknown, at: string, bad: Bad): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw bad(`${at} must be a finite number`);
  return value;
}

/** Whole numbers small enough (|v| ≤ 2²¹) that the points of up to 1,024 characteristics add up exactly in an Int32Array. */
function integers(value: unknown, at: string, bad: Bad): number[] {
  if (!Array.isArray(value)) throw bad(`${at} must be an array of whole numbers`);
  return value.map((v: unknown, i) => {
    if (typeof v !== "number" || !Number.isInteger(v) || Math.abs(v) > 2 ** 31 / 1024) throw bad(`${at}[${i}] must be a whole number`);
    return v;
  });
}
