import assert from "node:assert/strict";
import { test } from "node:test";
import { binPoints, logOddsOfPoints, pdOfPoints, pdTable, quantileBandCuts, riskBands, scalingOf, scoreOfOdds } from "../../src/scorecard/points.js";

test("the worked example: pdo 20, 600 points at odds 50:1", () => {
  const s = scalingOf(20, 600, 50);
  // factor = 20 / ln 2, offset = 600 − factor · ln 50 (Siddiqi 2006, ch. 10).
  assert.ok(Math.abs(s.factor - 28.85390081777927) < 1e-12);
  assert.ok(Math.abs(s.offset - 487.1228762045055) < 1e-9);
  assert.ok(Math.abs(scoreOfOdds(s, 50) - 600) < 1e-9);
  // Doubling the odds adds pdo points; halving takes them away.
  assert.ok(Math.abs(scoreOfOdds(s, 100) - 620) < 1e-9);
  assert.ok(Math.abs(scoreOfOdds(s, 25) - 580) < 1e-9);
  assert.ok(Math.abs(scoreOfOdds(s, 200) - 640) < 1e-9);
  // Back from points: 620 points are odds 100:1, a probability of default of 1/101.
  assert.ok(Math.abs(logOddsOfPoints(s, 620) - Math.log(1 / 100)) < 1e-12);
  assert.ok(Math.abs(pdOfPoints(s, 620) - 1 / 101) < 1e-12);
});

test("points per bin follow their definition and add up to the rounded score", () => {
  const s = scalingOf(20, 600, 50);
  // Intercept a = −1.2, two characteristics with β = −0.9 and −1.1.
  const a = -1.2;
  const exact = (beta: number, woe: number) => -(beta * woe + a / 2) * s.factor + s.offset / 2;
  assert.equal(binPoints(s, a, -0.9, 0.5, 2), Math.round(exact(-0.9, 0.5)));
  assert.equal(binPoints(s, a, -1.1, -0.3, 2), Math.round(exact(-1.1, -0.3)));
  // Unrounded, the two characteristics add up to offset + factor · ln(odds_good).
  const logOddsBad = a + -0.9 * 0.5 + -1.1 * -0.3;
  assert.ok(Math.abs(exact(-0.9, 0.5) + exact(-1.1, -0.3) - scoreOfOdds(s, Math.exp(-logOddsBad))) < 1e-9);
  // A WoE of 0 everywhere scores the intercept's share only.
  assert.equal(binPoints(s, a, -1, 0, 1), Math.round(s.offset - a * s.factor));
});

test("score → PD table and risk bands", () => {
  const s = scalingOf(20, 600, 50);
  const table = pdTable(s, 575, 620, 10);
  assert.deepEqual(table.map((r) => r.points), [575, 580, 590, 600, 610, 620]);
  assert.ok(Math.abs((table[3]?.oddsGood as number) - 50) < 1e-9);
  assert.ok(Math.abs((table[3]?.pd as number) - 1 / 51) < 1e-12);
  const points = [500, 510, 540, 560, 600, 620];
  const y = [1, 1, 0, 1, 0, 0];
  const bands = riskBands(s, points, y, [550, 600]);
  assert.deepEqual(
    bands.map((b) => [b.band, b.fromPoints, b.toPoints, b.rows, b.events]),
    [
      [1, 600, null, 2, 0],
      [2, 550, 599, 1, 1],
      [3, null, 549, 3, 2],
    ],
  );
  assert.ok(Math.abs((bands[1]?.pdHigh as number) - pdOfPoints(s, 550)) < 1e-15);
  assert.deepEqual(quantileBandCuts([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5), [3, 5, 7, 9]);
});
