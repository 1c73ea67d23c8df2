/**
 * Events joined to a lead table: the lead ids and as-of times of its rows, and the step
 * that learns the spec at training.
 */
import { LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { LATEST_EVENT_MARGIN_MS, asOfTimes } from "./as-of.js";
import { MAX_EVENT_TYPES } from "./event-options.js";
import { computeEventFeatures, type EventFeatures, type LeadBatch, usedEventTypes } from "./event-features.js";
import { type AsOfRule, type EventSpec, buildEventSpec } from "./event-spec.js";
import type { EventStore } from "./event-store.js";

export function leadBatch(store: EventStore, table: RawTable, idColumn: string, asOf: AsOfRule): LeadBatch {
  const c = table.header.indexOf(idColumn);
  if (c < 0) {
    throw new LeadscoreError("data", `${table.source} has no column '${idColumn}' to join the events' lead_id on.`, { file: table.source, column: idColumn });
  }
  return { ids: table.cells[c] as readonly (string | null)[], asOfMs: asOfTimes(asOf, table, store.summary.lastMs) };
}

export interface LearnedEvents {
  readonly spec: EventSpec;
  readonly features: EventFeatures;
  /** Events per type among those used, most frequent first; `kept` false beyond MAX_EVENT_TYPES. */
  readonly types: readonly { readonly type: string; readonly events: number; readonly kept: boolean }[];
}

/** Learns which types get columns from the events the table's leads use, then aggregates them. */
export async function learnEvents(store: EventStore, table: RawTable, idColumn: string, asOf: AsOfRule, halfLifeDays: number): Promise<LearnedEvents> {
  const leads = leadBatch(store, table, idColumn, asOf);
  const counted = await usedEventTypes(store, leads);
  const kept = counted.slice(0, MAX_EVENT_TYPES).map((t) => t.type);
  const resolved: AsOfRule = asOf.rule === "latest-event" && !Number.isNaN(store.summary.lastMs) ? { rule: "latest-event", time: new Date(store.summary.lastMs + LATEST_EVENT_MARGIN_MS).toISOString() } : asOf;
  const spec = buildEventSpec(kept, halfLifeDays, resolved);
  const features = await computeEventFeatures(store, spec, leads);
  return { spec, features, types: counted.map((t, i) => ({ ...t, kept: i < MAX_EVENT_TYPES })) };
}
