/**
 * Runs a TreeShapPlan over many rows on every thread (the process-wide worker team of
 * core/worker-pool.ts): the rows, the plan and the output live in shared memory, and the
 * calling thread and the workers take chunks of rows from one atomic counter until none are
 * left. Each row is explained by the same code on the same plan whichever thread takes it, and
 * its sums never depend on other rows (tree-shap-fast.ts), so the result is identical for any
 * number of threads.
 */
import type { Matrix } from "../../core/matrix.js";
import { siblingModule, workerTeam } from "../../core/worker-pool.js";
import { TreeShapRunner } from "./tree-shap-fast.js";
import { type TreeShapPlan, ensureSlots } from "./tree-shap-plan.js";

/** Rows taken at a time from the shared counter. */
const CHUNK_ROWS = 2048;
/** Below this many rows the calling thread explains alone (starting workers costs more). */
export const PARALLEL_MIN_ROWS = 2 * CHUNK_ROWS;
/** Rows copied to shared memory at a time. */
const SEGMENT_ROWS = 1 << 18;

const HANDLER = siblingModule(import.meta.url, "tree-shap-worker");

/** One explanation shared by the threads (every array in shared memory). */
export interface ExplainJob {
  readonly plan: TreeShapPlan;
  /** The feature columns one after another: feature f of row r at values[f · rows + r] (r < rows). */
  readonly values: Float64Array;
  readonly rows: number;
  /** Contributions, row by row: feature f of row r at out[r · features + f]. */
  readonly out: Float64Array;
  /** The first row not yet taken. */
  readonly next: Int32Array;
  /** The thread's slot in the plan's memory (0 for the calling thread). */
  readonly slot: number;
}

/** Takes chunks of the job's rows until none are left (on any thread). */
export function runExplainJob(job: ExplainJob): void {
  const F = job.plan.features;
  const columns = Array.from({ length: F }, (_, f) => job.values.subarray(f * job.rows, (f + 1) * job.rows));
  const runner = new TreeShapRunner(job.plan, job.slot);
  for (;;) {
    const start = Atomics.add(job.next, 0, CHUNK_ROWS);
    if (start >= job.rows) return;
    runner.explainRows(columns, start, Math.min(job.rows, start + CHUNK_ROWS), job.out);
  }
}

/**
 * Contributions of the plan's trees for every row of X (values[r · features + f]), on as many
 * threads as the worker team offers (`threads` = 1 keeps to the calling thread).
 */
export function explainWithPlan(plan: TreeShapPlan, X: Matrix, threads?: number): Float64Array {
  const F = plan.features;
  const rows = X.rows;
  const out = new Float64Array(rows * F);
  const team = rows >= PARALLEL_MIN_ROWS && threads !== 1 ? workerTeam() : null;
  const wanted = team === null ? 0 : Math.min(team.size, threads === undefined ? team.size : threads - 1);
  // every thread works in its own slot of the plan's memory
  const helpers = wanted > 0 ? ensureSlots(plan, wanted + 1) - 1 : 0;
  if (team === null || helpers < 1) {
    new TreeShapRunner(plan).explainRows(X.columns, 0, rows, out);
    return out;
  }
  // the rows go to shared memory a segment at a time, so a huge matrix is not copied whole
  const segment = Math.min(rows, SEGMENT_ROWS);
  const values = new Float64Array(new SharedArrayBuffer(8 * F * segment));
  const shared = new Float64Array(new SharedArrayBuffer(8 * F * segment));
  for (let first = 0; first < rows; first += segment) {
    const count = Math.min(segment, rows - first);
    X.columns.forEach((column, f) => values.set(column.subarray(first, first + count), f * count));
    const job: ExplainJob = { plan, values, rows: count, out: shared, next: new Int32Array(new SharedArrayBuffer(4)), slot: 0 };
    for (let i = 0; i < helpers; i++) team.post(i, HANDLER, { ...job, slot: i + 1 });
    let failure: unknown = null;
    try {
      runExplainJob(job);
    } catch (error) {
      failure = error;
    }
    // collect every helper (even after a failure here) so none is left working on these rows
    for (let i = 0; i < helpers; i++) {
      try {
        team.wait(i);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
    out.set(shared.subarray(0, count * F), first * F);
  }
  return out;
}
