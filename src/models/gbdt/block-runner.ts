/**
 * Runs block tasks (block-tasks.ts) over all blocks of one fit: on the calling thread alone,
 * or shared with the worker team, every thread taking the next free block until none is left.
 * Small jobs stay on the calling thread, where a round trip to a worker would cost more than
 * the work. Which thread runs a block never changes a result (see row-blocks.ts).
 */
import { type WorkerTeam, siblingModule, workerTeam } from "../../core/worker-pool.js";
import { type BlockMessage, type BlockTask, runBlockTask, runClaimedBlocks } from "./block-tasks.js";
import type { BlockBuffers, HistogramKernels } from "./row-blocks.js";

/** Below this many rows a task runs on the calling thread only. */
const PARALLEL_MIN_ROWS = 32_768;

const HANDLER = siblingModule(import.meta.url, "block-tasks");
let nextFit = 1;

export class BlockRunner {
  private readonly buffers: BlockBuffers;
  private readonly kernels: HistogramKernels;
  private readonly team: WorkerTeam | null;
  private readonly fit: number;
  /** Threads taking part, the calling one included. */
  readonly threads: number;
  private readonly allBlocks: number[];
  private closed = false;

  constructor(buffers: BlockBuffers, kernels: HistogramKernels) {
    this.buffers = buffers;
    this.kernels = kernels;
    this.fit = nextFit++;
    this.allBlocks = Array.from({ length: buffers.blocks }, (_, b) => b);
    const team = buffers.blocks > 1 ? workerTeam() : null;
    this.threads = team === null ? 1 : Math.min(team.size + 1, buffers.blocks);
    this.team = this.threads > 1 ? team : null;
    if (this.team !== null) {
      const setup: BlockMessage = { kind: "setup", fit: this.fit, buffers };
      for (let t = 1; t < this.threads; t++) this.team.post(t - 1, HANDLER, setup);
      for (let t = 1; t < this.threads; t++) this.team.wait(t - 1);
    }
  }

  /** Runs `task` on every block; `rows` (the rows it touches) decides whether to share it out. */
  run(task: BlockTask, rows: number): void {
    const team = this.team;
    if (team === null || rows < PARALLEL_MIN_ROWS) {
      runBlockTask(this.buffers, this.kernels, task, this.allBlocks);
      return;
    }
    Atomics.store(this.buffers.claim, 0, 0);
    const message: BlockMessage = { kind: "task", fit: this.fit, task };
    for (let t = 1; t < this.threads; t++) team.post(t - 1, HANDLER, message);
    let failure: unknown = null;
    try {
      runClaimedBlocks(this.buffers, this.kernels, task);
    } catch (error) {
      failure = error;
    }
    // every block is done or being done: wait only for workers that began (never for one
    // that has not had a core yet); errors are always collected
    for (let t = 1; t < this.threads; t++) {
      if (team.withdraw(t - 1)) continue;
      try {
        team.wait(t - 1);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
  }

  /** Lets the workers drop this fit's buffers. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const team = this.team;
    if (team === null) return;
    const release: BlockMessage = { kind: "release", fit: this.fit };
    for (let t = 1; t < this.threads; t++) team.post(t - 1, HANDLER, release);
    for (let t = 1; t < this.threads; t++) team.wait(t - 1);
  }
}
