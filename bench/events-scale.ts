// Events at scale (`npm run bench:events`): 10 million behavioural events for 1 million leads
// aggregated into per-lead columns, timed and with the peak RSS of the process that does it.
//   npm run bench:events                              # 1M leads, about 10M events
//   npm run bench:events -- --leads 100000            # smaller
// The two CSV files are written once to the work folder (--work DIR, default the system temp
// folder) and reused. The aggregation runs in a child process (this file with --child), so
// its peak RSS is that of reading the leads and aggregating the events, nothing else. DuckDB
// reads the events file itself: no event passes through JavaScript. The result goes into
// bench/RESULTS.md between the events markers.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readTable } from "../src/data/read-table.js";
import { parseAsOf } from "../src/events/as-of.js";
import { computeEventFeatures } from "../src/events/event-features.js";
import { EventStore } from "../src/events/event-store.js";
import { leadBatch, learnEvents } from "../src/events/lead-events.js";
import { writeLeadEventsCsv } from "./generator/synthetic-events.js";

const ROOT = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? (args[at + 1] as string) : fallback;
};
/** About 10 events per lead (before and after each snapshot) at this activity. */
const ACTIVITY = 0.9;

interface ChildResult {
  readonly leads: number;
  readonly readLeadsSeconds: number;
  readonly loadEventsSeconds: number;
  readonly events: number;
  readonly learnSeconds: number;
  readonly columns: number;
  readonly eventsUsed: number;
  readonly leadsWithEvents: number;
  readonly againSeconds: number;
  readonly peakRssBytes: number;
  readonly rssAfterLeadsBytes: number;
}

if (args.includes("--child")) {
  process.stdout.write(`${JSON.stringify(await aggregate(arg("--leads-file", ""), arg("--events-file", "")))}\n`);
} else {
  await main();
}

/** The measured work: read the lead table, load the events into DuckDB, learn the spec and aggregate, then aggregate again with the spec known (as at scoring). */
async function aggregate(leadsFile: string, eventsFile: string): Promise<ChildResult> {
  let started = performance.now();
  const table = await readTable(leadsFile);
  const readLeadsSeconds = (performance.now() - started) / 1000;
  const rssAfterLeadsBytes = process.memoryUsage().rss;
  started = performance.now();
  const store = await EventStore.open(eventsFile);
  const loadEventsSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const asOf = parseAsOf("snapshot_at", table);
  const learned = await learnEvents(store, table, "lead_id", asOf, 14);
  const learnSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const again = await computeEventFeatures(store, learned.spec, leadBatch(store, table, "lead_id", asOf));
  const againSeconds = (performance.now() - started) / 1000;
  if (again.eventsUsed !== learned.features.eventsUsed) throw new Error("the second aggregation differs from the first");
  store.close();
  return {
    leads: table.rows,
    readLeadsSeconds,
    loadEventsSeconds,
    events: store.summary.events,
    learnSeconds,
    columns: learned.features.columns.length,
    eventsUsed: learned.features.eventsUsed,
    leadsWithEvents: learned.features.leadsWithEvents,
    againSeconds,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    rssAfterLeadsBytes,
  };
}

async function main(): Promise<void> {
  const leads = Number(arg("--leads", "1000000"));
  const work = resolve(arg("--work", join(tmpdir(), "leadscore-bench")));
  mkdirSync(work, { recursive: true });
  const leadsFile = join(work, `event-leads-${leads}.csv`);
  const eventsFile = join(work, `events-${leads}.csv`);
  if (!existsSync(leadsFile) || !existsSync(eventsFile)) {
    process.stderr.write(`writing ${leadsFile} and ${eventsFile}\n`);
    const written = await writeLeadEventsCsv(leadsFile, eventsFile, { leads, seed: 7, activity: ACTIVITY });
    process.stderr.write(`${written.events.toLocaleString("en-US")} events\n`);
  }
  const load = (): number => Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
  const loadBefore = existsSync("/proc/loadavg") ? load() : Number.NaN;
  process.stderr.write("aggregating…\n");
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "bench", "events-scale.ts"), "--child", "--leads-file", leadsFile, "--events-file", eventsFile], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const wall = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`the aggregation failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  const r = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as ChildResult;
  const aggregation = r.loadEventsSeconds + r.learnSeconds;
  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
  const section = [
    "<!-- events:start -->",
    "## Behavioural events at scale",
    "",
    `\`npm run bench:events -- --leads ${leads}\` (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${cpus().length} cores, one-minute load average ${loadBefore.toFixed(1)} before the run): ` +
      `${r.events.toLocaleString("en-US")} events (${(statSync(eventsFile).size / 2 ** 20).toFixed(0)} MiB of CSV, bench/generator/synthetic-events.ts) for ${r.leads.toLocaleString("en-US")} leads, ` +
      `each lead with its own as-of time (\`--as-of snapshot_at\`), aggregated into ${r.columns} columns; ${r.eventsUsed.toLocaleString("en-US")} events fall before their lead's as-of time, ` +
      `${r.leadsWithEvents.toLocaleString("en-US")} leads have at least one.`,
    "",
    "| step | seconds |",
    "|---|---:|",
    `| read the lead table (\`readTable\`, JavaScript) | ${r.readLeadsSeconds.toFixed(1)} |`,
    `| load and check the events file (DuckDB \`read_csv\` into a table) | ${r.loadEventsSeconds.toFixed(1)} |`,
    `| learn the event types, derive sessions and intents, aggregate, read ${r.columns} columns into Float64Arrays | ${r.learnSeconds.toFixed(1)} |`,
    `| **events aggregated: load + learn and aggregate** (target < 60 s) | **${aggregation.toFixed(1)}** |`,
    `| aggregate again with the spec known (as \`score --events\` does) | ${r.againSeconds.toFixed(1)} |`,
    "",
    `Peak RSS of the process: ${mib(r.peakRssBytes)} MiB (\`process.resourceUsage().maxRSS\`; ${mib(r.rssAfterLeadsBytes)} MiB after reading the lead table, before any event was read). ` +
      `Wall time of the child process, Node and tsx start-up included: ${wall.toFixed(1)} s.`,
    "<!-- events:end -->",
  ].join("\n");
  process.stdout.write(`${section}\n`);
  const results = join(ROOT, "bench", "RESULTS.md");
  const before = existsSync(results) ? readFileSync(results, "utf8") : "# Benchmark results\n";
  const pattern = /<!-- events:start -->[\s\S]*<!-- events:end -->/;
  writeFileSync(results, pattern.test(before) ? before.replace(pattern, section) : `${before.trimEnd()}\n\n${section}\n`);
}
