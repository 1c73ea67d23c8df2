// Scale check (`npm run bench:scale`): the command line on a large synthetic CSV — train with
// `--folds 0 --model gbdt` (default parameters), then score the same file — measuring wall
// time and peak RSS of each process. Default 10,000,000 rows (about 1.2 GB of CSV):
//   npm run build && npm run bench:scale                 # 10M rows
//   npm run bench:scale -- --rows 1000000                # smaller
// The CSV is written once to the work folder (--work DIR, default the system temp folder) and
// reused. The result goes into bench/RESULTS.md between the scale markers.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeLeadsCsv } from "./generator/synthetic-leads.js";

const ROOT = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? (args[at + 1] as string) : fallback;
};
const rows = Number(arg("--rows", "10000000"));
const work = resolve(arg("--work", join(tmpdir(), "leadscore-bench")));
mkdirSync(work, { recursive: true });
const csv = join(work, `leads-${rows}.csv`);
const modelDir = join(work, `model-${rows}`);
const scored = join(work, `scored-${rows}.csv`);

if (!existsSync(csv)) {
  process.stderr.write(`writing ${csv}\n`);
  await writeLeadsCsv(csv, { rows, seed: 7 });
}
const cli = join(ROOT, "bin", "leadscore.js");
const preload = ["--import", join(ROOT, "bench", "lib", "report-rss.mjs")];
const train = run("train", [...preload, cli, "train", csv, "--target", "converted", "--model", "gbdt", "--folds", "0", "--out", modelDir, "--quiet"]);
const score = run("score", [...preload, cli, "score", join(modelDir, "model.json"), csv, "--out", scored, "--quiet"]);
const model = JSON.parse(readFileSync(join(modelDir, "model.json"), "utf8")) as { scorer: { trees: unknown[]; stopping: unknown } };
const section = [
  "<!-- scale:start -->",
  "## Scale: the command line on a large CSV",
  "",
  `\`npm run bench:scale -- --rows ${rows}\`: ${rows.toLocaleString("en-US")} synthetic leads, 22 columns, ${(statSync(csv).size / 2 ** 30).toFixed(2)} GiB of CSV.`,
  "",
  "| step | command | wall s | CPU s | peak RSS MiB |",
  "|---|---|---:|---:|---:|",
  `| train | \`leadscore train leads.csv --target converted --model gbdt --folds 0\` (${model.scorer.trees.length} trees kept by early stopping) | ${train.seconds.toFixed(0)} | ${train.cpu.toFixed(0)} | ${(train.rss / 2 ** 20).toFixed(0)} |`,
  `| score | \`leadscore score model.json leads.csv --out scored.csv\` | ${score.seconds.toFixed(0)} | ${score.cpu.toFixed(0)} | ${(score.rss / 2 ** 20).toFixed(0)} |`,
  "<!-- scale:end -->",
].join("\n");
process.stdout.write(`${section}\n`);
const results = join(ROOT, "bench", "RESULTS.md");
const before = existsSync(results) ? readFileSync(results, "utf8") : "# Benchmark results\n";
const replaced = /<!-- scale:start -->[\s\S]*<!-- scale:end -->/.test(before)
  ? before.replace(/<!-- scale:start -->[\s\S]*<!-- scale:end -->/, section)
  : `${before.trimEnd()}\n\n${section}\n`;
writeFileSync(results, replaced);

function run(name: string, argv: string[]): { seconds: number; cpu: number; rss: number } {
  process.stderr.write(`${name}…\n`);
  const started = performance.now();
  const child = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  const last = child.stderr.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !last.startsWith("{")) throw new Error(`${name} failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  const usage = JSON.parse(last) as { peakRssBytes: number; cpuSeconds: number };
  process.stderr.write(`${name}: ${seconds.toFixed(0)} s, peak RSS ${(usage.peakRssBytes / 2 ** 20).toFixed(0)} MiB\n`);
  return { seconds, cpu: usage.cpuSeconds, rss: usage.peakRssBytes };
}
