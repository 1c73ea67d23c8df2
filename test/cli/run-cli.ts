// Runs the built CLI (bin/leadscore.js -> dist/) as a user would, capturing its output.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const FIXTURES = join(ROOT, "test", "fixtures", "cli");
const BIN = join(ROOT, "bin", "leadscore.js");

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd: string = ROOT): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "leadscore-test-"));
}

/** A user error: exit 1, one message on stderr, no stack trace. */
export function isCleanUserError(result: CliResult): boolean {
  return result.status === 1 && result.stderr.startsWith("leadscore: ") && !/\n\s+at /.test(result.stderr);
}
