/**
 * Splits `--param NAME=VALUE` among model families. With one family every name must be
 * its own; under `auto` each family takes the names it knows, and a name no family
 * knows is an error.
 */
import { LeadscoreError } from "../core/errors.js";
import { type TrainableFamily, createLearner } from "../models/registry.js";

export function resolveFamilyParams(
  families: readonly TrainableFamily[],
  params: Readonly<Record<string, string>>,
): (family: TrainableFamily) => Readonly<Record<string, string>> {
  const byFamily = new Map<TrainableFamily, Record<string, string>>(families.map((f) => [f, {}]));
  const errors: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    let taken = false;
    for (const family of families) {
      try {
        createLearner(family, { [name]: value }, 0);
        (byFamily.get(family) as Record<string, string>)[name] = value;
        taken = true;
      } catch (error) {
        if (!(error instanceof LeadscoreError)) throw error;
        if (families.length === 1) errors.push(error.message);
        else if (!/unknown parameter/.test(error.message)) errors.push(error.message);
      }
    }
    if (!taken && families.length > 1 && errors.length === 0) {
      errors.push(`--param ${name}: no model family (${families.join(", ")}) has a parameter '${name}'.`);
    }
  }
  if (errors.length > 0) throw new LeadscoreError("usage", errors.join(" "), { field: "param" });
  return (family) => byFamily.get(family) ?? {};
}
