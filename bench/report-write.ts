// How long writing the training outputs takes once a model is trained, and how big
// report.html is (the Report issue asks: under 2 s and under 2 MB for bank marketing).
//   node --import tsx bench/report-write.ts [data.csv] [folds]
// Default: the full UCI bank-marketing data (45,211 rows), 5 folds, `duration` left out.
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { train } from "../src/index.js";
import { writeTrainingOutputs } from "../src/report/write-training-outputs.js";

const data = process.argv[2] ?? resolve(import.meta.dirname, "..", "..", "shared", "datasets", "bank-marketing", "bank-full.csv");
const folds = Number(process.argv[3] ?? 5);
const out = mkdtempSync(join(tmpdir(), "leadscore-report-"));
const t0 = performance.now();
const result = await train(data, { target: "y", exclude: ["duration"], folds });
const t1 = performance.now();
const paths = writeTrainingOutputs(result, out);
const t2 = performance.now();
console.log(`${data}: ${result.report.dataset.rows} rows, ${folds} folds`);
console.log(`training ${((t1 - t0) / 1000).toFixed(2)} s; writing the outputs ${((t2 - t1) / 1000).toFixed(2)} s`);
for (const [name, path] of Object.entries(paths)) console.log(`${name.padEnd(6)} ${(statSync(path).size / 1024).toFixed(1).padStart(8)} KiB  ${path}`);
