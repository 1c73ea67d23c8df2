// One leadscore model family cross-validated on one benchmark data set, in a process of its
// own so its peak memory is its own. Run by bench/run.ts:
//   node --import tsx bench/fit-child.ts '{"dir": "...", "model": "gbdt", "folds": [0, 1], "params": {...}}'
// Prints one JSON line: per fold fit seconds, predict rows/s, AUC and log loss; peak RSS.
import type { CategoricalColumn, Column, Frame, NumericColumn } from "../src/core/frame.js";
import { type Matrix, takeLabels, takeRows } from "../src/core/matrix.js";
import { probaFromRaw } from "../src/core/scorer.js";
import { threadCount } from "../src/core/worker-pool.js";
import { rocAuc } from "../src/evaluate/auc.js";
import { logLoss } from "../src/evaluate/metrics.js";
import { fitPreprocessor, transform } from "../src/features/preprocessor.js";
import { createLearner } from "../src/models/registry.js";
import { readDataset } from "./lib/dataset-file.js";

interface ChildRequest {
  readonly dir: string;
  readonly model: "gbdt" | "logistic";
  readonly folds: readonly number[];
  readonly params: Readonly<Record<string, string>>;
}

const request = JSON.parse(process.argv[2] ?? "{}") as ChildRequest;
const data = readDataset(request.dir);
const results = [];
for (const k of request.folds) {
  const train: number[] = [];
  const valid: number[] = [];
  for (let i = 0; i < data.meta.rows; i++) (data.fold[i] === k ? valid : train).push(i);
  const yTrain = takeLabels(data.y, train);
  const yValid = takeLabels(data.y, valid);
  let fitSeconds: number;
  let predict: (X: Matrix) => Float64Array;
  let validX: Matrix;
  if (request.model === "gbdt") {
    const trainX = takeRows(data.X, train);
    validX = takeRows(data.X, valid);
    const learner = createLearner("gbdt", request.params, 42);
    const started = performance.now();
    const scorer = learner.fit(trainX, yTrain);
    fitSeconds = (performance.now() - started) / 1000;
    predict = (X) => scorer.predictRaw(X);
  } else {
    // the linear encoding is fitted on the training fold only, as the pipeline does
    const frame = frameOf(data.X);
    const names = frame.columns.map((c) => c.name);
    const trainRows = Int32Array.from(train);
    const started = performance.now();
    const pre = fitPreprocessor(frame, names, "linear", trainRows);
    const scorer = createLearner("logistic", request.params, 42).fit(transform(pre, frame, trainRows), yTrain);
    fitSeconds = (performance.now() - started) / 1000;
    validX = transform(pre, frame, Int32Array.from(valid));
    predict = (X) => scorer.predictRaw(X);
  }
  let started = performance.now();
  predict(validX);
  const firstSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const raw = predict(validX);
  const predictSeconds = (performance.now() - started) / 1000;
  results.push({
    fold: k,
    fitSeconds,
    predictRowsPerSecond: valid.length / predictSeconds,
    predictFirstRowsPerSecond: valid.length / firstSeconds,
    auc: rocAuc(raw, yValid),
    logLoss: logLoss(probaFromRaw(raw), yValid),
  });
}
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify({ model: request.model, threads: threadCount(), folds: results, peakRssBytes })}\n`);

/** The tree-style matrix as a Frame again (codes as levels), for the linear encoding. */
function frameOf(X: Matrix): Frame {
  const columns: Column[] = X.features.map((info, f) => {
    const values = X.columns[f] as Float64Array;
    if (info.type === "numeric") return { kind: "numeric", name: info.name, values } satisfies NumericColumn;
    const levels = Array.from({ length: info.categories ?? 0 }, (_, c) => `code ${c}`);
    const codes = Int32Array.from(values, (v) => (Number.isNaN(v) ? -1 : v));
    return { kind: "categorical", name: info.name, codes, levels } satisfies CategoricalColumn;
  });
  return { source: "benchmark", rows: X.rows, columns, lines: new Int32Array(X.rows) };
}
