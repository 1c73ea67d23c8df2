// What confidence_low..confidence_high hold, on synthetic leads whose true probabilities are known.
//
//   logistic [rows…]  logistic regression on leads whose log-odds are linear in the encoded
//                     inputs (`truth: "logistic"`): the Wald interval's claim (90 % of rows'
//                     intervals hold the true probability) and how it narrows with rows
//                     (about √10 from 100k to 1M). --folds F (default 0), --seeds N training sets.
//   logistic-kinked [rows…]  leads whose probability is a kinked, non-logistic function of the
//                     linear log-odds: logistic regression gets the index right and isotonic
//                     calibration the kink, so this checks the (approximate) isotonic share.
//   logistic-nonlinear [rows…]  the same interval on the standard leads, where logistic
//                     regression is misspecified: what it covers with the model's bias included.
//   gbdt [rows…]      Venn-Abers on the standard leads: its group claim by decile, and what it
//                     holds row by row (not its claim).
//
// Run: node --import tsx bench/interval-coverage.ts logistic 100000 1000000
import type { RawTable } from "../src/core/frame.js";
import { Rng } from "../src/core/rng.js";
import { modelFromFile } from "../src/score/loaded-model.js";
import { scoreTable } from "../src/score/score-table.js";
import { trainFromTable } from "../src/train/train.js";
import { type TruthMode, generateLeads } from "./generator/synthetic-leads.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  args.splice(at, 2);
  return value;
};
const foldsFlag = flag("--folds", -1);
const seeds = flag("--seeds", 1);
const mode = args[0] ?? "logistic";
const family = mode === "gbdt" ? "gbdt" : "logistic";
const truth: TruthMode = mode === "logistic" || mode === "logistic-kinked" ? "logistic" : "nonlinear";
const folds = foldsFlag >= 0 ? foldsFlag : family === "gbdt" || mode !== "logistic" ? 5 : 0;
const sizes = args.slice(1).map(Number);
const leads = (rows: number, seed: number): { table: RawTable; truth: Float64Array } => {
  const made = generateLeads({ rows, seed, truth });
  return mode === "logistic-kinked" ? kinked(made.table, made.truth, seed) : made;
};
const test = leads(20000, 99);

const widths: number[] = [];
for (const rows of sizes.length > 0 ? sizes : [100000, 1000000]) {
  const coverages: number[] = [];
  let width = 0;
  let logitWidth = 0;
  let seconds = 0;
  let decileLine = "";
  for (let s = 1; s <= seeds; s++) {
    const train = leads(rows, s);
    const started = performance.now();
    const { model, report } = trainFromTable(train.table, { target: "converted", model: family, folds, seed: 42 });
    seconds += (performance.now() - started) / 1000;
    const records = scoreTable(modelFromFile(model), test.table, 1, { explain: 0, adverseAction: false });
    let inside = 0;
    records.forEach((r, i) => {
      const t = test.truth[i] as number;
      if (t >= r.low && t <= r.high) inside++;
      width += (r.high - r.low) / records.length / seeds;
      logitWidth += (logit(r.high) - logit(r.low)) / records.length / seeds;
    });
    coverages.push(inside / records.length);
    if (s === 1) decileLine = `calibration ${report.calibrationMethod.method}; ${decileCheck(records, test.truth)}`;
  }
  widths.push(logitWidth);
  const mean = coverages.reduce((a, b) => a + b, 0) / coverages.length;
  const spread = coverages.length > 1 ? ` (per training set ${Math.min(...coverages).toFixed(3)}-${Math.max(...coverages).toFixed(3)})` : "";
  console.log(`${mode}, ${rows} training rows, folds ${folds}, ${seeds} training set(s): ${(100 * mean).toFixed(1)} % of 20,000 fresh rows' intervals hold the true probability${spread}; mean width ${width.toFixed(4)} (log-odds ${logitWidth.toFixed(4)}); ${decileLine}; ${(seconds / seeds).toFixed(1)} s per training`);
}
for (let i = 1; i < widths.length; i++) {
  console.log(`width ratio ${sizes[i - 1]} -> ${sizes[i]} rows: ${((widths[i - 1] as number) / (widths[i] as number)).toFixed(2)} (√ of the row ratio: ${Math.sqrt((sizes[i] as number) / (sizes[i - 1] as number)).toFixed(2)})`);
}

/** The same rows with P = sigmoid(0.5·z − 1.8 + 2.5·max(0, z + 2)) of the linear log-odds z, labels drawn afresh. */
function kinked(table: RawTable, linear: Float64Array, seed: number): { table: RawTable; truth: Float64Array } {
  const rng = new Rng(seed + 1000);
  const truthOf = linear.map((p) => {
    const z = Math.log(p / (1 - p));
    return 1 / (1 + Math.exp(-(0.5 * z - 1.8 + 2.5 * Math.max(0, z + 2))));
  });
  const cells = table.cells.slice();
  cells[table.header.indexOf("converted")] = Array.from(truthOf, (p) => (rng.next() < p ? "1" : "0"));
  return { table: { ...table, cells }, truth: truthOf };
}

function logit(p: number): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
}

/** Venn-Abers' own claim, by decile of the probability: the decile's true rate between its mean low and mean high. */
function decileCheck(records: readonly { probability: number; low: number; high: number }[], truthOf: Float64Array): string {
  const order = records.map((_, i) => i).sort((a, b) => (records[a]?.probability ?? 0) - (records[b]?.probability ?? 0) || a - b);
  let held = 0;
  for (let d = 0; d < 10; d++) {
    const group = order.slice((d * order.length) / 10, ((d + 1) * order.length) / 10);
    const mean = (f: (i: number) => number): number => group.reduce((s, i) => s + f(i), 0) / group.length;
    const rate = mean((i) => truthOf[i] as number);
    if (rate >= mean((i) => records[i]?.low ?? 0) && rate <= mean((i) => records[i]?.high ?? 0)) held++;
  }
  return `${held}/10 deciles' true rate within their mean bounds`;
}
