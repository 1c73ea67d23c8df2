/**
 * Worker-thread entry of parallel-growth.ts: takes tree numbers from the shared counter
 * until none are left, grows them, posts them back on its port and then counts itself done
 * (control[1]), waking the main thread.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import type { TreeArrays } from "../gbdt/tree.js";
import { ForestGrower, type ForestGrowth } from "./forest-growth.js";

interface ForestWorkerData {
  readonly growth: ForestGrowth;
  readonly trees: number;
  readonly control: SharedArrayBuffer;
  readonly port: MessagePort;
}

const { growth, trees, control, port } = workerData as ForestWorkerData;
const counters = new Int32Array(control);
try {
  const grower = new ForestGrower(growth);
  const grown: { t: number; tree: TreeArrays }[] = [];
  for (;;) {
    const t = Atomics.add(counters, 0, 1);
    if (t >= trees) break;
    grown.push({ t, tree: grower.grow(t) });
  }
  // the plain arrays only (a Tree also holds its depth), each buffer once
  const plain = grown.map(({ t, tree }) => ({ t, tree: arraysOf(tree) }));
  const transfer = new Set<ArrayBuffer>();
  for (const { tree } of plain) for (const array of Object.values(tree)) transfer.add(array.buffer as ArrayBuffer);
  port.postMessage({ grown: plain }, [...transfer]);
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  Atomics.add(counters, 1, 1);
  Atomics.notify(counters, 1);
}

function arraysOf(tree: TreeArrays): TreeArrays {
  const { feature, threshold, missingLeft, categorical, catOffset, catWords, catBits, left, right, value, cover, gain } = tree;
  return { feature, threshold, missingLeft, categorical, catOffset, catWords, catBits, left, right, value, cover, gain };
}
