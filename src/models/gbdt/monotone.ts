/**
 * Monotone constraints (`--monotone col:+1,col:-1`, the gbdt parameter `monotone`): the
 * model's output may only rise (+1) or only fall (-1) as a numeric feature grows, the other
 * features fixed — what credit models are asked to guarantee (e.g. more past defaults never
 * lowers the risk). Enforced while trees grow (split.ts, grower.ts).
 */
import { LeadscoreError } from "../../core/errors.js";
import type { FeatureInfo } from "../../core/matrix.js";

export interface MonotoneConstraint {
  readonly column: string;
  readonly direction: 1 | -1;
}

/**
 * Parses "col:+1,col:-1" (also "col:1", "col:-1", "col:0" for none; spaces around names are
 * trimmed, a name may itself hold ':' — the last one separates the direction). Returns the
 * constraints in the order given; the same column twice is an error.
 */
export function parseMonotone(text: string): MonotoneConstraint[] {
  const out: MonotoneConstraint[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(",")) {
    const entry = part.trim();
    if (entry === "") continue;
    const at = entry.lastIndexOf(":");
    const column = at > 0 ? entry.slice(0, at).trim() : "";
    const sign = at > 0 ? entry.slice(at + 1).trim() : "";
    if (column === "" || !/^[+-]?[01]$/.test(sign)) {
      problems.push(`'${entry}' is not COLUMN:+1, COLUMN:-1 or COLUMN:0`);
      continue;
    }
    if (seen.has(column)) problems.push(`'${column}' is given twice`);
    seen.add(column);
    const value = Number(sign);
    if (value !== 0) out.push({ column, direction: value > 0 ? 1 : -1 });
  }
  if (problems.length > 0) {
    throw new LeadscoreError("usage", `Invalid monotone constraints: ${problems.join("; ")}.`, { field: "monotone" });
  }
  return out;
}

/** The canonical text of constraints ("a:+1,b:-1"), as stored in the model's parameters. */
export function formatMonotone(constraints: readonly MonotoneConstraint[]): string {
  return constraints.map((c) => `${c.column}:${c.direction > 0 ? "+1" : "-1"}`).join(",");
}

/**
 * Per feature +1 / -1 / 0 for the matrix's features, or null when nothing is constrained.
 * A name matches a feature's name, else the input column a single numeric feature comes from.
 * A categorical feature cannot be monotone (its codes have no order), and every name must
 * match a feature.
 */
export function resolveMonotone(text: string | undefined, features: readonly FeatureInfo[]): Int8Array | null {
  const constraints = parseMonotone(text ?? "");
  if (constraints.length === 0) return null;
  const out = new Int8Array(features.length);
  const problems: string[] = [];
  for (const { column, direction } of constraints) {
    let f = features.findIndex((info) => info.name === column);
    if (f < 0) {
      const fromColumn = features.flatMap((info, i) => (info.source === column ? [i] : []));
      if (fromColumn.length === 1) f = fromColumn[0] as number;
    }
    const info = features[f];
    if (info === undefined) {
      problems.push(`'${column}' is not a model feature (features: ${features.map((x) => x.name).join(", ")})`);
    } else if (info.type === "categorical") {
      problems.push(`'${column}' is categorical, and only numeric columns can be monotone`);
    } else {
      out[f] = direction;
    }
  }
  if (problems.length > 0) {
    throw new LeadscoreError("usage", `Invalid monotone constraints: ${problems.join("; ")}.`, { field: "monotone" });
  }
  return out;
}
