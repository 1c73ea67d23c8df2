/**
 * The block work of one tree (row-blocks.ts) as messages, so the same task runs on the calling
 * thread or in a worker: `runBlockTask` executes a task on a list of blocks, and this module
 * is also the worker-side handler (`handleMessage`) that keeps each fit's shared buffers.
 */
import { binaryLogLoss } from "./loss.js";
import {
  type BlockBuffers,
  type HistogramKernels,
  addBlockScores,
  blockGradientMaxima,
  blockLeafSums,
  countBlockBins,
  histogramKernels,
  splitBlock,
  startBlock,
} from "./row-blocks.js";

export type BlockTask =
  | { readonly op: "gradients" }
  | { readonly op: "maxima" }
  | { readonly op: "leafSums"; readonly leaves: readonly number[] }
  | { readonly op: "count" }
  | { readonly op: "start"; readonly sampled: boolean; readonly sampleFrom: readonly number[] }
  | {
      readonly op: "split";
      readonly parent: number;
      readonly left: number;
      readonly right: number;
      readonly feature: number;
      readonly build: number;
    }
  | { readonly op: "scores"; readonly leaves: readonly number[] };

/**
 * Runs `task` on blocks taken one at a time from `s.claim` until none is left: a thread
 * slowed down by other work on the machine simply takes fewer blocks.
 */
export function runClaimedBlocks(s: BlockBuffers, kernels: HistogramKernels, task: BlockTask): void {
  const one = [0];
  for (let b = Atomics.add(s.claim, 0, 1); b < s.blocks; b = Atomics.add(s.claim, 0, 1)) {
    one[0] = b;
    runBlockTask(s, kernels, task, one);
  }
}

/** Runs `task` on blocks `blocks` of `s`. */
export function runBlockTask(s: BlockBuffers, kernels: HistogramKernels, task: BlockTask, blocks: readonly number[]): void {
  for (const b of blocks) {
    switch (task.op) {
      case "gradients": {
        const weights = s.weights.length > 0 ? s.weights : null;
        binaryLogLoss.gradientsRange(s.labels, s.raw, weights, s.grad, s.hess, s.blockStart[b] as number, s.blockStart[b + 1] as number);
        if (s.quantised) blockGradientMaxima(s, b);
        break;
      }
      case "maxima":
        blockGradientMaxima(s, b);
        break;
      case "leafSums":
        blockLeafSums(s, b, task.leaves);
        break;
      case "count":
        countBlockBins(s, b);
        break;
      case "start":
        startBlock(s, kernels, b, task.sampleFrom[b] as number, task.sampleFrom[b + 1] as number, task.sampled);
        break;
      case "split":
        splitBlock(s, kernels, b, task.parent, task.left, task.right, task.feature, task.build);
        break;
      case "scores":
        addBlockScores(s, b, task.leaves);
        break;
    }
  }
}

/** Messages a worker receives: buffers of a new fit, a task (blocks taken from the claim counter), or the end of a fit. */
export type BlockMessage =
  | { readonly kind: "setup"; readonly fit: number; readonly buffers: BlockBuffers }
  | { readonly kind: "task"; readonly fit: number; readonly task: BlockTask }
  | { readonly kind: "release"; readonly fit: number };

const fits = new Map<number, { buffers: BlockBuffers; kernels: HistogramKernels }>();

/** Worker side (see core/worker-pool.ts). */
export function handleMessage(payload: unknown): unknown {
  const message = payload as BlockMessage;
  switch (message.kind) {
    case "setup":
      fits.set(message.fit, { buffers: message.buffers, kernels: histogramKernels(message.buffers.features, message.buffers.offsets) });
      return null;
    case "task": {
      const fit = fits.get(message.fit);
      if (fit === undefined) throw new Error(`no buffers for fit ${message.fit}`);
      runClaimedBlocks(fit.buffers, fit.kernels, message.task);
      return null;
    }
    case "release":
      fits.delete(message.fit);
      return null;
  }
}
