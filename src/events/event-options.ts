/**
 * What the user asks of behavioural events (`--events FILE --as-of COL|DATE --half-life DAYS`),
 * and the fixed settings of the aggregation.
 */

export interface EventOptions {
  /** CSV, JSON Lines or Parquet file of events: `lead_id, timestamp, type[, value, url, text]`. */
  readonly file: string;
  /**
   * Each lead's snapshot time: the name of a date-time column of the lead table, or a fixed
   * ISO date or date-time for every lead. Default: the latest event time + 1 s.
   */
  readonly asOf?: string;
  /** Half-life of the time-decayed sums, in days (default 14). */
  readonly halfLifeDays?: number;
}

export const DEFAULT_HALF_LIFE_DAYS = 14;
/** Counting windows before the as-of time, in days. */
export const WINDOWS_DAYS: readonly number[] = [7, 30, 90];
/** A gap longer than this between two events of a lead starts a new session. */
export const SESSION_GAP_MINUTES = 30;
/** At most this many event types get columns of their own (the most frequent; the rest are ignored). */
export const MAX_EVENT_TYPES = 12;
/** Every aggregated column's name starts with this. */
export const EVENT_COLUMN_PREFIX = "events_";

export const DAY_MS = 86_400_000;
