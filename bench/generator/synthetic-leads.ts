/**
 * Synthetic CRM leads with known true conversion probabilities, so the best possible AUC
 * is known and models can be judged against it. 20 columns: 13 numeric, 7 categorical,
 * about 10 % positives, missing values, non-linear effects and interactions.
 *
 * `drift` shifts some inputs (for drift-detection tests); the unshifted columns keep their
 * distribution exactly.
 */
import { createWriteStream } from "node:fs";
import type { RawTable } from "../../src/core/frame.js";
import { Rng } from "../../src/core/rng.js";
import { sigmoid } from "../../src/core/scorer.js";

export const NUMERIC_COLUMNS = [
  "pages_viewed",
  "visits_last_30d",
  "email_opens",
  "email_clicks",
  "time_on_site_s",
  "days_since_signup",
  "company_employees",
  "annual_revenue_m",
  "webinar_minutes",
  "form_fills",
  "support_tickets",
  "price_page_views",
  "noise_score",
] as const;

export const CATEGORICAL_COLUMNS = ["lead_source", "industry", "country", "job_level", "device", "plan_interest", "campaign"] as const;

export const SYNTHETIC_COLUMNS = [...NUMERIC_COLUMNS, ...CATEGORICAL_COLUMNS] as const;

const LEVELS: Record<(typeof CATEGORICAL_COLUMNS)[number], readonly string[]> = {
  lead_source: ["organic", "paid_search", "referral", "webinar", "cold_outbound", "partner"],
  industry: ["software", "finance", "retail", "health", "manufacturing", "education", "public", "other"],
  country: ["US", "UK", "DE", "FR", "IN", "BR", "JP", "AU", "CA", "NL", "ES", "IT"],
  job_level: ["c_level", "vp", "director", "manager", "individual", "student"],
  device: ["desktop", "mobile", "tablet"],
  plan_interest: ["free", "starter", "pro", "enterprise"],
  campaign: Array.from({ length: 40 }, (_, i) => `cmp_${String(i + 1).padStart(2, "0")}`),
};

const SOURCE_EFFECT = [0.2, 0.1, 0.9, 0.7, -0.8, 0.4];
const LEVEL_EFFECT = [1.0, 0.7, 0.4, 0.1, -0.2, -1.2];
const PLAN_EFFECT = [-0.6, 0, 0.4, 0.8];
const INDUSTRY_EFFECT = [0.3, 0.2, -0.2, 0.1, -0.1, -0.3, -0.4, 0];

export interface DriftOptions {
  /** Columns whose distribution is shifted. */
  readonly columns: readonly string[];
}

/** The columns `drift` shifts by default: two numeric, one categorical. */
export const DEFAULT_DRIFTED = ["time_on_site_s", "company_employees", "lead_source"] as const;

export interface SyntheticLeads {
  readonly table: RawTable;
  /** True P(converted) of each row. */
  readonly truth: Float64Array;
  readonly labels: Uint8Array;
}

/**
 * How the true probability depends on the columns. `nonlinear` (the default): curved effects
 * and interactions of values that may then be hidden as missing. `logistic`: log-odds linear
 * in what a row shows (numbers as they are, one effect per category level, a constant for a
 * missing cell), so logistic regression on leadscore's encoding is correctly specified and
 * its estimates converge to the true probability. Same columns and values either way.
 */
export type TruthMode = "nonlinear" | "logistic";

export interface SyntheticOptions {
  readonly rows: number;
  readonly seed: number;
  readonly drift?: DriftOptions;
  readonly truth?: TruthMode;
}

/** One lead's values (numbers NaN when missing, categorical codes -1 when missing) and its true probability. */
export interface LeadRow {
  readonly numeric: Float64Array;
  readonly codes: Int32Array;
  readonly probability: number;
}

export function makeLeadRow(rng: Rng, drifted: ReadonlySet<string>, truth: TruthMode = "nonlinear"): LeadRow {
  const numeric = new Float64Array(NUMERIC_COLUMNS.length);
  const codes = new Int32Array(CATEGORICAL_COLUMNS.length);
  const pick = (weights: readonly number[]): number => {
    let u = rng.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] as number;
      if (u <= 0) return i;
    }
    return weights.length - 1;
  };
  const sourceWeights = drifted.has("lead_source") ? [1, 1, 1, 1, 6, 1] : [3, 3, 1, 1, 2, 1];
  const source = pick(sourceWeights);
  const industry = pick([3, 2, 2, 1.5, 1.5, 1, 1, 1]);
  const country = pick([6, 2, 2, 1.5, 1.5, 1, 1, 1, 1, 1, 0.5, 0.5]);
  const level = pick([0.5, 1, 2, 3, 5, 1]);
  const device = pick([6, 3, 1]);
  const plan = pick([4, 3, 2, 1]);
  const campaign = rng.int(40);
  codes.set([source, industry, country, level, device, plan, campaign]);

  const engagement = rng.normal();
  const pages = Math.floor(Math.exp(1.2 + 0.6 * engagement + 0.5 * rng.normal()));
  const visits = Math.floor(Math.exp(0.8 + 0.5 * engagement + 0.5 * rng.normal()));
  const opens = Math.floor(Math.exp(1 + 0.4 * engagement + 0.6 * rng.normal()));
  const clicks = Math.floor(opens * rng.next() * 0.5);
  const timeShift = drifted.has("time_on_site_s") ? 1.0 : 0;
  const timeOnSite = Math.round(Math.exp(5 + 0.5 * engagement + 0.7 * rng.normal() + timeShift));
  const daysSince = Math.floor(rng.next() * 365);
  const sizeShift = drifted.has("company_employees") ? 1.5 : 0;
  const employees = Math.round(Math.exp(3.5 + 1.5 * rng.normal() + sizeShift));
  const revenue = Math.round(employees * (0.1 + 0.2 * rng.next()) * 100) / 100;
  const webinar = rng.next() < 0.2 ? Math.round(10 + 50 * rng.next()) : 0;
  const forms = rng.next() < 0.3 ? 1 + rng.int(3) : 0;
  const tickets = rng.int(4);
  const pricePages = Math.floor(pages * rng.next() * 0.3);
  const noise = rng.normal();
  numeric.set([pages, visits, opens, clicks, timeOnSite, daysSince, employees, revenue, webinar, forms, tickets, pricePages, noise]);

  // The true log-odds: non-linear in engagement and size, with interactions.
  let z = -3.85;
  z += 0.55 * Math.log1p(pages) + 0.35 * Math.log1p(visits) + 0.25 * Math.log1p(clicks);
  z += 0.4 * Math.tanh((Math.log(timeOnSite) - 5) / 1.5);
  z += -0.9 * (daysSince / 365);
  z += 0.3 * Math.exp(-((Math.log(employees + 1) - 5) ** 2) / 4);
  z += webinar > 0 ? 0.5 : 0;
  z += 0.35 * forms;
  z += -0.15 * tickets;
  z += 0.25 * Math.min(pricePages, 4) * (plan >= 2 ? 1.4 : 0.6);
  z += (SOURCE_EFFECT[source] as number) + (LEVEL_EFFECT[level] as number) * (employees > 200 ? 1.2 : 0.8);
  z += (PLAN_EFFECT[plan] as number) + (INDUSTRY_EFFECT[industry] as number);
  z += device === 1 ? -0.2 : 0;
  z += campaign % 7 === 0 ? 0.4 : 0;
  const probability = sigmoid(z);

  // Missing values, not at random for some columns.
  if (rng.next() < 0.08) numeric[6] = Number.NaN; // company_employees
  if (rng.next() < 0.12) numeric[7] = Number.NaN; // annual_revenue_m
  if (rng.next() < (probability > 0.2 ? 0.02 : 0.1)) numeric[4] = Number.NaN; // time_on_site_s
  if (rng.next() < 0.05) codes[1] = -1; // industry
  if (rng.next() < 0.1) codes[3] = -1; // job_level
  return { numeric, codes, probability: truth === "logistic" ? sigmoid(linearLogOdds(numeric, codes)) : probability };
}

/** The `logistic` truth: log-odds linear in the row's visible values (NaN / code -1 = missing). */
export function linearLogOdds(numeric: Float64Array, codes: Int32Array): number {
  const value = (c: number, perUnit: number, ifMissing: number): number => {
    const v = numeric[c] as number;
    return Number.isNaN(v) ? ifMissing : perUnit * v;
  };
  let z = -3.0;
  z += value(0, 0.05, 0) + value(1, 0.08, 0) + value(2, 0.03, 0) + value(3, 0.15, 0); // pages, visits, opens, clicks
  z += value(4, 0.0006, -0.3) + value(5, -0.0025, 0); // time on site, days since signup
  z += value(6, 0, 0.2) + value(7, 0, -0.1); // employees, revenue: only whether they are known
  z += value(8, 0.012, 0) + value(9, 0.3, 0) + value(10, -0.15, 0) + value(11, 0.12, 0); // webinar, forms, tickets, price pages
  const code = (c: number): number => codes[c] as number; // source, industry, country, level, device, plan, campaign
  z += SOURCE_EFFECT[code(0)] as number;
  z += code(1) === -1 ? 0 : (INDUSTRY_EFFECT[code(1)] as number);
  z += code(3) === -1 ? -0.2 : (LEVEL_EFFECT[code(3)] as number);
  z += PLAN_EFFECT[code(5)] as number;
  z += code(4) === 1 ? -0.2 : 0;
  z += code(6) % 7 === 0 ? 0.4 : 0;
  return z;
}

export function generateLeads(options: SyntheticOptions): SyntheticLeads {
  const rng = new Rng(options.seed);
  const drifted = new Set(options.drift?.columns ?? []);
  const truthMode = options.truth ?? "nonlinear";
  const n = options.rows;
  const cells: (string | null)[][] = [...SYNTHETIC_COLUMNS, "lead_id", "converted"].map(() => new Array<string | null>(n));
  const truth = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const row = makeLeadRow(rng, drifted, truthMode);
    writeRowCells(row, (c, value) => {
      (cells[c] as (string | null)[])[r] = value;
    });
    truth[r] = row.probability;
    labels[r] = rng.next() < row.probability ? 1 : 0;
    (cells[SYNTHETIC_COLUMNS.length] as (string | null)[])[r] = `lead_${r + 1}`;
    (cells[SYNTHETIC_COLUMNS.length + 1] as (string | null)[])[r] = labels[r] === 1 ? "1" : "0";
  }
  const table: RawTable = {
    source: `synthetic-leads(${n}, seed ${options.seed}${truthMode === "logistic" ? ", logistic truth" : ""})`,
    header: [...SYNTHETIC_COLUMNS, "lead_id", "converted"],
    rows: n,
    cells,
    lines: Int32Array.from({ length: n }, (_, i) => i + 2),
  };
  return { table, truth, labels };
}

function writeRowCells(row: LeadRow, put: (column: number, value: string | null) => void): void {
  NUMERIC_COLUMNS.forEach((_, c) => {
    const v = row.numeric[c] as number;
    put(c, Number.isNaN(v) ? null : String(v));
  });
  CATEGORICAL_COLUMNS.forEach((name, c) => {
    const code = row.codes[c] as number;
    put(NUMERIC_COLUMNS.length + c, code < 0 ? null : (LEVELS[name][code] as string));
  });
}

/**
 * Streams `rows` synthetic leads to a CSV file (with a `true_probability` column when asked),
 * in bounded memory, for the 1M- and 10M-row benchmarks.
 */
export async function writeLeadsCsv(path: string, options: SyntheticOptions & { withTruth?: boolean }): Promise<void> {
  const rng = new Rng(options.seed);
  const drifted = new Set(options.drift?.columns ?? []);
  const out = createWriteStream(path);
  const header = [...SYNTHETIC_COLUMNS, "lead_id", "converted", ...(options.withTruth ? ["true_probability"] : [])];
  let buffer = `${header.join(",")}\n`;
  for (let r = 0; r < options.rows; r++) {
    const row = makeLeadRow(rng, drifted, options.truth);
    const cells: string[] = new Array(header.length);
    writeRowCells(row, (c, value) => {
      cells[c] = value ?? "";
    });
    const label = rng.next() < row.probability ? "1" : "0";
    cells[SYNTHETIC_COLUMNS.length] = `lead_${r + 1}`;
    cells[SYNTHETIC_COLUMNS.length + 1] = label;
    if (options.withTruth) cells[SYNTHETIC_COLUMNS.length + 2] = row.probability.toPrecision(6);
    buffer += `${cells.join(",")}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      buffer = "";
    }
  }
  out.write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
