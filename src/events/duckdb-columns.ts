/**
 * Numbers out of DuckDB result vectors, fast. `getItem` costs a call and a validity check per
 * value (53 million of them for 1M leads × 53 columns); a DOUBLE or INTEGER vector without
 * nulls already holds its values in a typed array, which these read directly. The typed array
 * and the validity mask are private fields of @duckdb/node-api's vector classes, so each is
 * checked for the expected shape first, and anything else goes through `getItem`.
 */
import type { DuckDBVector } from "@duckdb/node-api";

interface VectorInternals {
  readonly items?: unknown;
  readonly validity?: { readonly data?: unknown };
}

/** The vector's values, NaN for null. */
export function vectorNumbers(vector: DuckDBVector, size: number): Float64Array | Int32Array {
  const internals = vector as unknown as VectorInternals;
  const items = internals.items;
  const allValid = internals.validity !== undefined && (internals.validity.data === null || internals.validity.data === undefined);
  if (allValid && (items instanceof Float64Array || items instanceof Int32Array) && items.length === size) return items;
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const v = vector.getItem(i);
    out[i] = v === null ? Number.NaN : Number(v);
  }
  return out;
}
