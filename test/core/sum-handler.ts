/** A worker handler for the worker-pool test: sums a slice of a shared array. */
export function handleMessage(payload: unknown): unknown {
  const { data, start, end } = payload as { data: Float64Array; start: number; end: number };
  if (start < 0) throw new Error("negative start");
  let sum = 0;
  for (let i = start; i < end; i++) sum += data[i] as number;
  return sum;
}
