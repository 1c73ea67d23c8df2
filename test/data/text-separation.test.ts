import assert from "node:assert/strict";
import { test } from "node:test";
import type { Frame } from "../../src/core/frame.js";
import { Rng } from "../../src/core/rng.js";
import { columnSeparations, outOfFoldWordScores } from "../../src/data/column-separation.js";
import { leakageIssues } from "../../src/data/target-leakage.js";

function notesFrame(notes: readonly (string | null)[]): Frame {
  return { source: "fixture", rows: notes.length, lines: Int32Array.from(notes, (_, i) => i + 2), columns: [{ kind: "text", name: "notes", values: notes }] };
}

test("word scores by hand: a word's smoothed log-odds learnt on the other fold, summed over distinct words", () => {
  // Folds by the hash of the row number: rows 1 and 3 in fold 0, rows 0 and 2 in fold 1; each fold 1 positive of 2 rows.
  const values = ["deal won", "deal won won", "deal lost", null];
  const labels = Uint8Array.of(1, 1, 0, 0);
  const scores = outOfFoldWordScores(values, labels);
  // Row 0 from fold 0: deal and won each 1 row, 1 positive -> (1 + 10 * 0.5) / (1 + 10) = 6/11, log-odds ln 1.2 each.
  // Row 1 from fold 1: deal 2 rows, 1 positive -> 0.5 (nothing); won -> ln 1.2 ("won" twice counts once).
  // Row 2 from fold 0: deal -> ln 1.2; "lost" never seen there -> the prior (nothing).
  const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  close(scores[0] as number, 2 * Math.log(1.2));
  close(scores[1] as number, Math.log(1.2));
  close(scores[2] as number, Math.log(1.2));
  assert.ok(Number.isNaN(scores[3] as number)); // missing text: no score
});

test("a notes column that spells out the outcome is flagged as target leakage; honest notes are not", () => {
  const rng = new Rng(3);
  const rows = 600;
  const labels = new Uint8Array(rows);
  const leaky: string[] = [];
  const honest: (string | null)[] = [];
  const filler = ["called office", "sent email", "left voicemail", "met at fair", "asked about pricing", "wants a demo"];
  for (let r = 0; r < rows; r++) {
    const pricing = rng.next() < 0.3;
    labels[r] = rng.next() < (pricing ? 0.45 : 0.25) ? 1 : 0;
    const words = `${filler[rng.int(filler.length)] as string}, ${pricing ? "asked about pricing" : filler[rng.int(filler.length)] as string}`;
    leaky.push(`${words}, ${labels[r] === 1 ? "closed won" : "closed lost"}`);
    honest.push(rng.next() < 0.1 ? null : words);
  }
  const [leak] = columnSeparations(notesFrame(leaky), labels);
  assert.ok((leak?.value as number) > 0.95, `leaky notes separate with ${leak?.value}`);
  const issues = leakageIssues(notesFrame(leaky), { name: "converted", labels });
  assert.deepEqual(issues.map((i) => [i.column, i.problem, i.severity]), [["notes", "target-leakage", "error"]]);
  const [fair] = columnSeparations(notesFrame(honest), labels);
  assert.ok((fair?.value as number) > 0.5 && (fair?.value as number) < 0.7, `honest notes separate with ${fair?.value}`);
  assert.deepEqual(leakageIssues(notesFrame(honest), { name: "converted", labels }), []);
});
