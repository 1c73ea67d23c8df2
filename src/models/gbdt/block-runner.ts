/**
 * Runs block tasks (block-tasks.ts) over all blocks of one fit: on the calling thread alone,
 * or shared with the worker team, each thread taking a fixed run of consecutive blocks.
 * Small jobs stay on the calling thread, where a round trip to a worker would cost more than
 * the work. Which thread runs a block never changes a result (see row-blocks.ts).
 */
import { type WorkerTeam, siblingModule, workerTeam } from "../../core/worker-pool.js";
import { type BlockMessage, type BlockTask, runBlockTask } from "./block-tasks.js";
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
  /** blocksOf[t]: the blocks thread t runs (t = 0 is the calling thread). */
  private readonly blocksOf: number[][];
  private readonly allBlocks: number[];
  private closed = false;

  constructor(buffers: BlockBuffers, kernels: HistogramKernels) {
    this.buffers = buffers;
    this.kernels = kernels;
    this.fit = nextFit++;
    this.allBlocks = Array.from({ length: buffers.blocks }, (_, b) => b);
    const team = buffers.blocks > 1 ? workerTeam() : null;
    const threads = team === null ? 1 : Math.min(team.size + 1, buffers.blocks);
    this.team = threads > 1 ? team : null;
    this.blocksOf = Array.from({ length: threads }, (_, t) =>
      this.allBlocks.slice(Math.floor((buffers.blocks * t) / threads), Math.floor((buffers.blocks * (t + 1)) / threads)),
    );
    if (this.team !== null) {
      const setup: BlockMessage = { kind: "setup", fit: this.fit, buffers };
      for (let t = 1; t < threads; t++) this.team.post(t - 1, HANDLER, setup);
      for (let t = 1; t < threads; t++) this.team.wait(t - 1);
    }
  }

  /** Threads taking part (1 when working alone). */
  get threads(): number {
    return this.blocksOf.length;
  }

  /** Runs `task` on every block; `rows` (the rows it touches) decides whether to share it out. */
  run(task: BlockTask, rows: number): void {
    const team = this.team;
    if (team === null || rows < PARALLEL_MIN_ROWS) {
      runBlockTask(this.buffers, this.kernels, task, this.allBlocks);
      return;
    }
    const threads = this.blocksOf.length;
    for (let t = 1; t < threads; t++) {
      const message: BlockMessage = { kind: "task", fit: this.fit, task, blocks: this.blocksOf[t] as number[] };
      team.post(t - 1, HANDLER, message);
    }
    let failure: unknown = null;
    try {
      runBlockTask(this.buffers, this.kernels, task, this.blocksOf[0] as number[]);
    } catch (error) {
      failure = error;
    }
    // always collect every answer, so no request is left pending on a worker
    for (let t = 1; t < threads; t++) {
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
    for (let t = 1; t < this.blocksOf.length; t++) team.post(t - 1, HANDLER, release);
    for (let t = 1; t < this.blocksOf.length; t++) team.wait(t - 1);
  }
}
