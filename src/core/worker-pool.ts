/**
 * A team of worker threads that synchronous code can hand work to and wait for (training is
 * synchronous: `Learner.fit` returns a Scorer). Large data lives in SharedArrayBuffers sent
 * once; each request is a small message, delivered and answered through MessagePorts read
 * with `receiveMessageOnPort`, with Atomics wait/notify as the doorbell — so neither side
 * needs its event loop to turn while the other waits.
 *
 * A request names a handler module (any module exporting `handleMessage(payload)`), loaded
 * once per worker. Workers start on first use, are shared by the whole process, and never
 * keep it alive. When threads are unavailable (one core, `LEADSCORE_THREADS=1`, or a worker
 * that fails to start) `workerTeam()` returns null and callers do the work themselves, so
 * results must never depend on whether (or how many) workers ran.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { LeadscoreError } from "./errors.js";

/** How long a worker may take to start (loading TypeScript under tsx is the slow case). */
const START_TIMEOUT_MS = 20_000;
/** A request that takes longer than this means a lost worker, not slow work. */
const REQUEST_TIMEOUT_MS = 600_000;

/**
 * Control words per worker in the shared Int32Array: request count, reply count, ready, and
 * the number of the request the worker may take (0 once taken, negated when withdrawn).
 */
const REQUEST = 0;
const REPLY = 1;
const READY = 2;
const TAKE = 3;
const WORDS = 4;

/** What a handler module exports. */
export interface WorkerHandler {
  handleMessage(payload: unknown): unknown;
}

interface Reply {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

interface Member {
  readonly worker: Worker;
  readonly port: MessagePort;
  requests: number;
}

export class WorkerTeam {
  /** Worker threads, not counting the calling thread. */
  readonly size: number;
  private readonly members: Member[];
  private readonly control: Int32Array;

  private constructor(members: Member[], control: Int32Array) {
    this.members = members;
    this.size = members.length;
    this.control = control;
  }

  /** Starts `size` workers and waits until each is ready; null when any fails to start. */
  static start(size: number): WorkerTeam | null {
    const control = new Int32Array(new SharedArrayBuffer(size * WORDS * 4));
    const members: Member[] = [];
    const host = siblingUrl("worker-host");
    // Under tsx (this file is .ts) a worker does not inherit tsx's loader hooks: the worker
    // registers them itself, then loads the host.
    const underTsx = host.pathname.endsWith(".ts");
    const entry = underTsx
      ? `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(host.href)}); });`
      : host;
    try {
      for (let i = 0; i < size; i++) {
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(entry, {
          eval: underTsx,
          workerData: { control, index: i, port: port2 },
          transferList: [port2],
          execArgv: [],
        });
        worker.unref();
        port1.unref();
        // an error before the first request would otherwise go unhandled; requests time out instead
        worker.on("error", () => undefined);
        members.push({ worker, port: port1, requests: 0 });
      }
      for (let i = 0; i < size; i++) {
        if (Atomics.wait(control, i * WORDS + READY, 0, START_TIMEOUT_MS) === "timed-out" && Atomics.load(control, i * WORDS + READY) === 0) {
          throw new Error("worker did not start");
        }
      }
    } catch {
      for (const m of members) void m.worker.terminate();
      return null;
    }
    return new WorkerTeam(members, control);
  }

  /** Sends a request to worker `i`; its handler module `module` gets `payload`. Returns at once. */
  post(i: number, module: URL, payload: unknown): void {
    const member = this.members[i] as Member;
    member.port.postMessage({ module: module.href, payload });
    member.requests++;
    Atomics.store(this.control, i * WORDS + TAKE, member.requests);
    Atomics.store(this.control, i * WORDS + REQUEST, member.requests);
    Atomics.notify(this.control, i * WORDS + REQUEST);
  }

  /**
   * Withdraws worker `i`'s last request if it has not begun it, and says so; the worker then
   * skips it, and nobody needs to wait for it. On a busy machine a worker may not get a core
   * for milliseconds: work that threads take from a shared counter can then be finished by the
   * caller alone instead of waiting for the worker to wake up.
   */
  withdraw(i: number): boolean {
    const n = (this.members[i] as Member).requests;
    return Atomics.compareExchange(this.control, i * WORDS + TAKE, n, -n) === n;
  }

  /**
   * Waits until worker `i` has answered every request sent to it; returns the last handler's
   * result, or throws the first error.
   */
  wait(i: number): unknown {
    const member = this.members[i] as Member;
    const at = i * WORDS + REPLY;
    const deadline = Date.now() + REQUEST_TIMEOUT_MS;
    while (Atomics.load(this.control, at) !== member.requests) {
      if (Date.now() > deadline) throw new LeadscoreError("internal", `Worker thread ${i} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`);
      Atomics.wait(this.control, at, Atomics.load(this.control, at), 1000);
    }
    // answers to withdrawn requests may be queued before the last one
    let last: Reply = receiveReply(member.port);
    let failed: Reply | null = last.ok ? null : last;
    for (let more = receiveMessageOnPort(member.port); more !== undefined; more = receiveMessageOnPort(member.port)) {
      last = more.message as Reply;
      if (!last.ok) failed ??= last;
    }
    if (failed !== null) throw new LeadscoreError("internal", `A worker thread failed: ${failed.error ?? "unknown error"}`);
    return last.value;
  }

  /** Sends the same request to every worker and waits for all (e.g. to hand out or drop shared buffers). */
  broadcast(module: URL, payload: unknown): void {
    for (let i = 0; i < this.size; i++) this.post(i, module, payload);
    for (let i = 0; i < this.size; i++) this.wait(i);
  }
}

let team: WorkerTeam | null | undefined;
let threadsOverride: number | undefined;

/**
 * Threads used for parallel work, the calling thread included: `LEADSCORE_THREADS` when set,
 * else every core the machine reports.
 */
export function threadCount(): number {
  if (threadsOverride !== undefined) return threadsOverride;
  const fromEnv = Number(process.env["LEADSCORE_THREADS"]);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return Math.max(1, availableParallelism());
}

/** Sets the thread count for this process (tests compare 1 against several); stops nothing already started. */
export function setThreadCount(threads: number | undefined): void {
  threadsOverride = threads;
}

/**
 * The process-wide team (started on first call with threadCount() - 1 workers), or null when
 * only one thread is to be used or workers could not start.
 */
export function workerTeam(): WorkerTeam | null {
  if (threadCount() < 2) return null;
  if (team === undefined) team = WorkerTeam.start(threadCount() - 1);
  return team;
}

/**
 * URL of module `name` beside the module at `base` (its `import.meta.url`), with that module's
 * extension: `.ts` under tsx, `.js` when built. Handler modules are named this way.
 */
export function siblingModule(base: string, name: string): URL {
  const extension = base.slice(base.lastIndexOf("."));
  return new URL(`./${name}${extension}`, base);
}

function siblingUrl(name: string): URL {
  return siblingModule(import.meta.url, name);
}

/** tsx's registration API, found from this module (only asked for when running under tsx). */
function tsxApiUrl(): string {
  const meta = import.meta as { resolve?: (specifier: string) => string };
  if (typeof meta.resolve === "function") return meta.resolve("tsx/esm/api");
  // a CommonJS context (tsx compiling a file outside an ESM package): its ESM twin sits beside it
  return pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
}

function receiveReply(port: MessagePort): Reply {
  // the reply is posted before the counter is bumped, so it is normally already queued
  for (let spins = 0; ; spins++) {
    const received = receiveMessageOnPort(port);
    if (received !== undefined) return received.message as Reply;
    if (spins > 10_000) throw new LeadscoreError("internal", "A worker thread answered without a message.");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
  }
}
