/**
 * The real public datasets of ../shared/datasets as benchmark data: read with leadscore's own
 * readers, target and kinds as the training pipeline sees them, then encoded once in the
 * "tree" style (numeric values, categorical codes) so every model fits the same numbers.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FeatureInfo, Matrix } from "../../src/core/matrix.js";
import { readTable } from "../../src/data/read-table.js";
import { inferSchema } from "../../src/data/infer-kinds.js";
import { toFrame } from "../../src/data/to-frame.js";
import { fitPreprocessor, transform } from "../../src/features/preprocessor.js";
import { readTarget } from "../../src/train/target.js";

export interface RealDataset {
  readonly name: string;
  readonly file: string;
  readonly target: string;
  readonly positive?: string;
  readonly exclude: readonly string[];
  readonly na?: readonly string[];
}

/** The shared datasets beside the project root (as in test/acceptance/datasets.ts). */
export const SHARED_DATASETS = resolve(import.meta.dirname, "..", "..", "..", "shared", "datasets");

export const REAL_DATASETS: readonly RealDataset[] = [
  { name: "bank-marketing", file: "bank-marketing/bank-full.csv", target: "y", exclude: ["duration"] },
  { name: "taiwan-credit", file: "taiwan-credit-default/UCI_Credit_Card.csv", target: "default.payment.next.month", exclude: ["ID"] },
  {
    name: "leads-x-education",
    file: "leads-x-education/Leads.csv",
    target: "Converted",
    na: ["Select"],
    exclude: [
      "Prospect ID",
      "Lead Number",
      "Tags",
      "Lead Quality",
      "Asymmetrique Activity Index",
      "Asymmetrique Profile Index",
      "Asymmetrique Activity Score",
      "Asymmetrique Profile Score",
      "Last Activity",
      "Last Notable Activity",
    ],
  },
  { name: "german-credit", file: "german-credit/german_credit_headered.csv", target: "class", positive: "2", exclude: [] },
];

const FEATURE_KINDS = new Set(["numeric", "categorical", "boolean", "datetime"]);

export function realDatasetAvailable(d: RealDataset): boolean {
  return existsSync(join(SHARED_DATASETS, d.file));
}

/** The dataset's rows with a target, as a tree-style matrix and labels. */
export async function loadRealDataset(d: RealDataset): Promise<{ X: Matrix; y: Uint8Array }> {
  const table = await readTable(join(SHARED_DATASETS, d.file), { na: [...(d.na ?? [])] });
  const target = readTarget(table, d.target, d.positive);
  const keep = table.header.map((_, c) => c).filter((c) => table.header[c] !== d.target);
  const rows = target.rows;
  const features = {
    source: table.source,
    header: keep.map((c) => table.header[c] as string),
    rows: rows.length,
    cells: keep.map((c) => Array.from(rows, (r) => table.cells[c]?.[r] ?? null)),
    lines: Int32Array.from(rows, (r) => table.lines[r] as number),
  };
  const schema = inferSchema(features);
  const frame = toFrame(features, schema, { schemaSource: "data" });
  const excluded = new Set(d.exclude);
  const columns = schema.filter((c) => FEATURE_KINDS.has(c.kind) && !excluded.has(c.name)).map((c) => c.name);
  const pre = fitPreprocessor(frame, columns, "tree");
  const X = transform(pre, frame);
  return { X: { rows: X.rows, features: X.features.map((f): FeatureInfo => ({ ...f })), columns: X.columns }, y: target.labels };
}
