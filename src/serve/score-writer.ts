/**
 * Scores go to the store in batches, off the request path: a score is answered at once and
 * written with the others of the next ~50 ms (or as soon as 500 are waiting), at most 500
 * rows per insert, one insert in flight at a time and a turn of the event loop between two. `close()` writes whatever is left. Outcomes are
 * different: the client is told "stored" only after the store committed them (see the
 * outcomes route).
 *
 * When the store falls behind, waiting rows are bounded: beyond `maxPending` the oldest are
 * dropped and counted rather than letting memory grow until the process dies.
 */
import type { ScoreRow, Store } from "./store/store.js";

export interface ScoreWriterOptions {
  /** Longest wait before a partial batch is written, ms (default 50). */
  readonly flushMs?: number;
  /** Rows that trigger a write at once (default 500). */
  readonly batchRows?: number;
  /** Rows waiting at most (default 200,000). */
  readonly maxPending?: number;
  /** Told about a failed write (the rows of that batch are lost and counted). */
  readonly onError?: (error: unknown, rows: number) => void;
}

export interface ScoreWriterStats {
  readonly pending: number;
  readonly written: number;
  readonly failed: number;
  readonly dropped: number;
}

export class ScoreWriter {
  private readonly store: Store;
  private readonly flushMs: number;
  private readonly batchRows: number;
  private readonly maxPending: number;
  private readonly onError: (error: unknown, rows: number) => void;
  private pending: ScoreRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private kickScheduled = false;
  private closed = false;
  private written = 0;
  private failed = 0;
  private dropped = 0;

  constructor(store: Store, options: ScoreWriterOptions = {}) {
    this.store = store;
    this.flushMs = options.flushMs ?? 50;
    this.batchRows = options.batchRows ?? 500;
    this.maxPending = options.maxPending ?? 200_000;
    this.onError = options.onError ?? (() => {});
  }

  add(rows: readonly ScoreRow[]): void {
    if (rows.length === 0) return;
    for (const row of rows) this.pending.push(row);
    if (this.pending.length > this.maxPending) {
      const excess = this.pending.length - this.maxPending;
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
    // Never write from inside add(): the caller is a request handler whose answer must go
    // out first (a SQLite insert runs synchronously on this thread).
    if (this.pending.length >= this.batchRows) this.kickSoon();
    else if (this.timer === null && !this.closed) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.kick();
      }, this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes everything added so far; resolves once it is in the store (or failed and counted). */
  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.writing !== null) {
      if (this.writing !== null) await this.writing;
      else this.kick();
    }
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  stats(): ScoreWriterStats {
    return { pending: this.pending.length, written: this.written, failed: this.failed, dropped: this.dropped };
  }

  private kickSoon(): void {
    if (this.kickScheduled) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      this.kick();
    });
  }

  /** Starts writing the next batch unless one is already being written (it will chain on). */
  private kick(): void {
    if (this.writing !== null || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.batchRows);
    this.writing = this.store.insertScores(batch).then(
      () => {
        this.written += batch.length;
      },
      (error: unknown) => {
        this.failed += batch.length;
        this.onError(error, batch.length);
      },
    ).finally(() => {
      this.writing = null;
      // The next batch after a turn of the event loop, so requests get in between two inserts.
      if (this.pending.length >= this.batchRows || (this.closed && this.pending.length > 0)) this.kickSoon();
      else if (this.pending.length > 0 && this.timer === null) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.kick();
        }, this.flushMs);
        this.timer.unref();
      }
    });
  }
}
