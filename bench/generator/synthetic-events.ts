/**
 * Synthetic leads with behavioural events and known true conversion probabilities, for the
 * event-feature tests, the events benchmark and the quickstart example.
 *
 * Each lead has fit attributes (employees, industry, job level, source, region), a snapshot
 * time (`snapshot_at`), and events over the 120 days before it: website sessions of page
 * views (some on pricing, demo or contact pages, more and more recent for leads with buying
 * interest), weekly marketing e-mails opened and clicked, form submissions and webinars. The
 * true log-odds is a function of the fit attributes and of the events before the snapshot:
 * pricing visits in the last 7 days, a demo-page visit in the last 14 days, e-mail opens
 * decaying with a 14-day half-life, clicks and forms in the last 30 days, days since the last
 * event. After the snapshot come more events — many more, with meetings, for leads that
 * converted — which a model must never see (the leakage trap).
 *
 * Deterministic: the same options give the same rows and events.
 */
import { createWriteStream } from "node:fs";
import type { RawTable } from "../../src/core/frame.js";
import { Rng } from "../../src/core/rng.js";
import { sigmoid } from "../../src/core/scorer.js";

export const LEAD_COLUMNS = ["lead_id", "snapshot_at", "employees", "industry", "job_level", "lead_source", "region", "converted"] as const;
export const EVENT_COLUMNS = ["lead_id", "timestamp", "type", "url"] as const;

const INDUSTRIES = ["software", "finance", "retail", "health", "manufacturing", "education"];
const INDUSTRY_EFFECT = [0.3, 0.2, -0.2, 0.1, -0.1, -0.3];
const LEVELS = ["c_level", "vp", "director", "manager", "individual"];
const LEVEL_EFFECT = [0.7, 0.5, 0.25, 0, -0.4];
const SOURCES = ["organic", "paid_search", "referral", "webinar", "outbound", "partner"];
const SOURCE_EFFECT = [0, -0.1, 0.5, 0.3, -0.6, 0.2];
// not "na": that reads as a missing value
const REGIONS = ["amer", "emea", "apac", "latam"];
const REGION_EFFECT = [0.1, 0, -0.1, -0.2];

const ORDINARY_PAGES = ["/", "/features", "/blog/post-{n}", "/docs/{n}", "/customers", "/careers", "/integrations/{n}", "/about"];
const DAY = 86_400_000;
const HISTORY_DAYS = 120;
/** Snapshots fall in [SNAPSHOT_FROM, SNAPSHOT_FROM + SNAPSHOT_SPAN_DAYS). */
const SNAPSHOT_FROM = Date.UTC(2024, 2, 1);
const SNAPSHOT_SPAN_DAYS = 120;

export interface SyntheticEventsOptions {
  readonly leads: number;
  readonly seed: number;
  /** Multiplies every event rate (1 gives about 12 events per lead before the snapshot). */
  readonly activity?: number;
}

export interface SyntheticEvent {
  readonly time: number;
  readonly type: string;
  readonly url: string | null;
}

export interface SyntheticLead {
  /** Lead-table cells in LEAD_COLUMNS order. */
  readonly cells: readonly string[];
  readonly events: readonly SyntheticEvent[];
  readonly probability: number;
  readonly label: 0 | 1;
}

/** One lead: attributes, events before and after its snapshot, true probability and outcome. */
export function makeLead(rng: Rng, index: number, idWidth: number, activity = 1): SyntheticLead {
  const pick = (n: number, weights: readonly number[]): number => {
    let u = rng.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) {
      u -= weights[i] as number;
      if (u <= 0) return i;
    }
    return n - 1;
  };
  const employees = Math.max(1, Math.round(Math.exp(4 + 1.4 * rng.normal())));
  const industry = pick(6, [3, 2, 2, 1.5, 1.5, 1]);
  const level = pick(5, [0.5, 1, 2, 3, 4]);
  const source = pick(6, [3, 3, 1, 1, 2, 1]);
  const region = pick(4, [4, 3, 2, 1]);
  const snapshot = SNAPSHOT_FROM + Math.floor(rng.next() * SNAPSHOT_SPAN_DAYS * 86_400) * 1000;
  // Buying interest, partly explained by fit; activity, partly by interest.
  const fitLogOdds = 0.3 * Math.log(employees / 50) + (LEVEL_EFFECT[level] as number) + (SOURCE_EFFECT[source] as number) + (INDUSTRY_EFFECT[industry] as number) + (REGION_EFFECT[region] as number);
  const interest = 0.35 * fitLogOdds + rng.normal();
  const engagement = 0.5 * interest + 0.85 * rng.normal();

  const events: SyntheticEvent[] = [];
  const history = (recentBias: number): number => {
    // Interested leads come back more recently: part of their activity falls in the last 14 days.
    const ageDays = rng.next() < recentBias ? rng.next() * 14 : rng.next() * HISTORY_DAYS;
    return snapshot - Math.max(1000, Math.round(ageDays * 86_400) * 1000);
  };
  const recentBias = sigmoid(-0.8 + 1.2 * interest);
  const sessions = poisson(rng, activity * Math.exp(0.55 + 0.5 * engagement));
  for (let s = 0; s < sessions; s++) {
    let time = history(recentBias);
    const pages = 1 + poisson(rng, 1.4);
    for (let p = 0; p < pages; p++) {
      events.push({ time, type: "page_view", url: pageUrl(rng, interest) });
      time += (60 + rng.int(420)) * 1000;
    }
  }
  const openRate = sigmoid(-1.4 + 0.6 * engagement + 0.3 * interest);
  for (let week = 1; week <= HISTORY_DAYS / 7; week++) {
    if (rng.next() >= Math.min(1, activity * openRate)) continue;
    const sent = snapshot - week * 7 * DAY + rng.int(86_400) * 1000;
    const opened = sent + Math.round(-Math.log(1 - rng.next()) * 6 * 3600) * 1000;
    if (opened >= snapshot) continue;
    events.push({ time: opened, type: "email_open", url: null });
    if (rng.next() < sigmoid(-1.6 + 0.6 * interest)) events.push({ time: opened + (20 + rng.int(300)) * 1000, type: "email_click", url: null });
  }
  for (let f = poisson(rng, activity * 0.15 * Math.exp(0.6 * interest)); f > 0; f--) events.push({ time: history(recentBias), type: "form_submit", url: null });
  for (let w = poisson(rng, activity * 0.12); w > 0; w--) events.push({ time: history(0), type: "webinar", url: null });
  const before = events.filter((e) => e.time < snapshot);

  const probability = sigmoid(-2.9 + fitLogOdds + behaviourLogOdds(before, snapshot));
  const label: 0 | 1 = rng.next() < probability ? 1 : 0;

  // After the snapshot: what a converted lead does next (meetings, pricing) — never to be used.
  const after = poisson(rng, label === 1 ? 5 : 1);
  for (let a = 0; a < after; a++) {
    const time = snapshot + (1 + rng.int(30 * 86_400)) * 1000;
    const r = rng.next();
    if (label === 1 && r < 0.3) events.push({ time, type: "meeting", url: null });
    else events.push({ time, type: "page_view", url: label === 1 && r < 0.7 ? "/pricing" : pageUrl(rng, 0) });
  }
  events.sort((a, b) => a.time - b.time);
  const cells = [
    `L${String(index + 1).padStart(idWidth, "0")}`,
    isoSeconds(snapshot),
    String(employees),
    INDUSTRIES[industry] as string,
    LEVELS[level] as string,
    SOURCES[source] as string,
    REGIONS[region] as string,
    String(label),
  ];
  return { cells, events, probability, label };
}

/** The behavioural part of the true log-odds, from the events before the snapshot. */
function behaviourLogOdds(events: readonly SyntheticEvent[], snapshot: number): number {
  let pricing7 = 0;
  let demo14 = false;
  let demo60 = false;
  let openDecay = 0;
  let clicks30 = 0;
  let forms30 = 0;
  let latest = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    const age = (snapshot - e.time) / DAY;
    latest = Math.max(latest, e.time);
    if (e.url?.startsWith("/pricing") && age <= 7) pricing7++;
    if (e.url?.startsWith("/demo")) {
      if (age <= 14) demo14 = true;
      else if (age <= 60) demo60 = true;
    }
    if (e.type === "email_open") openDecay += 0.5 ** (age / 14);
    if (e.type === "email_click" && age <= 30) clicks30++;
    if (e.type === "form_submit" && age <= 30) forms30++;
  }
  const daysSince = Number.isFinite(latest) ? Math.min(HISTORY_DAYS, (snapshot - latest) / DAY) : HISTORY_DAYS;
  return 0.6 * Math.min(pricing7, 4) + (demo14 ? 1.1 : demo60 ? 0.35 : 0) + 0.55 * Math.min(openDecay, 4) + 0.3 * Math.min(clicks30, 3) + 0.7 * Math.min(forms30, 2) - 0.015 * daysSince;
}

function pageUrl(rng: Rng, interest: number): string {
  const u = rng.next();
  const pricing = sigmoid(-2.3 + 0.9 * interest);
  const demo = sigmoid(-3.3 + 0.9 * interest);
  const contact = sigmoid(-3.8 + 0.7 * interest);
  if (u < pricing) return rng.next() < 0.8 ? "/pricing" : "/pricing/enterprise";
  if (u < pricing + demo) return rng.next() < 0.7 ? "/demo" : "/demo/book";
  if (u < pricing + demo + contact) return "/contact";
  return (ORDINARY_PAGES[rng.int(ORDINARY_PAGES.length)] as string).replace("{n}", String(1 + rng.int(40)));
}

function poisson(rng: Rng, mean: number): number {
  // Knuth's method: fine for the small means used here.
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export interface SyntheticLeadEvents {
  readonly leads: RawTable;
  /** Every event, before and after each snapshot, as the events file holds them. */
  readonly events: RawTable;
  /** True P(converted) of each lead. */
  readonly truth: Float64Array;
  readonly labels: Uint8Array;
}

/** Leads and events in memory (tests). */
export function generateLeadEvents(options: SyntheticEventsOptions): SyntheticLeadEvents {
  const rng = new Rng(options.seed);
  const width = String(options.leads).length;
  const leadCells: string[][] = LEAD_COLUMNS.map(() => []);
  const eventCells: (string | null)[][] = EVENT_COLUMNS.map(() => []);
  const truth = new Float64Array(options.leads);
  const labels = new Uint8Array(options.leads);
  for (let i = 0; i < options.leads; i++) {
    const lead = makeLead(rng, i, width, options.activity);
    lead.cells.forEach((cell, c) => (leadCells[c] as string[]).push(cell));
    for (const e of lead.events) {
      (eventCells[0] as (string | null)[]).push(lead.cells[0] as string);
      (eventCells[1] as (string | null)[]).push(isoSeconds(e.time));
      (eventCells[2] as (string | null)[]).push(e.type);
      (eventCells[3] as (string | null)[]).push(e.url);
    }
    truth[i] = lead.probability;
    labels[i] = lead.label;
  }
  const events = (eventCells[0] as unknown[]).length;
  return {
    leads: { source: `synthetic-leads(${options.leads}, seed ${options.seed})`, header: [...LEAD_COLUMNS], rows: options.leads, cells: leadCells, lines: Int32Array.from({ length: options.leads }, (_, i) => i + 2) },
    events: { source: `synthetic-events(${options.leads}, seed ${options.seed})`, header: [...EVENT_COLUMNS], rows: events, cells: eventCells, lines: Int32Array.from({ length: events }, (_, i) => i + 2) },
    truth,
    labels,
  };
}

/** A RawTable as CSV text (no quoting needed: the generated cells hold no commas or quotes). */
export function tableCsv(table: RawTable): string {
  const lines = [table.header.join(",")];
  for (let r = 0; r < table.rows; r++) lines.push(table.cells.map((column) => column[r] ?? "").join(","));
  return `${lines.join("\n")}\n`;
}

/**
 * Streams leads and events to two CSV files in bounded memory (the 1M-lead benchmark), with a
 * `true_probability` column in the leads file when asked. Returns the number of events written.
 */
export async function writeLeadEventsCsv(leadsPath: string, eventsPath: string, options: SyntheticEventsOptions & { withTruth?: boolean }): Promise<{ events: number }> {
  const rng = new Rng(options.seed);
  const width = String(options.leads).length;
  const leadsOut = createWriteStream(leadsPath);
  const eventsOut = createWriteStream(eventsPath);
  let leadsText = `${[...LEAD_COLUMNS, ...(options.withTruth ? ["true_probability"] : [])].join(",")}\n`;
  let eventsText = `${EVENT_COLUMNS.join(",")}\n`;
  let count = 0;
  const flush = async (out: ReturnType<typeof createWriteStream>, text: string): Promise<void> => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  };
  for (let i = 0; i < options.leads; i++) {
    const lead = makeLead(rng, i, width, options.activity);
    leadsText += `${lead.cells.join(",")}${options.withTruth ? `,${lead.probability.toPrecision(6)}` : ""}\n`;
    for (const e of lead.events) {
      eventsText += `${lead.cells[0]},${isoSeconds(e.time)},${e.type},${e.url ?? ""}\n`;
      count++;
    }
    if (eventsText.length > 1 << 20) {
      await flush(eventsOut, eventsText);
      eventsText = "";
    }
    if (leadsText.length > 1 << 20) {
      await flush(leadsOut, leadsText);
      leadsText = "";
    }
  }
  leadsOut.write(leadsText);
  eventsOut.write(eventsText);
  await Promise.all([leadsOut, eventsOut].map((out) => new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))));
  return { events: count };
}

/** `node --import tsx bench/generator/synthetic-events.ts LEADS SEED LEADS.csv EVENTS.csv`: writes the two files. */
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [leads = "3000", seed = "7", leadsPath = "synthetic-leads.csv", eventsPath = "synthetic-events.csv"] = process.argv.slice(2);
  const { events } = await writeLeadEventsCsv(leadsPath, eventsPath, { leads: Number(leads), seed: Number(seed) });
  process.stdout.write(`Wrote ${leads} leads to ${leadsPath} and ${events} events to ${eventsPath}.\n`);
}
