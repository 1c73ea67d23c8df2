/**
 * Declarative hyper-parameter tables (after scikit-learn's `_parameter_constraints`):
 * each model lists its parameters once, and `resolveParams` validates user values
 * (from `--param NAME=VALUE` or the library) against that table in one place.
 */
import { LeadscoreError } from "./errors.js";

export type ParamSpec =
  | { readonly type: "int"; readonly default: number; readonly min: number; readonly max?: number; readonly help: string }
  | { readonly type: "float"; readonly default: number; readonly min: number; readonly max?: number; readonly exclusiveMin?: boolean; readonly help: string }
  | { readonly type: "bool"; readonly default: boolean; readonly help: string };

export type ParamTable = Readonly<Record<string, ParamSpec>>;

export type ParamValues<T extends ParamTable> = {
  -readonly [K in keyof T]: T[K] extends { type: "bool" } ? boolean : number;
};

/** Defaults overlaid with `given`; strings (from the command line) are parsed. Collects every problem, then throws once. */
export function resolveParams<T extends ParamTable>(
  model: string,
  table: T,
  given: Readonly<Record<string, string | number | boolean>> = {},
): ParamValues<T> {
  const out: Record<string, number | boolean> = {};
  for (const [name, spec] of Object.entries(table)) out[name] = spec.default;
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(given)) {
    const spec = table[name];
    if (spec === undefined) {
      problems.push(`unknown parameter '${name}' (known: ${Object.keys(table).join(", ")})`);
      continue;
    }
    if (spec.type === "bool") {
      const text = String(raw).toLowerCase();
      if (raw === true || ["on", "true", "yes", "1"].includes(text)) out[name] = true;
      else if (raw === false || ["off", "false", "no", "0"].includes(text)) out[name] = false;
      else problems.push(`'${name}' must be on or off, got '${String(raw)}'`);
      continue;
    }
    const value = typeof raw === "number" ? raw : Number(raw);
    if (!Number.isFinite(value) || (typeof raw === "string" && raw.trim() === "")) {
      problems.push(`'${name}' must be a number, got '${String(raw)}'`);
      continue;
    }
    if (spec.type === "int" && !Number.isInteger(value)) {
      problems.push(`'${name}' must be a whole number, got ${value}`);
      continue;
    }
    const tooLow = spec.type === "float" && spec.exclusiveMin ? value <= spec.min : value < spec.min;
    if (tooLow || (spec.max !== undefined && value > spec.max)) {
      const low = spec.type === "float" && spec.exclusiveMin ? `greater than ${spec.min}` : `at least ${spec.min}`;
      problems.push(`'${name}' must be ${low}${spec.max !== undefined ? ` and at most ${spec.max}` : ""}, got ${value}`);
      continue;
    }
    out[name] = value;
  }
  if (problems.length > 0) {
    throw new LeadscoreError("usage", `Invalid ${model} parameters: ${problems.join("; ")}.`, { field: "param" });
  }
  return out as ParamValues<T>;
}
