/** Parsing of the flags several commands share (SPEC §2). */
import type { ColumnKind } from "../core/frame.js";
import { LeadscoreError } from "../core/errors.js";

/** Commander collector for repeatable comma-separated lists: names trimmed, spaces inside kept. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((v) => v.trim()).filter((v) => v !== "")];
}

export function collectRepeat(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseParams(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new LeadscoreError("usage", `--param expects NAME=VALUE, got '${pair}'.`, { field: "param" });
    params[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return params;
}

const KINDS: readonly ColumnKind[] = ["numeric", "categorical", "boolean", "datetime", "text", "id"];

/** `--kind col=numeric` (repeatable or comma-separated). */
export function parseKinds(pairs: readonly string[]): Record<string, ColumnKind> {
  const kinds: Record<string, ColumnKind> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf("=");
    const name = pair.slice(0, at).trim();
    const kind = pair.slice(at + 1).trim() as ColumnKind;
    if (at <= 0 || !KINDS.includes(kind)) {
      throw new LeadscoreError("usage", `--kind expects COLUMN=KIND with KIND one of ${KINDS.join(", ")}; got '${pair}'.`, { field: "kind" });
    }
    kinds[name] = kind;
  }
  return kinds;
}

export function parseInteger(flag: string, min: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new LeadscoreError("usage", `${flag} expects a whole number of at least ${min}, got '${value}'.`, { field: flag });
    return n;
  };
}

export function parseNumber(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n)) throw new LeadscoreError("usage", `${flag} expects a number, got '${value}'.`, { field: flag });
    return n;
  };
}
