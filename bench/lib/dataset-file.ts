/**
 * The benchmark's hand-over format: one folder per data set holding the encoded matrix, the
 * labels and the fold of every row, so leadscore and the Python peers fit on the same rows and
 * folds. `meta.json` describes the columns; `X.f64` holds the columns one after another
 * (column-major float64, NaN missing, categorical features as integer codes); `y.u8` the labels;
 * `fold.i32` the fold of each row.
 */
import { mkdirSync, openSync, readFileSync, writeFileSync, writeSync, closeSync, readSync } from "node:fs";
import { join } from "node:path";
import type { FeatureInfo, Matrix } from "../../src/core/matrix.js";

export interface DatasetMeta {
  readonly name: string;
  readonly rows: number;
  readonly folds: number;
  readonly features: readonly FeatureInfo[];
  /** AUC of the true probabilities (synthetic data only). */
  readonly trueAuc: number | null;
}

export interface Dataset {
  readonly meta: DatasetMeta;
  readonly X: Matrix;
  readonly y: Uint8Array;
  readonly fold: Int32Array;
}

export function writeDataset(dir: string, data: Dataset): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "meta.json"), `${JSON.stringify(data.meta, null, 1)}\n`);
  const fd = openSync(join(dir, "X.f64"), "w");
  try {
    for (const column of data.X.columns) writeSync(fd, new Uint8Array(column.buffer, column.byteOffset, data.X.rows * 8));
  } finally {
    closeSync(fd);
  }
  writeFileSync(join(dir, "y.u8"), data.y);
  writeFileSync(join(dir, "fold.i32"), new Uint8Array(data.fold.buffer, data.fold.byteOffset, data.fold.byteLength));
}

export function readDataset(dir: string): Dataset {
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as DatasetMeta;
  const rows = meta.rows;
  const fd = openSync(join(dir, "X.f64"), "r");
  const columns: Float64Array[] = [];
  try {
    for (let f = 0; f < meta.features.length; f++) {
      const column = new Float64Array(rows);
      readFully(fd, new Uint8Array(column.buffer), f * rows * 8);
      columns.push(column);
    }
  } finally {
    closeSync(fd);
  }
  const y = new Uint8Array(readFileSync(join(dir, "y.u8")));
  const foldBytes = readFileSync(join(dir, "fold.i32"));
  const fold = new Int32Array(rows);
  new Uint8Array(fold.buffer).set(foldBytes);
  return { meta, X: { rows, features: meta.features, columns }, y, fold };
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  // readSync reads at most 2 GiB at a time
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, Math.min(into.length - done, 1 << 30), position + done);
    if (n <= 0) throw new Error(`Unexpected end of benchmark data at byte ${position + done}.`);
    done += n;
  }
}
