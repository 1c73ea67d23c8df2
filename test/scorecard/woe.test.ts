import assert from "node:assert/strict";
import { test } from "node:test";
import { binEvidence, evidenceOf, informationValue, ivStrength } from "../../src/scorecard/woe.js";

// Three bins of 100 rows with 10, 20 and 40 events: 70 events and 230 non-events in all.
// By hand, WoE = ln(%non-events / %events) and IV = (%non-events − %events) · WoE:
//   bin 1: ln((90/230) / (10/70)) = ln(63/23)  = 1.0076405104623831, IV (90/230 − 10/70) · WoE = 0.2503454684378592
//   bin 2: ln((80/230) / (20/70)) = ln(28/23)  = 0.1967102942460543, IV 0.01221803069851269
//   bin 3: ln((60/230) / (40/70)) = ln(21/46)  = −0.784118958765672, IV 0.24351520458561238
//   total IV 0.5060787037219843
const BINS = [
  { count: 100, events: 10 },
  { count: 100, events: 20 },
  { count: 100, events: 40 },
];

test("WoE and IV of a small table equal the hand computation to 1e-12", () => {
  const expected = [
    { woe: 1.0076405104623831, iv: 0.2503454684378592 },
    { woe: 0.1967102942460543, iv: 0.01221803069851269 },
    { woe: -0.784118958765672, iv: 0.24351520458561238 },
  ];
  const got = evidenceOf(BINS);
  got.forEach((e, i) => {
    assert.ok(Math.abs(e.woe - (expected[i]?.woe as number)) < 1e-12, `bin ${i + 1} WoE ${e.woe}`);
    assert.ok(Math.abs(e.iv - (expected[i]?.iv as number)) < 1e-12, `bin ${i + 1} IV ${e.iv}`);
  });
  assert.ok(Math.abs(informationValue(BINS) - 0.5060787037219843) < 1e-12);
  // The same from the closed forms.
  assert.ok(Math.abs((got[0]?.woe as number) - Math.log(63 / 23)) < 1e-12);
  assert.ok(Math.abs((got[2]?.woe as number) - Math.log(21 / 46)) < 1e-12);
});

test("a bin without events is smoothed by ½ per class; an empty bin is neutral", () => {
  // 0 events of 50, against 10 events and 40 non-events elsewhere: ln(((50.5)/90) / (0.5/10)).
  const e = binEvidence({ count: 50, events: 0 }, 10, 90);
  assert.ok(Math.abs(e.woe - Math.log(50.5 / 90 / (0.5 / 10))) < 1e-12);
  assert.ok(Number.isFinite(e.iv) && e.iv > 0);
  assert.deepEqual(binEvidence({ count: 0, events: 0 }, 10, 90), { woe: 0, iv: 0 });
});

test("IV strength labels follow the usual cut points", () => {
  assert.equal(ivStrength(0.01), "not predictive");
  assert.equal(ivStrength(0.05), "weak");
  assert.equal(ivStrength(0.2), "medium");
  assert.equal(ivStrength(0.4), "strong");
  assert.match(ivStrength(0.7), /very strong/);
});
