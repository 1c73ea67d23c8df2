/** Options every table reader takes (CSV, JSON Lines, Parquet). */
export interface ReadOptions {
  /** Extra tokens read as missing, on top of DEFAULT_NA_TOKENS (e.g. from `--na`). */
  readonly na?: readonly string[];
  /** CSV field delimiter; sniffed from the first lines when absent. */
  readonly delimiter?: string;
}

/** Chunked readers yield tables of at most `chunkRows` rows. */
export interface ChunkOptions {
  readonly chunkRows?: number;
}

export const DEFAULT_CHUNK_ROWS = 65536;

/** `chunkRows` checked once, so every reader rejects a bad value the same way. */
export function resolveChunkRows(chunkRows: number | undefined): number {
  const rows = chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (rows === Number.POSITIVE_INFINITY || (Number.isInteger(rows) && rows >= 1)) return rows;
  throw new RangeError(`chunkRows must be a whole number of at least 1, got ${rows}`);
}
