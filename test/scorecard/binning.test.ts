import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { type BinningSettings, binByHand, binCategorical, binNumeric, quantileCuts } from "../../src/scorecard/binning.js";
import { binLabels, binOf, regularBinCount } from "../../src/scorecard/characteristic.js";

const SETTINGS: BinningSettings = { minBinShare: 0.05, minBinEvents: 5, maxBins: 8, prebins: 50 };

/** 2,000 rows: x uniform on 0..99 (integers) with P(event) rising in x; 10 % missing (risky); 2 % special −1. */
function fixture() {
  const rng = new Rng(11);
  const n = 2000;
  const x = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    if (u < 0.1) {
      x[i] = Number.NaN;
      y[i] = rng.next() < 0.6 ? 1 : 0;
    } else if (u < 0.12) {
      x[i] = -1;
      y[i] = rng.next() < 0.25 ? 1 : 0;
    } else {
      const v = rng.int(100);
      x[i] = v;
      y[i] = rng.next() < 0.05 + 0.5 * (v / 100) ** 2 ? 1 : 0;
    }
  }
  return { x, y };
}

test("numeric: monotone event rate, at least 5 % of rows per bin, missing apart, small special merged", () => {
  const { x, y } = fixture();
  const b = binNumeric(x, y, undefined, "auto", [-1], SETTINGS);
  assert.equal(b.trend, "ascending");
  const layout = b.layout;
  assert.equal(layout.type, "numeric");
  if (layout.type !== "numeric") return;
  const regular = regularBinCount(layout);
  const rates = b.stats.slice(0, regular).map((s) => s.events / s.count);
  for (let i = 1; i < rates.length; i++) assert.ok((rates[i] as number) > (rates[i - 1] as number), `rates ${rates.join(", ")}`);
  for (const s of b.stats) assert.ok(s.count >= 0.05 * x.length, `bin of ${s.count} rows`);
  assert.ok(regular >= 3 && regular <= 8, `${regular} bins`);
  // Cuts are data values (integers here), so SQL reads them back exactly.
  for (const c of layout.cuts) assert.ok(Number.isInteger(c));
  // Missing (10 %, both classes) has its own bin; the special value (2 %) joined a regular bin.
  assert.equal(layout.missingBin, regular);
  assert.ok((layout.special[0]?.bin as number) < regular);
  // The bin of every row is what binOf says, and the stats count those rows.
  const counts = new Array<number>(b.stats.length).fill(0);
  x.forEach((v, i) => {
    assert.equal(b.binOfRow[i], binOf(layout, v));
    counts[binOf(layout, v)]++;
  });
  assert.deepEqual(counts, b.stats.map((s) => s.count));
  let iv = 0;
  for (const s of b.stats) iv += s.iv;
  assert.ok(Math.abs(iv - b.iv) < 1e-12);
  const labels = binLabels(layout, b.stats.length);
  assert.match(labels[0] as string, /^< \d+$/);
  assert.equal(labels[regular], "missing");
});

test("numeric: a descending trend when asked, and missing never seen goes to the riskiest bin", () => {
  const { x, y } = fixture();
  const present = [...x.keys()].filter((i) => !Number.isNaN(x[i] as number) && x[i] !== -1);
  const xs = Float64Array.from(present, (i) => x[i] as number);
  const ys = Uint8Array.from(present, (i) => y[i] as number);
  const down = binNumeric(Float64Array.from(xs, (v) => -v), ys, undefined, "descending", [], SETTINGS);
  const rates = down.stats.map((s) => s.events / s.count);
  for (let i = 1; i < rates.length; i++) assert.ok((rates[i] as number) < (rates[i - 1] as number));
  const up = binNumeric(xs, ys, undefined, "ascending", [], SETTINGS);
  assert.equal(up.layout.missingBin, up.stats.length - 1, "the highest bin is the riskiest");
  assert.equal(binOf(up.layout, Number.NaN), up.stats.length - 1);
});

test("numeric: peak shape when asked", () => {
  const rng = new Rng(3);
  const n = 3000;
  const x = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.int(100);
    y[i] = rng.next() < 0.1 + 0.4 * Math.exp(-(((x[i] as number) - 50) ** 2) / 300) ? 1 : 0;
  }
  const b = binNumeric(x, y, undefined, "peak", [], SETTINGS);
  const rates = b.stats.map((s) => s.events / s.count);
  const top = rates.indexOf(Math.max(...rates));
  assert.ok(top > 0 && top < rates.length - 1, `peak inside: ${rates.join(", ")}`);
  for (let i = 1; i <= top; i++) assert.ok((rates[i] as number) > (rates[i - 1] as number));
  for (let i = top + 1; i < rates.length; i++) assert.ok((rates[i] as number) < (rates[i - 1] as number));
  const mono = binNumeric(x, y, undefined, "auto", [], SETTINGS);
  assert.ok(b.iv > mono.iv, "a peak explains this better than a monotone trend");
});

test("categorical: levels ordered by event rate and grouped; (other) code and missing placed", () => {
  // Codes 0..4 with event rates 0.1, 0.5, 0.12, 0.3, 0.52 over 200 rows each; code 5 = (other), 100 rows at 0.3.
  const rates = [0.1, 0.5, 0.12, 0.3, 0.52, 0.3];
  const sizes = [200, 200, 200, 200, 200, 100];
  const codes: number[] = [];
  const y: number[] = [];
  rates.forEach((r, c) => {
    const events = Math.round(r * (sizes[c] as number));
    for (let i = 0; i < (sizes[c] as number); i++) {
      codes.push(c);
      y.push(i < events ? 1 : 0);
    }
  });
  const b = binCategorical(Float64Array.from(codes), 6, ["a", "b", "c", "d", "e"], Uint8Array.from(y), undefined, { ...SETTINGS, maxBins: 3 });
  const layout = b.layout;
  if (layout.type !== "categorical") return assert.fail("categorical layout");
  assert.equal(layout.hasOther, true);
  // At most 3 bins: similar levels share one — a with c, b with e, d with (other).
  assert.equal(layout.binOfCode[0], layout.binOfCode[2]);
  assert.equal(layout.binOfCode[1], layout.binOfCode[4]);
  assert.equal(layout.binOfCode[3], layout.binOfCode[5]);
  const binRates = b.stats.map((s) => s.events / s.count);
  for (let i = 1; i < binRates.length; i++) assert.ok((binRates[i] as number) > (binRates[i - 1] as number));
  assert.deepEqual(binLabels(layout, b.stats.length), ["a, c", "d, (other)", "b, e, missing"]);
});

test("bins by hand: the given cuts and groups are kept; only counts, WoE and IV come from the data", () => {
  const { x, y } = fixture();
  const b = binByHand(x, undefined, [], { type: "numeric", cuts: [20, 50, 80], special: [{ value: -1, bin: "own" }], missing: 0 }, y, undefined);
  if (b.layout.type !== "numeric") return assert.fail("numeric layout");
  assert.deepEqual(b.layout.cuts, [20, 50, 80]);
  assert.equal(b.layout.special[0]?.bin, 4);
  assert.equal(b.layout.missingBin, 0);
  assert.equal(b.origin, "user");
  assert.equal(b.stats.length, 5);
  const codes = Float64Array.from([0, 0, 1, 1, 2, 2, 3, Number.NaN]);
  const yc = Uint8Array.from([0, 1, 0, 0, 1, 1, 0, 1]);
  const c = binByHand(codes, 4, ["p", "q", "r"], { type: "categorical", groups: [["p", "q"], ["r"]], missing: "own" }, yc, undefined);
  if (c.layout.type !== "categorical") return assert.fail("categorical layout");
  // (other) (code 3) is named by no group: it goes to the riskiest group, r's.
  assert.deepEqual(c.layout.binOfCode, [0, 0, 1, 1]);
  assert.equal(c.layout.missingBin, 2);
});

test("quantile cuts are distinct data values above the minimum", () => {
  assert.deepEqual(quantileCuts([1, 1, 1, 1, 2, 2, 3, 4, 5, 6], 5), [2, 3, 5]);
  assert.deepEqual(quantileCuts([7, 7, 7], 10), []);
});
