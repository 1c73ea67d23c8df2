// Load on the scoring service (`npm run bench:service`), measured on loopback as a client
// would see it. Starts `node bin/leadscore.js serve` on a free port with a model trained on
// examples/bank-marketing.csv (SQLite store in a temp folder), creates a score key, and runs:
//   1. single-lead requests with 3 reasons as fast as they go: autocannon, 20 connections, 10 s
//   2. the same at a fixed 1,000 requests/s: autocannon overallRate, and an evenly paced
//      open-loop client (autocannon's rate limiter sends each second's quota in a burst)
//   3. batches of 1,000 records with 3 reasons, one at a time: median and p99 of 50 requests
// Prints a markdown table and writes it into bench/RESULTS.md between the service markers.
//   npm run bench:service                       # defaults
//   npm run bench:service -- --duration 5 --connections 20 --profile
// --profile runs the server under `node --cpu-prof`, prints where its CPU time went (self time
// by source area and by function, with the usual callers of the top ones) and keeps the
// profile as bench/out/service-server.cpuprofile (open it in Chrome DevTools).
// --model gbdt|logistic|auto picks the trained family (default auto: the better by CV AUC).
// --only single|batch runs just the throughput run or the batch run (with --profile: the profile
// of that kind of request) and prints its figures without touching bench/RESULTS.md.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readTable } from "../src/data/read-table.js";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "bin", "leadscore.js");
const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? (args[at + 1] as string) : fallback;
};
const DURATION_S = Number(arg("--duration", "10"));
const CONNECTIONS = Number(arg("--connections", "20"));
const FIXED_RATE = Number(arg("--rate", "1000"));
const BATCH_SIZE = Number(arg("--batch", "1000"));
const BATCH_REQUESTS = Number(arg("--batches", "50"));
const MODEL_FAMILY = arg("--model", "auto");
const PROFILE = args.includes("--profile");
/** `--only single|batch`: that run alone (to profile one kind of request); RESULTS.md is left alone. */
const ONLY = arg("--only", "");
if (ONLY !== "" && ONLY !== "single" && ONLY !== "batch") throw new Error(`--only expects single or batch, got '${ONLY}'`);
class OnlyDone extends Error {}
const REASONS = 3;

const TARGETS = { singleRps: 5000, p99AtRateMs: 10, batchMs: 50 };
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

// ---- autocannon (no bundled types: the part of its API used here) ----
interface Histogram {
  readonly average: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}
interface AutocannonResult {
  readonly requests: Histogram & { readonly total: number };
  readonly latency: Histogram;
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  ignoreCoordinatedOmission?: boolean;
  headers: Record<string, string>;
  requests: { method: string; path: string; setupRequest: (request: AutocannonRequest) => AutocannonRequest }[];
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: "response", listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => AutocannonInstance;

// ---- set-up: model, store, key, server ----
const work = mkdtempSync(join(tmpdir(), "leadscore-service-bench-"));
const modelsDir = join(work, "models");
const db = join(work, "leadscore.db");
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

log(`training on examples/bank-marketing.csv (--model ${MODEL_FAMILY}) into ${modelsDir}/bank`);
const trainArgs = ["train", join(ROOT, "examples", "bank-marketing.csv"), "--target", "y", "--out", join(modelsDir, "bank"), "--quiet"];
if (MODEL_FAMILY !== "auto") trainArgs.push("--model", MODEL_FAMILY);
runCliOrDie(trainArgs);
const modelFile = JSON.parse(readFileSync(join(modelsDir, "bank", "model.json"), "utf8")) as { scorer: { kind: string; trees?: unknown[] } };
const modelKind = `${modelFile.scorer.kind}${modelFile.scorer.trees ? ` (${modelFile.scorer.trees.length} trees)` : ""}`;
const key = (runCliOrDie(["keys", "create", "--scope", "score", "--db", db, "--label", "bench"]).trim().split("\n").pop() ?? "").trim();
if (!key.startsWith("ls_")) throw new Error(`keys create printed no key: '${key}'`);

const records = await bankRecords();
const profileDir = join(work, "profile");
const { child: server, base } = await startServer();
const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };

try {
  if (ONLY === "batch") {
    const before = serverCpuMs(server);
    const only = await batchLatency(BATCH_SIZE, BATCH_REQUESTS);
    process.stdout.write(`batch of ${BATCH_SIZE}: median ${only.median.toFixed(1)} ms, p99 ${only.p99.toFixed(1)} ms, server CPU ${((serverCpuMs(server) - before) / (BATCH_REQUESTS + 3)).toFixed(1)} ms per batch, load ${(loadavg()[0] as number).toFixed(1)}\n`);
    throw new OnlyDone();
  }
  // Warm-up: JIT, the store's first writes, connection set-up.
  log("warm-up (3 s)");
  await cannon({ connections: CONNECTIONS, duration: 3 });

  // The HTTP floor: the same server answering its cheapest route, for the cost of HTTP alone.
  log(`GET /healthz: ${CONNECTIONS} connections for 5 s`);
  const floorCpuBefore = serverCpuMs(server);
  const floor = await cannon({ connections: CONNECTIONS, duration: 5, getPath: "/healthz" });
  const floorUs = (1000 * (serverCpuMs(server) - floorCpuBefore)) / floor.total;

  log(`single lead, ${REASONS} reasons: ${CONNECTIONS} connections for ${DURATION_S} s`);
  const loadBefore = loadavg()[0] as number;
  const cpuBefore = { server: serverCpuMs(server), client: clientCpuMs() };
  const max = await cannon({ connections: CONNECTIONS, duration: DURATION_S });
  const cpu = { server: serverCpuMs(server) - cpuBefore.server, client: clientCpuMs() - cpuBefore.client };
  const loadAfter = loadavg()[0] as number;
  if (ONLY === "single") {
    process.stdout.write(`GET /healthz: ${Math.round(floor.rps)} requests/s, server CPU ${floorUs.toFixed(0)} µs per request\nsingle lead: ${Math.round(max.rps)} requests/s, p50 ${max.p50.toFixed(2)} ms, p99 ${max.p99.toFixed(2)} ms, server CPU ${((1000 * cpu.server) / max.total).toFixed(0)} µs per request, load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}\n`);
    throw new OnlyDone();
  }

  log(`single lead at ${FIXED_RATE} requests/s (autocannon overallRate, 10 connections) for ${DURATION_S} s`);
  const fixed = await cannon({ connections: 10, duration: DURATION_S, overallRate: FIXED_RATE });

  log(`single lead at ${FIXED_RATE} requests/s, evenly paced open loop, for ${DURATION_S} s`);
  const paced = await pacedLoad(FIXED_RATE, DURATION_S);

  log(`batches of ${BATCH_SIZE} records, ${REASONS} reasons: ${BATCH_REQUESTS} requests one after another`);
  const batchCpuBefore = serverCpuMs(server);
  const batch = await batchLatency(BATCH_SIZE, BATCH_REQUESTS);
  const batchCpuMs = (serverCpuMs(server) - batchCpuBefore) / (BATCH_REQUESTS + 3);

  const errorsTotal = [max, fixed].reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0) + paced.failures + batch.failures;
  const section = resultsSection({ floor, floorUs, max, cpu, loadBefore, loadAfter, fixed, paced, batch, batchCpuMs, errorsTotal });
  process.stdout.write(`\n${section}\n`);
  writeResults(section);
} catch (error) {
  if (!(error instanceof OnlyDone)) throw error;
} finally {
  await stopServer(server);
}
if (PROFILE) printProfile(profileDir);

// ---- measurements ----

interface CannonRun {
  readonly rps: number;
  readonly total: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** autocannon's own p99 (integer ms histogram). */
  readonly cannonP99: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly codes: string;
}

/** Single-lead scoring requests by default; `getPath` sends bodiless GETs there instead. */
async function cannon(options: { connections: number; duration: number; overallRate?: number; getPath?: string }): Promise<CannonRun> {
  let next = 0;
  const bodies = records.map((record, i) => JSON.stringify({ records: [{ ...record, id: `bench-${i}` }], explain: REASONS }));
  const latencies: number[] = [];
  const instance = autocannon({
    url: base,
    connections: options.connections,
    duration: options.duration,
    ...(options.overallRate !== undefined ? { overallRate: options.overallRate, ignoreCoordinatedOmission: true } : {}),
    headers: auth,
    requests: [
      {
        method: options.getPath === undefined ? "POST" : "GET",
        path: options.getPath ?? "/v1/score",
        setupRequest: (request) => {
          if (options.getPath === undefined) request.body = bodies[next++ % bodies.length] as string;
          return request;
        },
      },
    ],
  });
  instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: result.requests.total / result.duration,
    total: result.requests.total,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    cannonP99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    codes: Object.entries(result.statusCodeStats)
      .map(([code, s]) => `${code}×${s.count}`)
      .join(" "),
  };
}

interface PacedRun {
  readonly sent: number;
  readonly failures: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Open loop at `rate` requests/s: request i is due at start + i/rate and goes out then
 * (or as soon as the client's event loop can), on keep-alive connections; its latency is
 * measured from the moment it was due, so a stall in the server also counts for the
 * requests that waited behind it (no coordinated omission).
 */
async function pacedLoad(rate: number, seconds: number): Promise<PacedRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  let failures = 0;
  let done = 0;
  const start = performance.now() + 20;
  let sent = 0;
  await new Promise<void>((finish) => {
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) {
        const due = start + (sent * 1000) / rate;
        const i = sent++;
        const body = JSON.stringify({ records: [{ ...(records[i % records.length] as object), id: `paced-${i}` }], explain: REASONS });
        post(agent, "/v1/score", body).then(
          (status) => {
            if (status !== 200) failures++;
            latencies[i] = performance.now() - due;
            if (++done === total) finish();
          },
          () => {
            failures++;
            latencies[i] = performance.now() - due;
            if (++done === total) finish();
          },
        );
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now() - 0.5));
    };
    setTimeout(tick, 20);
  });
  agent.destroy();
  const sorted = latencies.slice().sort();
  return { sent: total, failures, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

interface BatchRun {
  readonly median: number;
  readonly p99: number;
  readonly max: number;
  readonly failures: number;
  readonly bytes: number;
}

async function batchLatency(size: number, count: number): Promise<BatchRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  let failures = 0;
  let bytes = 0;
  for (let n = -3; n < count; n++) {
    const body = JSON.stringify({ records: Array.from({ length: size }, (_, i) => ({ ...(records[(n * size + i + records.length * 4) % records.length] as object), id: `batch-${n}-${i}` })), explain: REASONS });
    bytes = Buffer.byteLength(body);
    const started = performance.now();
    const status = await post(agent, "/v1/score", body);
    const ms = performance.now() - started;
    if (n < 0) continue; // three warm-up batches
    if (status !== 200) failures++;
    times.push(ms);
  }
  agent.destroy();
  const sorted = Float64Array.from(times).sort();
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN, failures, bytes };
}

/** POSTs and reads the whole answer; resolves with the status code. */
function post(agent: Agent, path: string, body: string): Promise<number> {
  return new Promise((resolvePost, reject) => {
    const req = httpRequest(`${base}${path}`, { method: "POST", agent, headers: { ...auth, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => resolvePost(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest rank: the smallest value with at least q of the observations at or below it.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

// ---- the data sent ----

/** Bank-marketing rows as JSON records (numbers as numbers), without the target. */
async function bankRecords(): Promise<Record<string, string | number | null>[]> {
  const table = await readTable(join(ROOT, "examples", "bank-marketing.csv"));
  const out: Record<string, string | number | null>[] = [];
  for (let r = 0; r < table.rows; r++) {
    const record: Record<string, string | number | null> = {};
    table.header.forEach((name, c) => {
      if (name === "y") return;
      const cell = table.cells[c]?.[r] ?? null;
      record[name] = cell !== null && /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
    });
    out.push(record);
  }
  return out;
}

// ---- the server ----

function runCliOrDie(cliArgs: string[]): string {
  const result = spawnSync(process.execPath, [CLI, ...cliArgs], { cwd: work, encoding: "utf8", maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`leadscore ${cliArgs[0]} failed (exit ${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** `serve --port 0` (a free port, no race) and the URL it prints once ready. */
function startServer(): Promise<{ child: ChildProcess; base: string }> {
  const nodeArgs = PROFILE ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  if (PROFILE) mkdirSync(profileDir, { recursive: true });
  const child = spawn(process.execPath, [...nodeArgs, CLI, "serve", "--host", "127.0.0.1", "--port", "0", "--models", modelsDir, "--db", db], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolveServer, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start in 60 s: ${stderr}`)), 60_000);
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(stdout);
      if (listening) {
        clearTimeout(timer);
        log(listening[0]);
        resolveServer({ child, base: listening[1] as string });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

// ---- output ----

function resultsSection(r: {
  floor: CannonRun;
  floorUs: number;
  max: CannonRun;
  cpu: { server: number; client: number };
  loadBefore: number;
  loadAfter: number;
  fixed: CannonRun;
  paced: PacedRun;
  batch: BatchRun;
  batchCpuMs: number;
  errorsTotal: number;
}): string {
  const serverUsPerRequest = (1000 * r.cpu.server) / r.max.total;
  const ms = (v: number): string => v.toFixed(2);
  const verdict = (ok: boolean): string => (ok ? "met" : "**missed**");
  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  const cpu = cpus();
  return [
    "<!-- service:start -->",
    "## Service load (`npm run bench:service`)",
    "",
    `\`leadscore serve\` on loopback, SQLite store in a temp folder, model trained on examples/bank-marketing.csv (${modelKind}); every request asks for ${REASONS} reasons. Client: autocannon ${autocannonVersion()} in one process, the server in another, on the same ${cpu.length}-core machine (${cpu[0]?.model.trim() ?? "?"}), Node ${process.version}; ${date} UTC. Load average ${r.loadBefore.toFixed(1)} before the throughput run, ${r.loadAfter.toFixed(1)} after (other sessions share the cores).`,
    "",
    "| measure | result | target | |",
    "|---|---:|---:|---|",
    `| single lead, ${CONNECTIONS} connections, ${DURATION_S} s: requests/s | ${Math.round(r.max.rps).toLocaleString("en-US")} | ≥ ${TARGETS.singleRps.toLocaleString("en-US")} | ${verdict(r.max.rps >= TARGETS.singleRps)} |`,
    `| — its latency p50 / p99 / max, ms | ${ms(r.max.p50)} / ${ms(r.max.p99)} / ${ms(r.max.max)} | | |`,
    `| single lead at ${FIXED_RATE.toLocaleString("en-US")} requests/s (autocannon overallRate, 10 connections): p99 ms | ${ms(r.fixed.p99)} (p50 ${ms(r.fixed.p50)}, max ${ms(r.fixed.max)}) | ≤ ${TARGETS.p99AtRateMs} | ${verdict(r.fixed.p99 <= TARGETS.p99AtRateMs)} |`,
    `| single lead at ${FIXED_RATE.toLocaleString("en-US")} requests/s, evenly paced open loop: p99 ms | ${ms(r.paced.p99)} (p50 ${ms(r.paced.p50)}, max ${ms(r.paced.max)}) | ≤ ${TARGETS.p99AtRateMs} | ${verdict(r.paced.p99 <= TARGETS.p99AtRateMs)} |`,
    `| batch of ${BATCH_SIZE.toLocaleString("en-US")} records (${(r.batch.bytes / 1024).toFixed(0)} KiB), ${BATCH_REQUESTS} requests one at a time: median / p99 ms | ${ms(r.batch.median)} / ${ms(r.batch.p99)} | ≤ ${TARGETS.batchMs} | ${verdict(r.batch.median <= TARGETS.batchMs)} (median) |`,
    `| errors, timeouts and non-2xx answers, all runs | ${r.errorsTotal} | 0 | ${verdict(r.errorsTotal === 0)} |`,
    `| server CPU per single-lead request (user + system) | ${serverUsPerRequest.toFixed(0)} µs, i.e. ${Math.round(1e6 / serverUsPerRequest).toLocaleString("en-US")} requests/s per busy core | | |`,
    `| for scale: \`GET /healthz\` (no auth, no body), ${CONNECTIONS} connections, 5 s | ${Math.round(r.floor.rps).toLocaleString("en-US")} requests/s, ${r.floorUs.toFixed(0)} µs server CPU each | | |`,
    `| server CPU per batch of ${BATCH_SIZE.toLocaleString("en-US")} | ${r.batchCpuMs.toFixed(1)} ms | | |`,
    `| client (autocannon) CPU during the throughput run | ${((100 * r.cpu.client) / (DURATION_S * 1000)).toFixed(0)} % of one core | | |`,
    "",
    `Status codes: throughput run ${r.max.codes}; fixed-rate run ${r.fixed.codes}. Latencies are client-side per response (autocannon's own p99, integer ms: ${r.max.cannonP99} and ${r.fixed.cannonP99}). autocannon's rate limit lets each connection send its whole per-second quota back to back and then wait, so its fixed-rate run measures bursts; the paced run sends one request every ${(1000 / FIXED_RATE).toFixed(1)} ms and times each from the moment it was due.`,
    "<!-- service:end -->",
  ].join("\n");
}

/** CPU time (user + system) the server process has used so far, from /proc (Linux). */
function serverCpuMs(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): utime and stime are fields 14 and 15
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

function clientCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function writeResults(section: string): void {
  const results = join(ROOT, "bench", "RESULTS.md");
  const before = existsSync(results) ? readFileSync(results, "utf8") : "# Benchmark results\n";
  const marker = /<!-- service:start -->[\s\S]*<!-- service:end -->/;
  writeFileSync(results, marker.test(before) ? before.replace(marker, section) : `${before.trimEnd()}\n\n${section}\n`);
  log(`wrote ${results}`);
}

function autocannonVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, "node_modules", "autocannon", "package.json"), "utf8")) as { version: string }).version;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

/** Self time per function and per source area from the server's .cpuprofile. */
function printProfile(dir: string): void {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : [];
  if (files.length === 0) {
    log("no .cpuprofile written (the server must exit normally on SIGTERM for node --cpu-prof to write one)");
    return;
  }
  const text = readFileSync(join(dir, files[0] as string), "utf8");
  mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
  writeFileSync(join(ROOT, "bench", "out", "service-server.cpuprofile"), text);
  const profile = JSON.parse(text) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const label = (id: number): string => {
    const f = (byId.get(id) as ProfileNode).callFrame;
    const file = f.url.replace(/^file:\/\//, "").replace(`${ROOT}/`, "");
    return `${f.functionName || "(anonymous)"}${file ? ` ${file.split("/").slice(-2).join("/")}:${f.lineNumber + 1}` : ""}`;
  };
  // For each function, its self time by caller chain (three frames up).
  const callers = new Map<string, Map<string, number>>();
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    if (frame.functionName === "(idle)") continue;
    total += us;
    const file = frame.url.replace(/^file:\/\//, "").replace(`${ROOT}/`, "");
    const name = `${frame.functionName || "(anonymous)"} ${file ? `${file}:${frame.lineNumber + 1}` : ""}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const chain: string[] = [];
    for (let up = parentOf.get(id); up !== undefined && chain.length < 3; up = parentOf.get(up)) chain.push(label(up));
    const perCaller = callers.get(name) ?? new Map<string, number>();
    perCaller.set(chain.join(" ← "), (perCaller.get(chain.join(" ← ")) ?? 0) + us);
    callers.set(name, perCaller);
    byArea.set(area(file, frame.functionName), (byArea.get(area(file, frame.functionName)) ?? 0) + us);
  }
  const top = (map: Map<string, number>, n: number): string =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `| ${((100 * us) / total).toFixed(1)} % | ${(us / 1e6).toFixed(2)} s | \`${name}\` |`)
      .join("\n");
  process.stdout.write(`\nServer CPU profile (busy time ${(total / 1e6).toFixed(1)} s, idle excluded)\n\n| share | self | area |\n|---:|---:|---|\n${top(byArea, 15)}\n\n| share | self | function |\n|---:|---:|---|\n${top(byFunction, 40)}\n`);
  process.stdout.write("\nUsual callers of the ten heaviest functions (share of that function's self time):\n");
  for (const [name] of [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    const perCaller = [...(callers.get(name) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]);
    const own = byFunction.get(name) as number;
    process.stdout.write(`- ${name}\n${perCaller.slice(0, 3).map(([chain, us]) => `    ${((100 * us) / own).toFixed(0)} % ← ${chain || "(root)"}`).join("\n")}\n`);
  }
}

function area(file: string, fn: string): string {
  if (file === "") return fn.startsWith("(") ? fn : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return `node_modules/${pkg[1]}`;
  if (file.startsWith("node:")) return `node:${file.slice(5).split("/")[0]}`;
  const ours = /^dist\/(.+)\/[^/]+\.js$/.exec(file);
  if (ours) return `leadscore ${ours[1]}/${file.split("/").pop()}`;
  return file;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
