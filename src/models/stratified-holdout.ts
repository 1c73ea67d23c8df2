/**
 * The inner validation split that early stopping holds out: a stratified share of the rows,
 * each class shuffled by the learner's seeded rng, so both classes stay in both parts.
 */
import type { Labels } from "../core/matrix.js";
import type { Rng } from "../core/rng.js";

/** Row indices of the training and held-out parts, or null when a class would vanish from training. */
export function stratifiedHoldout(y: Labels, fraction: number, rng: Rng): { train: Int32Array; valid: Int32Array } | null {
  const isValid = new Uint8Array(y.length);
  let validCount = 0;
  for (const cls of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) members.push(i);
    const take = Math.round(members.length * fraction);
    if (members.length > 0 && take >= members.length) return null;
    rng.shuffle(members);
    for (let k = 0; k < take; k++) isValid[members[k] as number] = 1;
    validCount += take;
  }
  if (validCount === 0) return null;
  const train = new Int32Array(y.length - validCount);
  const valid = new Int32Array(validCount);
  let t = 0;
  let v = 0;
  for (let i = 0; i < y.length; i++) {
    if (isValid[i] === 1) valid[v++] = i;
    else train[t++] = i;
  }
  return { train, valid };
}
