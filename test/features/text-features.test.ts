import assert from "node:assert/strict";
import { test } from "node:test";
import type { Frame } from "../../src/core/frame.js";
import type { TextEncoding } from "../../src/features/encoding.js";
import { groupContributions } from "../../src/features/group-contributions.js";
import { type PreprocessorJSON, featureInfos, fitPreprocessor, transform } from "../../src/features/preprocessor.js";
import { bucketOf, fitIdf, tfidfOf } from "../../src/features/text-hashing.js";
import { strongestTerms } from "../../src/features/strongest-terms.js";
import { topReasons } from "../../src/explain/reasons.js";
import { inferKind } from "../../src/data/infer-kinds.js";
import { DEFAULT_TEMPLATES } from "../../src/train/reason-templates.js";

function frame(notes: readonly (string | null)[], titles?: readonly (string | null)[]): Frame {
  const n = notes.length;
  return {
    source: "fixture",
    rows: n,
    lines: Int32Array.from({ length: n }, (_, i) => i + 2),
    columns: [
      { kind: "numeric", name: "pages", values: Float64Array.from({ length: n }, (_, i) => i) },
      { kind: "text", name: "notes", values: notes },
      ...(titles ? [{ kind: "text" as const, name: "Job Title", values: titles }] : []),
    ],
  };
}

const NOTES = ["Asked for pricing and a demo", "budget approved", null, "no budget, call back later", "pricing pricing pricing", "Demo booked"];

test("a text column becomes B hashed TF-IDF features and a missing indicator, all sourced from the column", () => {
  const pre = fitPreprocessor(frame(NOTES), ["pages", "notes"], "tree", undefined, { minLevelRows: 1, maxLevels: 10, textBuckets: 16 });
  const enc = pre.columns[1] as TextEncoding;
  assert.equal(enc.kind, "text");
  assert.equal(enc.buckets, 16);
  assert.equal(enc.hasMissing, true);
  assert.equal(enc.jobTitle, undefined);
  assert.deepEqual(enc.idf, [...fitIdf(NOTES, Int32Array.from([0, 1, 2, 3, 4, 5]), 16)]);
  const features = featureInfos(pre);
  assert.equal(features.length, 1 + 16 + 1);
  assert.deepEqual(features.slice(1, 3).map((f) => [f.name, f.source, f.type]), [["notes #0", "notes", "numeric"], ["notes #1", "notes", "numeric"]]);
  assert.equal(features[17]?.name, "notes (missing)");
  const X = transform(pre, frame(NOTES));
  // Row 0's features are exactly the TF-IDF of its text; the missing row is all zeros with the indicator set.
  const expected = tfidfOf(NOTES[0] as string, enc.idf);
  for (let b = 0; b < 16; b++) assert.equal(X.columns[1 + b]?.[0], expected[b]);
  for (let b = 0; b < 16; b++) assert.equal(X.columns[1 + b]?.[2], 0);
  assert.deepEqual([...(X.columns[17] as Float64Array)], [0, 0, 1, 0, 0, 0]);
  // "pricing" of row 4 sits in its bucket with weight 1 (the only term bucket, besides the repeated bigram's).
  assert.ok((X.columns[1 + bucketOf("pricing", 16)]?.[4] as number) > 0);
});

test("the IDF is fitted on training rows only: a held-out row's text does not change it", () => {
  const train = Int32Array.from([0, 1, 3, 4]);
  const a = fitPreprocessor(frame(NOTES), ["notes"], "linear", train, { minLevelRows: 1, maxLevels: 10, textBuckets: 32 });
  const changed = NOTES.map((t, i) => (i === 5 ? "pricing demo budget approved pricing" : i === 2 ? "a brand new held-out text" : t));
  const b = fitPreprocessor(frame(changed), ["notes"], "linear", train, { minLevelRows: 1, maxLevels: 10, textBuckets: 32 });
  assert.deepEqual(b, a);
  // …while fitting on all rows does see them.
  const all = fitPreprocessor(frame(changed), ["notes"], "linear", undefined, { minLevelRows: 1, maxLevels: 10, textBuckets: 32 });
  assert.notDeepEqual((all.columns[0] as TextEncoding).idf, (a.columns[0] as TextEncoding).idf);
  // No missing text among the training rows: no indicator.
  assert.equal((a.columns[0] as TextEncoding).hasMissing, false);
});

test("job-title columns add seniority and function: categorical for trees, one-hot for linear models", () => {
  const titles = ["VP of Sales", "Software Engineer", "CEO", null, "Marketing Manager", "Sr. Software Engineer"];
  const tree = fitPreprocessor(frame(NOTES, titles), ["Job Title"], "tree", undefined, { minLevelRows: 1, maxLevels: 10, textBuckets: 8 });
  const enc = tree.columns[0] as TextEncoding;
  assert.deepEqual(enc.jobTitle, { seniority: ["c_level", "vp", "manager", "individual", "unknown"], function: ["executive", "sales", "marketing", "engineering", "unknown"] });
  const features = featureInfos(tree);
  assert.deepEqual(
    features.slice(8).map((f) => [f.name, f.source, f.type, f.categories]),
    [
      ["Job Title (missing)", "Job Title", "numeric", undefined],
      ["Job Title seniority", "Job Title", "categorical", 5],
      ["Job Title function", "Job Title", "categorical", 5],
    ],
  );
  // A title never seen in training still gets its seniority and function.
  const scoring = frame(NOTES.slice(0, 2), ["Director of Engineering", "Chief Marketing Officer"]);
  const X = transform(tree, scoring);
  assert.deepEqual([X.columns[9]?.[0], X.columns[10]?.[0]], [Number.NaN, 3]); // director: not seen in training -> missing; engineering = 3
  assert.deepEqual([X.columns[9]?.[1], X.columns[10]?.[1]], [0, 2]); // c_level, marketing
  const linear = fitPreprocessor(frame(NOTES, titles), ["Job Title"], "linear", undefined, { minLevelRows: 1, maxLevels: 10, textBuckets: 8 });
  const names = featureInfos(linear).map((f) => f.name);
  assert.deepEqual(names.slice(9), [
    "Job Title seniority=c_level",
    "Job Title seniority=vp",
    "Job Title seniority=manager",
    "Job Title seniority=individual",
    "Job Title seniority=unknown",
    "Job Title function=executive",
    "Job Title function=sales",
    "Job Title function=marketing",
    "Job Title function=engineering",
    "Job Title function=unknown",
  ]);
  const L = transform(linear, frame(NOTES, titles));
  assert.deepEqual([...(L.columns[9 + 1] as Float64Array)], [1, 0, 0, 0, 0, 0]); // vp: row 0 only
  assert.deepEqual([...(L.columns[9 + 8] as Float64Array)], [0, 1, 0, 0, 0, 1]); // engineering: rows 1 and 5
});

test("contributions of text features add up to the text column", () => {
  const pre = fitPreprocessor(frame(NOTES), ["pages", "notes"], "linear", undefined, { minLevelRows: 1, maxLevels: 10, textBuckets: 4 });
  const features = featureInfos(pre);
  const width = features.length;
  const values = Float64Array.from({ length: 2 * width }, (_, i) => i + 1);
  const grouped = groupContributions({ base: 0, rows: 2, features: width, values }, features);
  assert.deepEqual(grouped.columns, ["pages", "notes"]);
  // Row 0: pages (1), notes = 2 + 3 + 4 + 5 + 6 (4 buckets and the missing indicator).
  assert.deepEqual([...grouped.values.subarray(0, 2)], [1, 20]);
});

test("a preprocessor with text survives JSON and encodes identically; older ones without text still work", () => {
  const pre = fitPreprocessor(frame(NOTES, ["CEO", "Analyst", null, "VP Sales", "Dir. of Eng.", "Owner"]), ["pages", "notes", "Job Title"], "tree", undefined, { minLevelRows: 1, maxLevels: 10 });
  const reloaded = JSON.parse(JSON.stringify(pre)) as PreprocessorJSON;
  const scoring = frame(["Pricing sent, demo next week", "budget not approved", null, "", "🚀 launch", "Café meeting"], ["CTO", "", null, "Head of Product", "Intern", "Founder"]);
  const before = transform(pre, scoring);
  const after = transform(reloaded, scoring);
  assert.equal(after.columns.length, before.columns.length);
  before.columns.forEach((col, f) => assert.deepEqual([...(after.columns[f] as Float64Array)], [...col], `feature ${f}`));
  // A model file from before text features: numeric and categorical encodings only.
  const old = { style: "linear", columns: [{ column: "pages", kind: "numeric", median: 2, mean: 2.5, std: 1.5, hasMissing: false }] } as PreprocessorJSON;
  assert.deepEqual([...(transform(old, scoring).columns[0] as Float64Array)], [0, 1, 2, 3, 4, 5].map((v) => (v - 2.5) / 1.5));
  // A text encoding from an unknown hashing scheme is refused with a sentence, not misread.
  const foreign = { ...pre, columns: pre.columns.map((c) => (c.kind === "text" ? { ...c, hashing: "murmur3 v9" } : c)) } as PreprocessorJSON;
  assert.throws(() => transform(foreign, scoring), /text column 'notes'.*retrain/);
});

test("a text column at scoring time must still be text; the number of buckets is checked", () => {
  const pre = fitPreprocessor(frame(NOTES), ["notes"], "tree", undefined, { minLevelRows: 1, maxLevels: 10, textBuckets: 4 });
  const numeric: Frame = { ...frame(NOTES), columns: [{ kind: "numeric", name: "notes", values: new Float64Array(6) }] };
  assert.throws(() => transform(pre, numeric), /'notes' is numeric but the model expects text/);
  assert.throws(() => fitPreprocessor(frame(NOTES), ["notes"], "tree", undefined, { minLevelRows: 1, maxLevels: 10, textBuckets: 0 }), /text buckets/);
});

test("the strongest term: the row's term whose bucket pushed most in the direction of the column's effect", () => {
  const texts = ["pricing and demo", "pricing and demo", "the and of", null, "left a voicemail", "called", "called back", "voicemail"];
  const f = frame(texts, texts.map(() => "CEO"));
  const pre = fitPreprocessor(f, ["notes", "Job Title"], "linear", undefined, { minLevelRows: 1, maxLevels: 10, textBuckets: 16 });
  const features = featureInfos(pre);
  const width = features.length;
  const values = new Float64Array(8 * width);
  const at = (r: number, bucket: number): number => r * width + bucket; // notes' buckets come first
  // "pricing" is in bucket 13, "demo" in 6, "pricing demo" in 12 (text-hashing.test.ts).
  values[at(0, 13)] = 2;
  values[at(0, 6)] = -0.5;
  values[at(0, 12)] = 0.3; // row 0: +1.8 in all -> "pricing"
  values[at(1, 13)] = 0.4;
  values[at(1, 6)] = -1.5; // row 1: -1.1 in all -> "demo"
  values[at(2, 13)] = 1; // row 2: a bucket its text has no term in -> null
  values[at(3, 13)] = 1; // row 3: missing text -> null
  values[at(4, bucketOf("voicemail", 16))] = 1; // row 4: "voicemail" is in 2 of 8 rows -> quotable
  const terms = strongestTerms(pre, f, { base: 0, rows: 8, features: width, values }, features);
  assert.deepEqual([...terms.keys()], ["notes"]); // job titles are quoted whole instead
  assert.deepEqual(terms.get("notes"), ["pricing", "demo", null, null, "voicemail", null, null, null]);
  // A term in half the training rows or more is not quoted: "pricing" in 2 of 4 rows gives way to "pricing demo".
  const four = ["pricing and demo", "pricing", "the and of", null];
  const half = fitPreprocessor(frame(four), ["notes"], "linear", undefined, { minLevelRows: 1, maxLevels: 10, textBuckets: 16 });
  const halfFeatures = featureInfos(half);
  const halfValues = new Float64Array(4 * halfFeatures.length);
  halfValues[13] = 2; // row 0, bucket of "pricing"
  halfValues[12] = 0.5; // row 0, bucket of "pricing demo" (1 of 4 rows: quotable)
  assert.deepEqual(strongestTerms(half, frame(four), { base: 0, rows: 4, features: halfFeatures.length, values: halfValues }, halfFeatures).get("notes"), ["pricing demo", null, null, null]);
});

test("reasons for free text quote the strongest term, else the text cut to 60 characters", () => {
  const long = "Called twice about the integration roadmap and the security review, no decision yet";
  const notes = { kind: "text" as const, name: "notes", values: ["asked for pricing", long, null] };
  const context = {
    columns: ["notes"],
    frameColumns: new Map([["notes", notes]]),
    profiles: new Map(),
    templates: DEFAULT_TEMPLATES,
    terms: new Map([["notes", ["pricing", null, null]]]),
  };
  const reason = (row: number, effect: number) => topReasons(context, { row, effects: Float64Array.of(effect), base: 0, logOdds: effect }, 1)[0]?.text;
  assert.equal(reason(0, 1), '"pricing" in notes — raises the score');
  assert.equal(reason(1, -1), 'notes is "Called twice about the integration roadmap and the security…" — lowers the score');
  assert.equal(reason(2, -1), "notes is missing — lowers the score");
});

test("free text with a different note on every row is text, not an identifier", () => {
  const notes = Array.from({ length: 30 }, (_, i) => `Call ${i + 1}: asked about pricing for ${i + 3} seats`);
  assert.equal(inferKind(notes), "text");
  // Unique single tokens are an identifier, as before.
  assert.equal(inferKind(Array.from({ length: 30 }, (_, i) => `lead-${i}-x`)), "id");
});
