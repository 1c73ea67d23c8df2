/** Reading arrays of numbers from stored models. */

/** The array as a Float64Array, or `fail` naming the first entry that is not a finite number. */
export function finiteNumbers(value: unknown, name: string, fail: (problem: string) => never): Float64Array {
  if (!Array.isArray(value)) return fail(`${name} is not an array of numbers`);
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== "number" || !Number.isFinite(v)) return fail(`${name}[${i}] is not a finite number`);
    out[i] = v;
  }
  return out;
}
