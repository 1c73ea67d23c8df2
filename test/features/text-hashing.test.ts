import assert from "node:assert/strict";
import { test } from "node:test";
import { bucketOf, countRow, countTerms, fitIdf, fnv1a32, hashedTerms, signOf, tfidfOf } from "../../src/features/text-hashing.js";

/** An independent FNV-1a: BigInt arithmetic over Node's own UTF-8 encoding. */
function referenceFnv1a(text: string): number {
  let hash = 0x811c9dc5n;
  for (const byte of Buffer.from(text, "utf8")) hash = ((hash ^ BigInt(byte)) * 0x01000193n) & 0xffffffffn;
  return Number(hash);
}

test("FNV-1a 32: the published test vectors", () => {
  assert.equal(fnv1a32(""), 0x811c9dc5);
  assert.equal(fnv1a32("a"), 0xe40c292c);
  assert.equal(fnv1a32("foobar"), 0xbf9cf968);
});

test("FNV-1a 32 agrees with an independent implementation on ASCII, accents, CJK and emoji", () => {
  for (const text of ["pricing", "budget approved", "café", "zürich", "見積もり", "demo 🚀", "Ω≈ç√"]) {
    assert.equal(fnv1a32(text), referenceFnv1a(text), text);
  }
});

test("known buckets: the same term always lands in the same bucket", () => {
  // 'pricing' -> 0x2e2f164d = 774 837 837 = 12 106 841 * 64 + 13 = 6 053 420 * 128 + 77.
  assert.equal(fnv1a32("pricing"), 0x2e2f164d);
  assert.equal(bucketOf("pricing", 64), 13);
  assert.equal(bucketOf("pricing", 128), 77);
  assert.equal(bucketOf("pricing", 1), 0);
  // The four terms of the TF-IDF example below, in 16 buckets (reference implementation).
  assert.deepEqual(["pricing", "demo", "pricing demo", "pricing pricing"].map((t) => referenceFnv1a(t) % 16), [13, 6, 12, 11]);
  assert.deepEqual(["pricing", "demo", "pricing demo", "pricing pricing"].map((t) => bucketOf(t, 16)), [13, 6, 12, 11]);
  // Signs from the top bit: 0x2e2f164d clear; 0xaefd3536, 0xa7495e2c, 0xb3b61aab set.
  assert.deepEqual(["pricing", "demo", "pricing demo", "pricing pricing"].map((t) => referenceFnv1a(t) >>> 31), [0, 1, 1, 1]);
  assert.deepEqual(["pricing", "demo", "pricing demo", "pricing pricing"].map(signOf), [1, -1, -1, -1]);
});

const close = (actual: number, expected: number, what: string): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} vs ${expected}`);

test("TF-IDF on three documents, by hand: signed buckets, smoothed IDF, sublinear tf, L2 norm", () => {
  // d1 "pricing demo": pricing(+), demo(-), "pricing demo"(-); d2: pricing(+) twice, "pricing pricing"(-); d3: demo(-).
  const docs = ["pricing demo", "Pricing, pricing!", "the demo"];
  const idf = fitIdf(docs, Int32Array.of(0, 1, 2), 16);
  const df2 = Math.log(4 / 3) + 1; // pricing and demo: 2 of 3 documents
  const df1 = Math.log(4 / 2) + 1; // each bigram: 1 of 3
  const df0 = Math.log(4 / 1) + 1; // buckets no document uses
  close(idf[13] as number, df2, "idf pricing");
  close(idf[6] as number, df2, "idf demo");
  close(idf[12] as number, df1, "idf 'pricing demo'");
  close(idf[11] as number, df1, "idf 'pricing pricing'");
  close(idf[0] as number, df0, "idf unused");

  const d1 = tfidfOf(docs[0] as string, idf);
  const n1 = Math.sqrt(2 * df2 * df2 + df1 * df1);
  close(d1[13] as number, df2 / n1, "d1 pricing");
  close(d1[6] as number, -df2 / n1, "d1 demo");
  close(d1[12] as number, -df1 / n1, "d1 bigram");
  assert.equal(d1.filter((v) => v !== 0).length, 3);

  const d2 = tfidfOf(docs[1] as string, idf);
  const tf2 = 1 + Math.log(2); // "pricing" twice, sublinear
  const n2 = Math.sqrt((tf2 * df2) ** 2 + df1 * df1);
  close(d2[13] as number, (tf2 * df2) / n2, "d2 pricing");
  close(d2[11] as number, -df1 / n2, "d2 bigram");

  const d3 = tfidfOf(docs[2] as string, idf);
  close(d3[6] as number, -1, "d3 demo");
  for (const d of [d1, d2, d3]) close(Math.hypot(...d), 1, "unit length");
  assert.deepEqual([...tfidfOf(null, idf)], new Array(16).fill(0));
  assert.deepEqual([...tfidfOf("the and of", idf)], new Array(16).fill(0));
});

test("terms sharing a bucket add with their signs", () => {
  // In one bucket, "pricing" (+1) and "demo" (-1) cancel; two of "demo" and one "pricing" leave -1.
  const idf = new Float64Array(1).fill(1);
  assert.deepEqual([...tfidfOf("pricing", idf)], [1]);
  assert.deepEqual([...tfidfOf("demo", idf)], [-1]);
  // "pricing demo" adds the bigram (-1) as well: +1 - 1 - 1 = -1.
  assert.deepEqual([...tfidfOf("pricing demo", idf)], [-1]);
  assert.deepEqual([...fitIdf(["pricing", "demo", null], Int32Array.of(0, 1, 2), 1)], [Math.log(4 / 3) + 1]);
});

test("IDF is fitted on the given rows only; missing text counts as a document with no terms", () => {
  const docs: (string | null)[] = ["pricing demo", "pricing", null, "demo demo"];
  const idf = fitIdf(docs, Int32Array.of(0, 1, 2), 16);
  const changed = fitIdf(["pricing demo", "pricing", null, "pricing pricing pricing"], Int32Array.of(0, 1, 2), 16);
  assert.deepEqual([...changed], [...idf]);
  // n = 3 rows (one missing): pricing in 2, demo in 1.
  close(idf[13] as number, Math.log(4 / 3) + 1, "pricing");
  close(idf[6] as number, Math.log(4 / 2) + 1, "demo");
  // With row 3 in the training rows, demo's document frequency rises to 2.
  close(fitIdf(docs, Int32Array.of(0, 1, 2, 3), 16)[6] as number, Math.log(5 / 3) + 1, "demo, 4 rows");
});

test("a column's cached term hashes count exactly like hashing each text afresh", () => {
  const docs = ["Asked for pricing; demo booked", null, "", "budget approved budget approved", "Café Zürich 🚀"];
  const terms = hashedTerms(docs);
  assert.equal(hashedTerms(docs), terms); // cached while the array lives
  // Terms per row: 4 words + 3 bigrams; none (missing); none (empty); 4 + 3; 2 + 1.
  assert.deepEqual([...terms.offsets], [0, 7, 7, 7, 14, 17]);
  docs.forEach((doc, r) => {
    const cached = new Float64Array(32);
    countRow(terms, r, cached);
    const fresh = new Float64Array(32);
    if (doc !== null) countTerms(doc, fresh);
    assert.deepEqual([...cached], [...fresh], `row ${r}`);
  });
});
