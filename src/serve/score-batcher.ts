/**
 * Dynamic batching of small scoring requests, the single-lead fast path. Scoring one record
 * costs mostly fixed per-call work (building the frame and matrix, walking every tree of the
 * model and of the anomaly detector, setting up the TreeSHAP runner): on the bank-marketing
 * gradient boosting model one record alone takes ~190 µs, while in a batch of 8 each takes
 * ~45 µs. So records of requests that arrive together are scored in one library call.
 *
 * "Together" means within one turn of the event loop: requests whose bytes arrived in the
 * same poll phase are queued by their handlers, and a setImmediate (the check phase right
 * after) scores them, one merged call of at most MAX_MERGED_RECORDS per turn so the first
 * answers leave before later calls run. Under light load a call is one request and waits for
 * nothing but that one tick; under heavy load calls fill up by themselves. Each record's score depends on
 * its own values only (scoring and TreeSHAP are row by row), so batching never changes an
 * answer. Should the merged call fail, every request is retried alone so only its own fails.
 */
import { scoreRecords } from "../score/score-records.js";
import type { ScoredRecord } from "../score/score-table.js";
import type { LoadedModel } from "../score/loaded-model.js";
import type { Cell } from "./record-check.js";

/** Requests with more records than this are scored at once: they amortise the fixed cost themselves. */
export const BATCHABLE_RECORDS = 16;
/**
 * Records per merged library call at most (~1.2 ms of work): beyond ~32 records the cost per
 * record hardly falls, while every request of a call waits for the whole call.
 */
export const MAX_MERGED_RECORDS = 32;

interface Waiting {
  readonly model: LoadedModel;
  readonly explain: number;
  readonly cells: readonly Record<string, Cell>[];
  readonly resolve: (records: ScoredRecord[]) => void;
  readonly reject: (error: unknown) => void;
}

export interface BatcherStats {
  /** Library calls made for queued requests. */
  readonly calls: number;
  /** Requests answered through the queue. */
  readonly requests: number;
}

export class ScoreBatcher {
  private waiting: Waiting[] = [];
  /** Merged calls formed from the last batch of waiting requests, run one per turn. */
  private chunks: Waiting[][] = [];
  private scheduled = false;
  private calls = 0;
  private requests = 0;

  /** Scores `cells` (already checked records) with `model`, alone or merged with others of this tick. */
  score(model: LoadedModel, cells: readonly Record<string, Cell>[], explain: number): Promise<ScoredRecord[]> {
    if (cells.length > BATCHABLE_RECORDS) {
      try {
        return Promise.resolve(scoreRecords(model, cells, { explain, adverseAction: false }));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ model, explain, cells, resolve, reject });
      this.schedule();
    });
  }

  stats(): BatcherStats {
    return { calls: this.calls, requests: this.requests };
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  /**
   * One merged call per turn of the event loop: the answers of this call are written out
   * (their promise callbacks run right after this turn) before the next call is computed.
   */
  private turn(): void {
    this.scheduled = false;
    if (this.chunks.length === 0) {
      this.chunks = chunksOf(this.waiting);
      this.requests += this.waiting.length;
      this.waiting = [];
    }
    const chunk = this.chunks.shift();
    if (chunk !== undefined) this.run(chunk);
    if (this.chunks.length > 0 || this.waiting.length > 0) this.schedule();
  }

  private run(chunk: readonly Waiting[]): void {
    const first = chunk[0] as Waiting;
    const options = { explain: first.explain, adverseAction: false };
    this.calls++;
    let merged: ScoredRecord[] | null = null;
    try {
      merged = scoreRecords(first.model, chunk.length === 1 ? first.cells : chunk.flatMap((w) => w.cells), options);
    } catch (error) {
      if (chunk.length === 1) {
        first.reject(error);
        return;
      }
    }
    if (merged !== null) {
      let offset = 0;
      for (const w of chunk) {
        w.resolve(merged.slice(offset, offset + w.cells.length));
        offset += w.cells.length;
      }
      return;
    }
    // The merged call failed: each request alone, so only the one at fault fails.
    for (const w of chunk) {
      this.calls++;
      try {
        w.resolve(scoreRecords(w.model, w.cells, options));
      } catch (error) {
        w.reject(error);
      }
    }
  }
}

/** Groups requests by model (version, with or without detector) and number of reasons, arrival order kept, then cuts each group into calls. */
function chunksOf(waiting: readonly Waiting[]): Waiting[][] {
  const groups = new Map<LoadedModel, Map<number, Waiting[]>>();
  for (const w of waiting) {
    let byExplain = groups.get(w.model);
    if (byExplain === undefined) groups.set(w.model, (byExplain = new Map()));
    let group = byExplain.get(w.explain);
    if (group === undefined) byExplain.set(w.explain, (group = []));
    group.push(w);
  }
  const chunks: Waiting[][] = [];
  for (const byExplain of groups.values()) {
    for (const group of byExplain.values()) {
      let chunk: Waiting[] = [];
      let records = 0;
      for (const w of group) {
        if (chunk.length > 0 && records + w.cells.length > MAX_MERGED_RECORDS) {
          chunks.push(chunk);
          chunk = [];
          records = 0;
        }
        chunk.push(w);
        records += w.cells.length;
      }
      if (chunk.length > 0) chunks.push(chunk);
    }
  }
  return chunks;
}
