// Checks what confidence_low..confidence_high claims (Venn-Abers: over any group of rows the
// actual positive rate lies between the group's mean low and mean high bound), on synthetic
// leads whose true probabilities are known, and how the intervals narrow with more rows.
// Run: node --import tsx bench/interval-coverage.ts [gbdt|logistic] [rows…]
import { modelFromFile } from "../src/score/loaded-model.js";
import { scoreTable } from "../src/score/score-table.js";
import { trainFromTable } from "../src/train/train.js";
import { generateLeads } from "./generator/synthetic-leads.js";

const family = (process.argv[2] ?? "gbdt") as "gbdt" | "logistic";
const sizes = process.argv.slice(3).map(Number);
for (const rows of sizes.length > 0 ? sizes : [5000, 50000]) {
  const train = generateLeads({ rows, seed: 1 });
  const { model } = trainFromTable(train.table, { target: "converted", model: family, folds: 5, seed: 42 });
  const test = generateLeads({ rows: 20000, seed: 99 });
  const records = scoreTable(modelFromFile(model), test.table, 1, { explain: 0, adverseAction: false });
  const order = records.map((_, i) => i).sort((a, b) => (records[a]?.probability ?? 0) - (records[b]?.probability ?? 0));
  let inside = 0;
  let width = 0;
  const lines: string[] = [];
  for (let d = 0; d < 10; d++) {
    const group = order.slice((d * order.length) / 10, ((d + 1) * order.length) / 10);
    const mean = (f: (i: number) => number) => group.reduce((s, i) => s + f(i), 0) / group.length;
    const truth = mean((i) => test.truth[i] as number);
    const low = mean((i) => records[i]?.low ?? 0);
    const high = mean((i) => records[i]?.high ?? 0);
    const shown = mean((i) => records[i]?.probability ?? 0);
    if (truth >= low && truth <= high) inside++;
    lines.push(`  decile ${d + 1}: mean probability ${shown.toFixed(4)}, true rate ${truth.toFixed(4)} in [${low.toFixed(4)}, ${high.toFixed(4)}]`);
  }
  for (const r of records) width += r.high - r.low;
  console.log(`${family}, ${rows} training rows: ${inside}/10 deciles hold their true rate; mean width ${(width / records.length).toFixed(4)}`);
  console.log(lines.join("\n"));
}
