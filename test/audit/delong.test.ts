import assert from "node:assert/strict";
import { test } from "node:test";
import { delongComponents, delongTest, delongVariance, midranks } from "../../src/audit/delong.js";
import { Rng } from "../../src/core/rng.js";
import { rocAuc } from "../../src/evaluate/auc.js";

// 3 positives and 4 negatives, rows interleaved; scorer A has a tie (0.6) across the classes.
//   positives: A = 0.8, 0.6, 0.4   B = 0.3, 0.9, 0.7
//   negatives: A = 0.6, 0.5, 0.2, 0.1   B = 0.2, 0.8, 0.4, 0.1
// By hand, ψ = 1 (positive higher), ½ (tie), 0:
//   A: V10 = [4/4, (3 + ½)/4, 2/4] = [1, 7/8, 1/2]; V01 = [1.5/3, 2/3, 3/3, 3/3]; AUC = 19/24.
//      S10 = Σ(V10 − 19/24)²/2 = (25 + 4 + 49)/576/2 = 13/192; S01 = (49 + 9 + 25 + 25)/576/3 = 1/16.
//      Var(AUC_A) = S10/3 + S01/4 = 13/576 + 9/576 = 11/288.
//   B: V10 = [2/4, 4/4, 3/4]; V01 = [3/3, 1/3, 2/3, 3/3]; AUC = 3/4; S10 = 1/16; S01 = 11/108.
//   Covariances: S10_AB = (5·−6 + 2·6 + −7·0)/576/2 = −1/64; S01_AB = (−7·6 + −3·−10 + 5·−2 + 5·6)/576/3 = 1/216.
//   Var(AUC_B − AUC_A) = (13/192 + 1/16 + 2/64)/3 + (1/16 + 11/108 − 2/216)/4 = 31/576 + 67/1728 = 5/54.
const y = Uint8Array.from([0, 1, 0, 1, 0, 0, 1]);
const a = [0.6, 0.8, 0.5, 0.6, 0.2, 0.1, 0.4];
const b = [0.2, 0.3, 0.8, 0.9, 0.4, 0.1, 0.7];

test("DeLong's structural components and variance equal the hand computation", () => {
  const ca = delongComponents(a, y);
  assert.deepEqual(Array.from(ca.v10), [1, 7 / 8, 1 / 2]);
  const v01 = Array.from(ca.v01);
  [0.5, 2 / 3, 1, 1].forEach((v, i) => assert.ok(Math.abs((v01[i] as number) - v) < 1e-15));
  assert.ok(Math.abs(ca.auc - 19 / 24) < 1e-15);
  assert.ok(Math.abs(delongVariance(ca) - 11 / 288) < 1e-15, `variance ${delongVariance(ca)}`);
  const t = delongTest(a, b, y);
  assert.ok(Math.abs(t.aucB - 0.75) < 1e-15);
  assert.ok(Math.abs(t.diff - -1 / 24) < 1e-15);
  assert.ok(Math.abs(t.varianceB - (1 / 16 / 3 + 11 / 108 / 4)) < 1e-15);
  assert.ok(Math.abs(t.covariance - (-1 / 64 / 3 + 1 / 216 / 4)) < 1e-15);
  assert.ok(Math.abs(t.variance - 5 / 54) < 1e-15, `variance of the difference ${t.variance}`);
  assert.ok(Math.abs(t.z - -1 / 24 / Math.sqrt(5 / 54)) < 1e-12);
});

test("DeLong agrees with a brute-force pairwise computation and with the trapezoid AUC", () => {
  const rng = new Rng(5);
  const n = 300;
  const labels = Uint8Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
  // Rounded scores make many ties.
  const s1 = Array.from(labels, (l) => Math.round((l + rng.normal()) * 4) / 4);
  const s2 = Array.from(labels, (l, i) => Math.round((0.5 * l + 0.7 * (s1[i] as number) + rng.normal()) * 4) / 4);
  const brute = (s: number[]) => {
    const pos = [...labels.keys()].filter((i) => labels[i] === 1);
    const neg = [...labels.keys()].filter((i) => labels[i] === 0);
    const psi = (i: number, j: number) => ((s[i] as number) > (s[j] as number) ? 1 : s[i] === s[j] ? 0.5 : 0);
    return { v10: pos.map((i) => neg.reduce((t, j) => t + psi(i, j), 0) / neg.length), v01: neg.map((j) => pos.reduce((t, i) => t + psi(i, j), 0) / pos.length) };
  };
  const cov = (u: number[], v: number[]) => {
    const mu = u.reduce((t, x) => t + x, 0) / u.length;
    const mv = v.reduce((t, x) => t + x, 0) / v.length;
    return u.reduce((t, x, i) => t + (x - mu) * ((v[i] as number) - mv), 0) / (u.length - 1);
  };
  const b1 = brute(s1);
  const b2 = brute(s2);
  const m = b1.v10.length;
  const k = b1.v01.length;
  const expected = (cov(b1.v10, b1.v10) + cov(b2.v10, b2.v10) - 2 * cov(b1.v10, b2.v10)) / m + (cov(b1.v01, b1.v01) + cov(b2.v01, b2.v01) - 2 * cov(b1.v01, b2.v01)) / k;
  const t = delongTest(s1, s2, labels);
  assert.ok(Math.abs(t.variance - expected) < 1e-14, `${t.variance} vs ${expected}`);
  assert.ok(Math.abs(t.aucA - rocAuc(s1, labels)) < 1e-14);
  assert.ok(Math.abs(t.aucB - rocAuc(s2, labels)) < 1e-14);
  assert.ok(t.pValue > 0 && t.pValue <= 1);
});

test("identical scorers differ by nothing, with p = 1; midranks average ties", () => {
  const t = delongTest(a, a, y);
  assert.equal(t.diff, 0);
  assert.equal(t.pValue, 1);
  assert.deepEqual(Array.from(midranks([3, 1, 3, 2])), [3.5, 1, 3.5, 2]);
});
