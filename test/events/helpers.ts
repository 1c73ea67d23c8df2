// Shared paths and helpers of the event tests.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const EVENTS_FIXTURES = resolve(import.meta.dirname, "..", "fixtures", "events");

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "leadscore-events-"));
}
