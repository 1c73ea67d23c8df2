// Known values of the normal, chi-square and Kolmogorov distributions (scipy.stats 1.17:
// norm.cdf, chi2.sf, kstwobign.sf), and the textbook 5 % critical values.
import assert from "node:assert/strict";
import { test } from "node:test";
import { chiSquareUpperTail, logGamma } from "../../src/audit/chi-square-distribution.js";
import { kolmogorovUpperTail, ksPValue } from "../../src/audit/kolmogorov-distribution.js";
import { Z95, normalCdf, twoSidedP } from "../../src/audit/normal-distribution.js";

function close(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

test("the normal distribution is accurate in the body and far into both tails", () => {
  const known: [number, number][] = [
    [1.96, 0.9750021048517795],
    [-3, 0.0013498980316300933],
    [-8, 6.22096057427174e-16],
    [0.5, 0.6914624612740131],
    [2.9, 0.998134186699616],
    [3.1, 0.9990323967867817],
    [-12, 1.776482112077653e-33],
  ];
  for (const [x, p] of known) close(normalCdf(x), p, 1e-12, `Φ(${x})`);
  close(twoSidedP(Z95), 0.05, 1e-12, "two-sided p at z95");
  assert.equal(twoSidedP(0), 1);
});

test("chi-square upper tails match the 5 % critical values and scipy", () => {
  const known: [number, number, number][] = [
    [3.841458820694124, 1, 0.05],
    [5.991464547107979, 2, 0.05],
    [18.307038053275146, 10, 0.05],
    [1, 3, 0.8012519569012009],
    [0.5, 7, 0.9994464813904249],
    [40, 10, 1.694474393006737e-5],
    [300, 50, 2.3141364165140704e-37],
  ];
  for (const [x, df, p] of known) close(chiSquareUpperTail(x, df), p, 1e-9, `χ²(${x}, ${df})`);
  close(Math.exp(logGamma(5)), 24, 1e-13, "Γ(5)");
  close(Math.exp(logGamma(0.5)), Math.sqrt(Math.PI), 1e-13, "Γ(½)");
});

test("the Kolmogorov distribution matches scipy on both of its series", () => {
  const known: [number, number][] = [
    [0.5, 0.9639452436648751],
    [1.0, 0.26999967167735456],
    [1.2238478702170825, 0.1],
    [1.3580986393225505, 0.05],
    [1.6276236115189537, 0.01],
    [2.5, 7.453306344157342e-6],
  ];
  for (const [lambda, p] of known) close(kolmogorovUpperTail(lambda), p, 1e-9, `Q_KS(${lambda})`);
  // Equal samples of 100: λ = (√50 + 0.12 + 0.11/√50)·D.
  const d = 0.2;
  const root = Math.sqrt(50);
  close(ksPValue(d, 100, 100), kolmogorovUpperTail((root + 0.12 + 0.11 / root) * d), 1e-15, "ksPValue");
});
