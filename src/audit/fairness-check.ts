/**
 * The fairness audit of a trained model on labelled data (`leadscore fairness`): the rows
 * are scored, decided at the model's threshold (or its stored group thresholds), grouped by
 * each protected column, audited, and the inputs checked for proxies.
 */
import { LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { toFrame } from "../data/to-frame.js";
import type { LoadedModel } from "../score/loaded-model.js";
import { scoreFrame } from "../score/score-frame.js";
import { labelsFor, readTarget } from "../train/target.js";
import { DEFAULT_BOOTSTRAP } from "./bootstrap.js";
import { type FairnessAudit, type Favourable, decideAt, fairnessAudit } from "./fairness.js";
import { groupRows } from "./protected-groups.js";
import { type ProxyResult, detectProxies } from "./proxy-detection.js";
import { rowThresholds } from "./training-fairness.js";

export interface FairnessCheckOptions {
  readonly target: string;
  readonly positive?: string;
  readonly protected: readonly string[];
  readonly bands?: Readonly<Record<string, readonly number[]>>;
  readonly favourable?: Favourable;
  /** Overrides the model's threshold (and its group thresholds). */
  readonly threshold?: number;
  /** Ignore group thresholds stored in the model. */
  readonly ignoreGroupThresholds?: boolean;
  readonly reference?: Readonly<Record<string, string>>;
  readonly replicates?: number;
  readonly seed?: number;
  readonly proxies?: boolean;
}

export interface FairnessCheck extends FairnessAudit {
  readonly positive: string;
  readonly threshold: { readonly value: number; readonly groupThresholds: boolean; readonly rule: string };
  readonly bands: Readonly<Record<string, readonly number[]>>;
  readonly proxies: readonly ProxyResult[];
  /** With group thresholds in force: the same audit at the model's single threshold, for comparison. */
  readonly singleThreshold: Pick<FairnessAudit, "fourFifths" | "disparateImpact"> | null;
}

interface RecordedFairness {
  readonly bands?: Readonly<Record<string, readonly number[]>>;
  readonly favourable?: Favourable;
}

export function checkFairness(model: LoadedModel, table: RawTable, options: FairnessCheckOptions): FairnessCheck {
  if (options.protected.length === 0) throw new LeadscoreError("usage", "--protected needs at least one column.", { field: "protected" });
  const missing = options.protected.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    throw new LeadscoreError("usage", `${table.source} has no protected column ${missing.map((c) => `'${c}'`).join(", ")}. Columns are: ${table.header.join(", ")}.`, {
      file: table.source,
      column: missing[0] as string,
    });
  }
  const recorded = (model.file.training.options.fairness ?? {}) as RecordedFairness;
  const target = options.positive !== undefined ? readTarget(table, options.target, options.positive) : labelsFor(table, options.target, model.file.target.positive);
  const y = target.labels;
  const positives = y.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === y.length) {
    throw new LeadscoreError("data", `${table.source}: '${options.target}' has only one outcome among labelled rows; a fairness audit needs both.`, { file: table.source, column: options.target });
  }
  const subset: RawTable = {
    ...table,
    rows: target.rows.length,
    cells: table.cells.map((column) => Array.from(target.rows, (r) => column[r] ?? null)),
    lines: Int32Array.from(target.rows, (r) => table.lines[r] as number),
  };
  const frame = toFrame(subset, model.file.schema);
  const proba = scoreFrame(model, frame).probability;
  // Bands: as given, else as recorded at training (so the groups match), else quartiles.
  const groupings = options.protected.map((c) => groupRows(subset, c, options.bands?.[c] ?? recorded.bands?.[c]));
  const bands = Object.fromEntries(groupings.filter((g) => g.bands !== null).map((g) => [g.column, g.bands as readonly number[]]));
  const favourable = options.favourable ?? recorded.favourable ?? "positive";
  const stored = model.file.groupThresholds;
  const useGroups = stored !== undefined && options.threshold === undefined && options.ignoreGroupThresholds !== true;
  const single = options.threshold ?? model.file.threshold.value;
  const singleDecisions = decideAt(proba, single);
  const decisions = useGroups && stored ? decideWith(proba, rowThresholds(stored, subset).thresholds) : singleDecisions;
  const seed = options.seed ?? 42;
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP;
  const base = { proba, labels: y, groupings, favourable, replicates, seed, ...(options.reference ? { reference: options.reference } : {}) };
  const audit = fairnessAudit({ ...base, decisions });
  let singleThreshold: FairnessCheck["singleThreshold"] = null;
  if (useGroups) {
    const plain = fairnessAudit({ ...base, decisions: singleDecisions, replicates: 0 });
    singleThreshold = { fourFifths: plain.fourFifths, disparateImpact: plain.disparateImpact };
  }
  const inputs = model.file.schema.map((c) => c.name).filter((c) => !options.protected.includes(c));
  const proxies = options.proxies === false ? [] : detectProxies(frame, inputs, groupings, seed);
  return {
    positive: target.positive,
    threshold: { value: single, groupThresholds: useGroups, rule: useGroups && stored ? `group thresholds (${stored.goal} on ${stored.columns.join(" × ")})` : options.threshold !== undefined ? "given" : model.file.threshold.rule },
    bands,
    ...audit,
    proxies,
    singleThreshold,
  };
}

function decideWith(proba: Float64Array, thresholds: Float64Array): Uint8Array {
  return Uint8Array.from(proba, (p, i) => (p >= (thresholds[i] as number) ? 1 : 0));
}
