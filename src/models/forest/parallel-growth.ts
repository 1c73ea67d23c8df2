/**
 * Grows the trees of a forest on several threads while `fit` stays synchronous: helper
 * workers and the main thread take tree numbers from one shared counter, the main thread
 * then blocks (Atomics.wait) until every helper has posted its trees, and reads them with
 * receiveMessageOnPort. Tree t depends only on (seed, t) (forest-growth.ts), so the forest is
 * identical whatever the number of threads. The binned data sits in SharedArrayBuffers
 * (read, never copied, by the helpers).
 *
 * A helper that fails to start or to finish in time is given up on: the main thread grows
 * the trees it did not deliver, so the result is still the same forest.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { TreeArrays } from "../gbdt/tree.js";
import type { BinnedData } from "../tree/cart-builder.js";
import { ForestGrower, type ForestGrowth } from "./forest-growth.js";

/** Below this many row-trees a helper costs more to start than it saves (unless threads are asked for). */
export const PARALLEL_MIN_WORK = 2_000_000;

export interface GrownForest {
  /** Tree t at [t]. */
  readonly trees: TreeArrays[];
  /** How many of them helper threads grew. */
  readonly byHelpers: number;
}

/**
 * Grows `trees` trees on `threads` threads (the main thread included). `mainGrows: false`
 * leaves the growing to the helpers (the main thread only makes up for a failed one): for
 * tests of the helpers.
 */
export function growForest(growth: ForestGrowth, trees: number, threads: number, mainGrows = true): GrownForest {
  const grower = new ForestGrower(growth);
  const out: (TreeArrays | undefined)[] = new Array<TreeArrays | undefined>(trees);
  const helpers = Math.min(threads, trees) - (mainGrows ? 1 : 0);
  const started = helpers > 0 ? startHelpers(growth, trees, helpers) : null;
  const counters = started?.counters ?? new Int32Array(2);
  const begin = performance.now();
  let own = 0;
  while (mainGrows || started === null) {
    const t = Atomics.add(counters, 0, 1);
    if (t >= trees) break;
    out[t] = grower.grow(t);
    own++;
  }
  let byHelpers = 0;
  if (started !== null) {
    const perTree = own > 0 ? (performance.now() - begin) / own : 0;
    byHelpers = collect(started, out, Math.max(mainGrows ? 10_000 : 600_000, 50 * perTree));
  }
  // trees a helper did not deliver (it failed, or was too slow)
  for (let t = 0; t < trees; t++) if (out[t] === undefined) out[t] = grower.grow(t);
  return { trees: out as TreeArrays[], byHelpers };
}

interface Helpers {
  readonly counters: Int32Array;
  readonly workers: Worker[];
  readonly ports: MessagePort[];
}

function startHelpers(growth: ForestGrowth, trees: number, helpers: number): Helpers | null {
  const control = new SharedArrayBuffer(8);
  const counters = new Int32Array(control);
  const shared: ForestGrowth = { ...growth, data: shareData(growth.data), sampleWeights: shareFloat(growth.sampleWeights) };
  const workers: Worker[] = [];
  const ports: MessagePort[] = [];
  try {
    for (let h = 0; h < helpers; h++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(bootstrapSource(), {
        eval: true,
        workerData: { growth: shared, trees, control, port: port2 },
        transferList: [port2],
      });
      worker.unref();
      workers.push(worker);
      ports.push(port1);
    }
  } catch {
    // no threads here (or not allowed): the main thread grows everything
    for (const worker of workers) void worker.terminate();
    return workers.length === 0 ? null : { counters, workers, ports };
  }
  return { counters, workers, ports };
}

/** Waits for every helper (at most `patienceMs` without news), files their trees and counts them. */
function collect(helpers: Helpers, out: (TreeArrays | undefined)[], patienceMs: number): number {
  const { counters, workers, ports } = helpers;
  let done = Atomics.load(counters, 1);
  while (done < workers.length) {
    if (Atomics.wait(counters, 1, done, patienceMs) === "timed-out") break;
    done = Atomics.load(counters, 1);
  }
  let delivered = 0;
  for (const port of ports) {
    const received = receiveMessageOnPort(port);
    const message = received?.message as { grown?: { t: number; tree: TreeArrays }[] } | undefined;
    for (const { t, tree } of message?.grown ?? []) {
      out[t] = tree;
      delivered++;
    }
    port.close();
  }
  for (const worker of workers) void worker.terminate();
  return delivered;
}

/**
 * The helper's entry, loaded by dynamic import so that a failure to load is reported too.
 * Under tsx (tests, `node --import tsx`) the entry is TypeScript, which a worker can only
 * load after registering tsx itself.
 */
function bootstrapSource(): string {
  const typescript = import.meta.url.endsWith(".ts");
  const entry = new URL(typescript ? "./forest-worker.ts" : "./forest-worker.js", import.meta.url).href;
  const register = typescript ? `(await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})).register();` : "";
  return `(async () => {
  const { workerData } = await import("node:worker_threads");
  try {
    ${register}
    await import(${JSON.stringify(entry)});
  } catch (error) {
    workerData.port.postMessage({ error: String(error) });
    const counters = new Int32Array(workerData.control);
    Atomics.add(counters, 1, 1);
    Atomics.notify(counters, 1);
  }
})();`;
}

function shareData(data: BinnedData): BinnedData {
  const rows = data.rows;
  const buffer = new SharedArrayBuffer(Math.max(1, rows * data.binned.length));
  const binned = data.binned.map((column, f) => {
    const view = new Uint8Array(buffer, f * rows, rows);
    view.set(column.subarray(0, rows));
    return view;
  });
  const y = new Uint8Array(new SharedArrayBuffer(Math.max(1, rows)), 0, rows);
  y.set(data.y.subarray(0, rows));
  return { ...data, binned, y };
}

function shareFloat(values: Float64Array | null): Float64Array | null {
  if (values === null) return null;
  const out = new Float64Array(new SharedArrayBuffer(Math.max(8, values.byteLength)), 0, values.length);
  out.set(values);
  return out;
}
