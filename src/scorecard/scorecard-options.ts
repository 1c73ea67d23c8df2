/**
 * Per-characteristic choices of a scorecard, by input column name: special values, the
 * monotone trend, characteristics forced in or out, and bins made by hand (bins.json).
 * Plain data, so train.ts can record them in model.json.
 */
import type { Trend } from "./characteristic.js";
import type { Placement } from "./binning.js";

export interface BinsFileCharacteristic {
  readonly column: string;
  readonly type: "numeric" | "categorical";
  /** true / false pins the selection (forced in / out); absent lets selection decide. */
  readonly selected?: boolean;
  /** Numeric: the cuts (absent: optimal binning for this column). */
  readonly cuts?: readonly number[];
  readonly special?: readonly { readonly value: number; readonly bin: Placement }[];
  /** Categorical: level names per bin (absent: optimal binning). */
  readonly groups?: readonly (readonly string[])[];
  readonly missing?: Placement;
}

export interface BinsFile {
  readonly format: "leadscore-bins";
  readonly version: 1;
  readonly characteristics: readonly BinsFileCharacteristic[];
}

export interface ScorecardOptions {
  /** Special values per numeric column, each binned apart from the others. */
  readonly special?: Readonly<Record<string, readonly number[]>>;
  /** Trend per numeric column. */
  readonly monotone?: Readonly<Record<string, Trend>>;
  /** Trend of the numeric columns `monotone` does not name (default auto). */
  readonly trend?: Trend;
  readonly forceIn?: readonly string[];
  readonly forceOut?: readonly string[];
  /** Bins by hand, e.g. an edited bins.json. */
  readonly bins?: BinsFile;
}

export const TRENDS: readonly Trend[] = ["ascending", "descending", "auto", "peak", "valley", "none"];

/** "asc" → "ascending" and so on; undefined when not a trend. */
export function parseTrend(text: string): Trend | undefined {
  const t = text.trim().toLowerCase();
  // +1 / -1 as for gradient boosting: the event rate (probability of the positive class) rises / falls.
  if (t === "asc" || t === "+1" || t === "1") return "ascending";
  if (t === "desc" || t === "-1") return "descending";
  return (TRENDS as readonly string[]).includes(t) ? (t as Trend) : undefined;
}
