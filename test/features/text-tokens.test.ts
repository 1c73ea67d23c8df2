import assert from "node:assert/strict";
import { test } from "node:test";
import { STOP_WORDS, textTerms, words } from "../../src/features/text-tokens.js";

test("words: lower case, punctuation splits, stop words gone, negations kept", () => {
  assert.deepEqual(words("Asked for PRICING; the demo is booked -- budget approved!!"), ["asked", "pricing", "demo", "booked", "budget", "approved"]);
  assert.deepEqual(words("No budget, not interested."), ["no", "budget", "not", "interested"]);
  assert.deepEqual(words("don't  call\tback\n(at all)"), ["dont", "call", "back"]);
  assert.deepEqual(words("Q3 2024: 50k seats, e-mail sent"), ["q3", "2024", "50k", "seats", "e", "mail", "sent"]);
});

test("words: Unicode letters and digits, NFKC (full-width and decomposed forms match their plain forms)", () => {
  assert.deepEqual(words("Café in Zürich, Ｄｅｍｏ ５"), ["café", "zürich", "demo", "5"]);
  // "e" + combining acute (U+0301) is the same word as the precomposed "é".
  assert.deepEqual(words("cafe\u0301"), ["café"]);
  assert.deepEqual(words("Привет МИР"), ["привет", "мир"]);
  assert.deepEqual(words("!!! --- ..."), []);
  assert.deepEqual(words(""), []);
});

test("textTerms: the words, then the bigrams of neighbouring words (after stop-word removal)", () => {
  assert.deepEqual(textTerms("Requested a demo, budget approved"), [
    "requested",
    "demo",
    "budget",
    "approved",
    "requested demo",
    "demo budget",
    "budget approved",
  ]);
  assert.deepEqual(textTerms("pricing"), ["pricing"]);
  assert.deepEqual(textTerms("the of and"), []);
});

test("the stop-word list is small, lower case, and leaves meaning-carrying words alone", () => {
  assert.ok(STOP_WORDS.size < 150);
  for (const w of STOP_WORDS) assert.equal(w, w.toLowerCase());
  for (const kept of ["no", "not", "never", "pricing", "demo", "budget"]) assert.ok(!STOP_WORDS.has(kept), kept);
});
