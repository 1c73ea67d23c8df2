// Measures how often confidence_low..confidence_high holds the true probability, on synthetic
// leads whose true probabilities are known (a misspecified signal: a square and a step).
// Run: node --import tsx bench/interval-coverage.ts gbdt|logistic
import { Rng } from "../src/core/rng.js";
import { sigmoid } from "../src/core/scorer.js";
import { trainFromTable } from "../src/train/train.js";
import { modelFromFile } from "../src/score/loaded-model.js";
import { scoreTable } from "../src/score/score-table.js";
import type { RawTable } from "../src/core/frame.js";
function make(n: number, seed: number) {
  const rng = new Rng(seed);
  const cols: string[][] = [[], [], [], [], []];
  const truth: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.normal(), b = rng.normal(), c = rng.int(4);
    const p = sigmoid(-2 + 0.8 * a + 0.5 * b * b - 0.3 * c + (a > 1 ? 0.7 : 0));
    truth.push(p);
    cols[0]!.push(a.toFixed(4)); cols[1]!.push(b.toFixed(4)); cols[2]!.push("L" + c); cols[3]!.push(String(i + 1)); cols[4]!.push(rng.next() < p ? "1" : "0");
  }
  const t: RawTable = { source: "syn", header: ["a", "b", "c", "id", "y"], rows: n, cells: cols, lines: Int32Array.from({ length: n }, (_, i) => i + 2) };
  return { t, truth };
}
for (const n of [5000, 50000]) {
  const { t } = make(n, 1);
  const { model } = trainFromTable(t, { target: "y", model: (process.argv[2] as "gbdt") ?? "gbdt", folds: 5, seed: 42 });
  const loaded = modelFromFile(model);
  const test = make(20000, 99);
  const rec = scoreTable(loaded, test.t, 1, { explain: 0, adverseAction: false });
  let inside = 0, width = 0;
  rec.forEach((r, i) => { if (test.truth[i]! >= r.low && test.truth[i]! <= r.high) inside++; width += r.high - r.low; });
  console.log(process.argv[2], n, "coverage", (inside / rec.length).toFixed(3), "mean width", (width / rec.length).toFixed(4));
}
