/**
 * Worker side of parallel TreeSHAP (explain-parallel.ts): a handler module for the worker
 * team (core/worker-pool.ts) that takes chunks of a job's rows until none are left.
 */
import { type ExplainJob, runExplainJob } from "./explain-parallel.js";

export function handleMessage(payload: unknown): unknown {
  runExplainJob(payload as ExplainJob);
  return null;
}
