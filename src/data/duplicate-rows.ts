/**
 * Counts rows that exactly repeat an earlier row (every column and the label). Rows are
 * hashed column by column, then rows with equal hashes compared cell by cell, so no row
 * key strings are built.
 */
import type { Column, Frame } from "../core/frame.js";

/** Number of rows equal, in every column and in `labels` when given, to some earlier row. */
export function duplicateRowCount(frame: Frame, labels?: Uint8Array): number {
  const rows = frame.rows;
  const hashes = new Uint32Array(rows).fill(0x811c9dc5);
  for (const column of frame.columns) mixColumn(hashes, column);
  if (labels !== undefined) for (let r = 0; r < rows; r++) hashes[r] = mix(hashes[r] as number, labels[r] as number);
  const seen = new Map<number, number[]>();
  let duplicates = 0;
  for (let r = 0; r < rows; r++) {
    const hash = hashes[r] as number;
    const earlier = seen.get(hash);
    if (earlier === undefined) seen.set(hash, [r]);
    else if (earlier.some((q) => rowsEqual(frame.columns, labels, q, r))) duplicates++;
    else earlier.push(r);
  }
  return duplicates;
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, 0x01000193) >>> 0;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function mixColumn(hashes: Uint32Array, column: Column): void {
  switch (column.kind) {
    case "numeric":
    case "datetime":
      for (let r = 0; r < hashes.length; r++) {
        const value = column.values[r] as number;
        bits[0] = Number.isNaN(value) ? NaN : value === 0 ? 0 : value; // one NaN, one zero
        hashes[r] = mix(mix(hashes[r] as number, words[0] as number), words[1] as number);
      }
      return;
    case "categorical":
    case "boolean":
      for (let r = 0; r < hashes.length; r++) hashes[r] = mix(hashes[r] as number, column.codes[r] as number);
      return;
    case "text":
    case "id":
      for (let r = 0; r < hashes.length; r++) hashes[r] = mix(hashes[r] as number, stringHash(column.values[r] ?? null));
      return;
  }
}

function stringHash(value: string | null): number {
  if (value === null) return 0x9e3779b9;
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function rowsEqual(columns: readonly Column[], labels: Uint8Array | undefined, a: number, b: number): boolean {
  if (labels !== undefined && labels[a] !== labels[b]) return false;
  for (const column of columns) {
    switch (column.kind) {
      case "numeric":
      case "datetime": {
        const x = column.values[a] as number;
        const y = column.values[b] as number;
        if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
        break;
      }
      case "categorical":
      case "boolean":
        if (column.codes[a] !== column.codes[b]) return false;
        break;
      case "text":
      case "id":
        if (column.values[a] !== column.values[b]) return false;
        break;
    }
  }
  return true;
}
