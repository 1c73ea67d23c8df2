// Paths of the data-layer fixtures and the shared benchmark data sets, plus small helpers.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { LeadscoreError, type ErrorCode } from "../../src/core/errors.js";
import type { RawTable } from "../../src/core/frame.js";

export const FIXTURES = resolve(import.meta.dirname, "..", "fixtures", "data");

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** A file of ../shared/datasets (beside the project root, in CI too). */
export function sharedDataset(relative: string): string {
  const path = resolve(import.meta.dirname, "..", "..", "..", "shared", "datasets", relative);
  if (!existsSync(path)) throw new Error(`Dataset not found: ${path}`);
  return path;
}

/** Asserts that `run` rejects with a LeadscoreError of `code` and exactly `message` (or matching it). */
export async function rejectsWith(run: () => Promise<unknown>, code: ErrorCode, message: string | RegExp): Promise<LeadscoreError> {
  let caught: unknown;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof LeadscoreError, `expected a LeadscoreError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  if (typeof message === "string") assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  return caught;
}

/** The same for synchronous code. */
export function throwsWith(run: () => unknown, code: ErrorCode, message: string | RegExp): LeadscoreError {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof LeadscoreError, `expected a LeadscoreError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  if (typeof message === "string") assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  return caught;
}

/** A table as plain data, for deepEqual. */
export function plain(table: RawTable): { header: string[]; cells: (string | null)[][]; lines: number[]; rows: number } {
  return { header: [...table.header], cells: table.cells.map((c) => [...c]), lines: [...table.lines], rows: table.rows };
}

/** Collects the chunks of a reader and stacks them as plain data. */
export async function stacked(chunks: AsyncIterable<RawTable>): Promise<{ tables: number; table: ReturnType<typeof plain> }> {
  let tables = 0;
  let out: ReturnType<typeof plain> | undefined;
  for await (const chunk of chunks) {
    tables++;
    const p = plain(chunk);
    if (out === undefined) out = p;
    else {
      assert.deepEqual(p.header, out.header, "every chunk has the same header");
      p.cells.forEach((column, c) => (out as ReturnType<typeof plain>).cells[c]?.push(...column));
      out.lines.push(...p.lines);
      out.rows += p.rows;
    }
  }
  assert.ok(out !== undefined, "at least one chunk");
  return { tables, table: out };
}
