/**
 * Model-zoo parity with scikit-learn (issue 4): on bank-marketing (without `duration`) and
 * taiwan-credit-default, 5 stratified folds with seed 42, each leadscore model's cross-validated
 * AUC (through the training pipeline, trainFromTable with `model` set) beside its scikit-learn
 * counterpart's on the same folds (bench/zoo-parity.py). scikit-learn gets leadscore's
 * "linear" encoding of each fold (fitted on that fold's training rows: standardised numbers
 * with missing indicators, one-hot categories), since its trees take no categories natively.
 *
 *   node --import tsx bench/zoo-parity.ts [--datasets bank,taiwan] [--models logistic,tree,forest,mlp]
 *     [--python python3] [--out DIR] [--skip-leadscore] [--skip-sklearn] [--same-matrix]
 *
 * `--same-matrix` also fits each leadscore learner directly on the matrices scikit-learn gets
 * (the one-hot encoding, for the trees too), which separates the algorithms from the
 * encodings: the pipeline's trees split categories natively instead.
 *
 * Prints a table and one JSON line per data set (prefixed "json ").
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { transform, fitPreprocessor } from "../src/features/preprocessor.js";
import { summarise } from "../src/evaluate/metrics.js";
import { takeLabels, takeRows } from "../src/core/matrix.js";
import { rocAuc } from "../src/evaluate/auc.js";
import { type TrainableFamily, createLearner } from "../src/models/registry.js";
import { trainFromTable } from "../src/train/train.js";
import { readDataset, writeDataset } from "./lib/dataset-file.js";
import { loadZooData, type ZooData } from "./lib/zoo-data.js";

const DATASETS = resolve(import.meta.dirname, "..", "..", "shared", "datasets");
const FOLDS = 5;
const SEED = 42;

interface DatasetSpec {
  readonly name: string;
  readonly path: string;
  readonly target: string;
  readonly exclude: readonly string[];
}

const SPECS: Record<string, DatasetSpec> = {
  bank: { name: "bank-marketing", path: join(DATASETS, "bank-marketing", "bank-full.csv"), target: "y", exclude: ["duration"] },
  taiwan: {
    name: "taiwan-credit-default",
    path: join(DATASETS, "taiwan-credit-default", "UCI_Credit_Card.csv"),
    target: "default.payment.next.month",
    exclude: ["ID"],
  },
};

interface Side {
  readonly auc: number[];
  readonly seconds: number;
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? (process.argv[at + 1] as string) : fallback;
}

/** One folder per fold: the rows encoded by the fold's own linear preprocessor. */
function exportFolds(data: ZooData, dir: string): void {
  for (let k = 0; k < FOLDS; k++) {
    const train: number[] = [];
    data.foldOf.forEach((f, i) => {
      if (f !== k) train.push(i);
    });
    const pre = fitPreprocessor(data.frame, data.featureColumns, "linear", Int32Array.from(train));
    const X = transform(pre, data.frame);
    writeDataset(join(dir, `fold-${k}`), {
      meta: { name: `fold ${k}`, rows: X.rows, folds: FOLDS, features: X.features, trueAuc: null },
      X,
      y: data.labels,
      fold: data.foldOf,
    });
  }
}

function runLeadscore(data: ZooData, spec: DatasetSpec, model: string): Side {
  const started = performance.now();
  const result = trainFromTable(data.table, { target: spec.target, exclude: [...spec.exclude], model: model as "tree", folds: FOLDS, seed: SEED });
  const seconds = (performance.now() - started) / 1000;
  const run = result.report.leaderboard.find((row) => row.model === model);
  if (run === undefined) throw new Error(`no leaderboard row for ${model}`);
  const auc = result.report.cv?.metrics["auc"];
  if (auc === undefined) throw new Error("no cross-validated AUC in the report");
  return { auc: [auc.mean], seconds };
}

/** Leadscore's learner with default parameters on scikit-learn's matrices, fold by fold. */
function runSameMatrix(dir: string, model: string): Side {
  const auc: number[] = [];
  let seconds = 0;
  for (let k = 0; k < FOLDS; k++) {
    const { X, y, fold } = readDataset(join(dir, `fold-${k}`));
    const train: number[] = [];
    const valid: number[] = [];
    fold.forEach((f, i) => (f === k ? valid : train).push(i));
    const started = performance.now();
    const scorer = createLearner(model as TrainableFamily, {}, SEED).fit(takeRows(X, train), takeLabels(y, train));
    seconds += (performance.now() - started) / 1000;
    auc.push(rocAuc(scorer.predictRaw(takeRows(X, valid)), takeLabels(y, valid)));
  }
  return { auc, seconds };
}

function runSklearn(dir: string, models: readonly string[], python: string): Record<string, Side> {
  const script = resolve(import.meta.dirname, "zoo-parity.py");
  const child = spawnSync(python, [script, dir, String(FOLDS), models.join(","), String(SEED)], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`${python} ${script} failed: ${child.stderr}`);
  const parsed = JSON.parse(child.stdout) as { sklearn: string; models: Record<string, { auc: number[]; fitSeconds: number[] }> };
  process.stdout.write(`scikit-learn ${parsed.sklearn} (${python})\n`);
  const out: Record<string, Side> = {};
  for (const [name, r] of Object.entries(parsed.models)) out[name] = { auc: r.auc, seconds: r.fitSeconds.reduce((a, b) => a + b, 0) };
  return out;
}

async function main(): Promise<void> {
  const datasets = option("--datasets", "bank,taiwan").split(",");
  const models = option("--models", "logistic,tree,forest,mlp").split(",");
  const python = option("--python", "python3");
  const outDir = option("--out", "/tmp/leadscore-zoo-parity");
  const skipLeadscore = process.argv.includes("--skip-leadscore");
  const skipSklearn = process.argv.includes("--skip-sklearn");
  const sameMatrix = process.argv.includes("--same-matrix");
  for (const key of datasets) {
    const spec = SPECS[key];
    if (spec === undefined) throw new Error(`unknown data set ${key} (known: ${Object.keys(SPECS).join(", ")})`);
    const data = await loadZooData(spec.path, spec.target, spec.exclude, FOLDS, SEED);
    const dir = join(outDir, key);
    mkdirSync(dir, { recursive: true });
    let sklearn: Record<string, Side> = {};
    if (!skipSklearn) {
      exportFolds(data, dir);
      sklearn = runSklearn(dir, models, python);
    }
    const rows: Record<string, unknown>[] = [];
    for (const model of models) {
      const ours = skipLeadscore ? null : runLeadscore(data, spec, model);
      const theirs = sklearn[model];
      const same = sameMatrix && !skipSklearn ? runSameMatrix(dir, model) : null;
      const sameAuc = same === null ? null : summarise(same.auc).mean;
      const oursAuc = ours === null ? null : (ours.auc[0] as number);
      const theirAuc = theirs === undefined ? null : summarise(theirs.auc).mean;
      rows.push({
        dataset: spec.name,
        model,
        leadscoreAuc: oursAuc,
        sklearnAuc: theirAuc,
        difference: oursAuc !== null && theirAuc !== null ? oursAuc - theirAuc : null,
        sameMatrixAuc: sameAuc,
        sameMatrixDifference: sameAuc !== null && theirAuc !== null ? sameAuc - theirAuc : null,
        sameMatrixFitSeconds: same?.seconds ?? null,
        leadscorePipelineSeconds: ours?.seconds ?? null,
        sklearnFitSeconds: theirs?.seconds ?? null,
      });
      const fmt = (x: number | null, d = 4): string => (x === null ? "-" : x.toFixed(d));
      const diff = oursAuc !== null && theirAuc !== null ? oursAuc - theirAuc : null;
      process.stdout.write(
        `${spec.name.padEnd(22)} ${model.padEnd(9)} leadscore ${fmt(oursAuc)}  scikit-learn ${fmt(theirAuc)}  diff ${diff === null ? "-" : (diff >= 0 ? "+" : "") + diff.toFixed(4)}` +
          `  leadscore pipeline ${fmt(ours?.seconds ?? null, 1)} s (5 folds + final fit)  scikit-learn fits ${fmt(theirs?.seconds ?? null, 1)} s (5 folds)` +
          (same === null || sameAuc === null || theirAuc === null
            ? ""
            : `  same one-hot matrix: leadscore ${fmt(sameAuc)} (${sameAuc - theirAuc >= 0 ? "+" : ""}${(sameAuc - theirAuc).toFixed(4)}, fits ${fmt(same.seconds, 1)} s)`) +
          "\n",
      );
    }
    process.stdout.write(`json ${JSON.stringify(rows)}\n`);
  }
}

await main();
