import assert from "node:assert/strict";
import { test } from "node:test";
import type { RawTable } from "../../src/core/frame.js";
import { Rng } from "../../src/core/rng.js";
import { rocAuc } from "../../src/evaluate/auc.js";
import { scoreTable } from "../../src/score/score-table.js";
import { modelFromFile } from "../../src/score/loaded-model.js";
import { parseModel, serializeModel } from "../../src/train/model-file.js";
import type { TrainOptions } from "../../src/train/options.js";
import { trainFromTable } from "../../src/train/train.js";

const NEUTRAL = [
  "called the main office",
  "left a voicemail",
  "sent the follow-up email",
  "spoke with the assistant",
  "asked about integrations",
  "wants a call next month",
  "reviewing options internally",
  "met at the trade show",
  "downloaded the whitepaper",
  "team of twelve people",
  "currently using spreadsheets",
  "interested in the mobile app",
  "prefers email contact",
  "evaluating two other vendors",
];
const NAMES = ["Maria", "John", "Aiko", "Pierre", "Fatima", "Lars", "Chen", "Olga", "Diego", "Priya", "Sam", "Noor"];
const SIGNALS = [
  { phrase: "asked for pricing", logOdds: 1.6, share: 0.25 },
  { phrase: "requested a demo", logOdds: 1.4, share: 0.2 },
  { phrase: "budget approved", logOdds: 2.0, share: 0.12 },
  { phrase: "no budget this year", logOdds: -1.5, share: 0.15 },
];

/**
 * Leads whose conversion depends on a weak numeric column and on phrases in free-text notes;
 * the notes also carry neutral sentences and names, as real CRM notes do.
 */
function leads(rows: number, seed: number): RawTable {
  const rng = new Rng(seed);
  const pages: string[] = [];
  const source: string[] = [];
  const notes: (string | null)[] = [];
  const converted: string[] = [];
  for (let i = 0; i < rows; i++) {
    const p = rng.int(20);
    let logOdds = -1.6 + 0.04 * p;
    const parts: string[] = [`spoke with ${NAMES[rng.int(NAMES.length)] as string}`];
    for (let k = 1 + rng.int(3); k > 0; k--) parts.push(NEUTRAL[rng.int(NEUTRAL.length)] as string);
    for (const s of SIGNALS) {
      if (rng.next() < s.share) {
        parts.splice(rng.int(parts.length + 1), 0, s.phrase);
        logOdds += s.logOdds;
      }
    }
    pages.push(String(p));
    source.push(["web", "event", "referral"][rng.int(3)] as string);
    notes.push(rng.next() < 0.05 ? null : `${parts.join(", ")}.`);
    converted.push(rng.next() < 1 / (1 + Math.exp(-logOdds)) ? "yes" : "no");
  }
  return {
    source: "synthetic-notes.csv",
    header: ["pages", "source", "notes", "converted"],
    rows,
    cells: [pages, source, notes, converted],
    lines: Int32Array.from({ length: rows }, (_, i) => i + 2),
  };
}

const table = leads(2000, 20240611);

function cvAuc(options: TrainOptions): number {
  const result = trainFromTable(table, options);
  return result.model.metrics.cv?.auc?.mean as number;
}

test("words in a notes column raise the cross-validated AUC clearly (logistic and gradient boosting)", (t) => {
  for (const model of ["logistic", "gbdt"] as const) {
    const options: TrainOptions = { target: "converted", model, folds: 3, seed: 7, ...(model === "gbdt" ? { params: { trees: "60" } } : {}) };
    const without = cvAuc({ ...options, exclude: ["notes"] });
    const withText = cvAuc(options);
    t.diagnostic(`${model}: CV AUC ${without.toFixed(4)} without notes, ${withText.toFixed(4)} with`);
    assert.ok(withText > without + 0.1, `${model}: AUC ${withText.toFixed(3)} with notes vs ${without.toFixed(3)} without`);
  }
});

test("the notes column is inferred as text, used as a feature, round-trips in model.json and names the top reasons", (t) => {
  const result = trainFromTable(table, { target: "converted", model: "logistic", folds: 3, seed: 7 });
  const notes = result.report.dataset.columns.find((c) => c.name === "notes");
  assert.equal(notes?.kind, "text");
  assert.equal(notes?.used, true);
  assert.equal(result.report.importance[0]?.feature, "notes");

  const text = serializeModel(result.model);
  const reloaded = modelFromFile(parseModel(text, "model.json"));
  const direct = modelFromFile(result.model);
  assert.equal(serializeModel(reloaded.file), text);
  const fresh = leads(300, 99);
  const scoringTable = { ...fresh, header: fresh.header.slice(0, 3), cells: fresh.cells.slice(0, 3) };
  const a = scoreTable(direct, scoringTable, 1, { explain: 3, adverseAction: false });
  const b = scoreTable(reloaded, scoringTable, 1, { explain: 3, adverseAction: false });
  assert.deepEqual(b, a);

  // Rows whose notes hold the strongest phrase (and not its opposite) get notes as their top reason.
  const notesCells = scoringTable.cells[2] as (string | null)[];
  const approved = a.filter((_, i) => (notesCells[i] ?? "").includes("budget approved") && !(notesCells[i] ?? "").includes("no budget"));
  assert.ok(approved.length >= 10);
  const topIsNotes = approved.filter((r) => r.reasons[0]?.column === "notes" && (r.reasons[0]?.points as number) > 0).length;
  assert.ok(topIsNotes >= 0.9 * approved.length, `${topIsNotes} of ${approved.length}`);
  // The reason quotes the words that did it, not the whole note.
  const texts = approved.filter((r) => r.reasons[0]?.column === "notes").map((r) => r.reasons[0]?.text as string);
  const quoting = texts.filter((t) => /^"(budget approved|budget|approved)" in notes — raises the score$/.test(t)).length;
  t.diagnostic(`top reason of a 'budget approved' row: ${texts[0]}; ${quoting} of ${texts.length} quote those words`);
  assert.ok(quoting >= 0.8 * texts.length, `${quoting} of ${texts.length}`);
});

test("a scorecard leaves free text out rather than binning hashed features", () => {
  const result = trainFromTable(table, { target: "converted", model: "scorecard", folds: 0, seed: 7 });
  assert.deepEqual(result.model.schema.map((c) => c.name), ["pages", "source"]);
  assert.equal(result.report.dataset.columns.find((c) => c.name === "notes")?.used, false);
});

/** Leads whose conversion depends on the seniority in their job title, titles spelt in one of two families of variants. */
function titledLeads(rows: number, seed: number, spelling: "plain" | "abbreviated"): RawTable {
  const rng = new Rng(seed);
  const levels = [
    { plain: ["Chief Executive Officer", "Founder", "Owner", "President"], abbreviated: ["CEO", "Co-Founder & CEO", "Owner/Operator", "C.E.O."], logOdds: 1.5 },
    { plain: ["Vice President", "Head of"], abbreviated: ["V.P.", "SVP,", "EVP"], logOdds: 1.0 },
    { plain: ["Director of", "Senior Director,"], abbreviated: ["Dir.", "Sr. Dir."], logOdds: 0.3 },
    { plain: ["Manager,", "Team Lead,"], abbreviated: ["Mgr", "Snr Mgr"], logOdds: -0.5 },
    { plain: ["Analyst,", "Specialist,", "Associate,"], abbreviated: ["Jr. Analyst", "Coordinator", "Representative"], logOdds: -1.2 },
  ];
  const areas = { plain: ["Sales", "Marketing", "Engineering", "Finance", "Operations"], abbreviated: ["Sales", "Mktg", "Eng.", "Finance", "Ops"] };
  const titles: string[] = [];
  const converted: string[] = [];
  for (let i = 0; i < rows; i++) {
    const level = levels[rng.int(levels.length)] as (typeof levels)[number];
    const words = level[spelling];
    const area = areas[spelling][rng.int(5)] as string;
    titles.push(`${words[rng.int(words.length)] as string} ${area}`);
    converted.push(rng.next() < 1 / (1 + Math.exp(-(level.logOdds - 0.3))) ? "yes" : "no");
  }
  return { source: "titled.csv", header: ["Job Title", "converted"], rows, cells: [titles, converted], lines: Int32Array.from({ length: rows }, (_, i) => i + 2) };
}

test("job titles: read as text, seniority carries to titles spelt in ways never seen in training", (t) => {
  const training = titledLeads(1500, 11, "plain");
  const unseen = titledLeads(600, 12, "abbreviated");
  const labels = Uint8Array.from(unseen.cells[1] as string[], (v) => (v === "yes" ? 1 : 0));
  const scoring = { ...unseen, header: ["Job Title"], cells: [unseen.cells[0] as string[]] };
  const aucOn = (options: TrainOptions): number => {
    const model = modelFromFile(trainFromTable(training, options).model);
    const p = scoreTable(model, scoring, 1, { explain: 0, adverseAction: false }).map((r) => r.probability);
    return rocAuc(Float64Array.from(p), labels);
  };
  const base: TrainOptions = { target: "converted", model: "logistic", folds: 0, seed: 5 };
  const asTitles = aucOn(base);
  const asCategories = aucOn({ ...base, kinds: { "Job Title": "categorical" } });
  assert.equal(trainFromTable(training, { ...base }).model.schema[0]?.kind, "text");
  t.diagnostic(`AUC on unseen spellings: ${asTitles.toFixed(3)} as job titles, ${asCategories.toFixed(3)} as categories`);
  assert.ok(asTitles > 0.68 && asTitles > asCategories + 0.1, `AUC on unseen spellings: ${asTitles.toFixed(3)} as job titles, ${asCategories.toFixed(3)} as categories`);
});
