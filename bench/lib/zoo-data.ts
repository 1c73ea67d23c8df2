/**
 * A labelled data set prepared as the training pipeline prepares it (src/train/train.ts):
 * kinds inferred on the table without its target, the id column and excluded columns left
 * out, and stratified folds over the labelled rows with the seed. Used by bench/zoo-parity.ts
 * to hand the same folds and the same encoded features to scikit-learn.
 */
import type { Frame } from "../../src/core/frame.js";
import { inferSchema } from "../../src/data/infer-kinds.js";
import { readTable } from "../../src/data/read-table.js";
import { toFrame } from "../../src/data/to-frame.js";
import { stratifiedFolds } from "../../src/evaluate/folds.js";
import { readTarget } from "../../src/train/target.js";
import type { RawTable } from "../../src/core/frame.js";

const FEATURE_KINDS = new Set(["numeric", "categorical", "boolean", "datetime"]);

export interface ZooData {
  readonly table: RawTable;
  readonly frame: Frame;
  readonly featureColumns: readonly string[];
  readonly labels: Uint8Array;
  readonly foldOf: Int32Array;
}

export async function loadZooData(path: string, target: string, exclude: readonly string[], folds: number, seed: number): Promise<ZooData> {
  const table = await readTable(path);
  const labelled = readTarget(table, target, undefined);
  if (labelled.missing > 0) throw new Error(`${path}: ${labelled.missing} rows lack a target; the bench expects none.`);
  const withoutTarget = { ...table, header: table.header.filter((h) => h !== target), cells: table.cells.filter((_, c) => table.header[c] !== target) };
  const schema = inferSchema(withoutTarget);
  const frame = toFrame(table, schema, { schemaSource: "data" });
  const excluded = new Set([target, ...exclude]);
  const featureColumns = schema.filter((c) => !excluded.has(c.name) && FEATURE_KINDS.has(c.kind)).map((c) => c.name);
  return { table, frame, featureColumns, labels: labelled.labels, foldOf: stratifiedFolds(labelled.labels, folds, seed) };
}
