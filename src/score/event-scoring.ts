/**
 * Behavioural events at scoring (`score|evaluate|explain|drift --events FILE`): the model's
 * stored spec turns the events into exactly the columns it was trained on, appended to each
 * table or chunk before scoring. Event types the model does not know are ignored; leads
 * without events get zero counts and missing recency.
 *
 * The as-of time: `--as-of` when given; else the model's as-of column when it was trained
 * with one; else the latest event time in this events file + 1 s.
 */
import { LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { appendColumns } from "../events/append-columns.js";
import { LATEST_EVENT_MARGIN_MS, describeAsOf, parseAsOf } from "../events/as-of.js";
import { computeEventFeatures } from "../events/event-features.js";
import type { AsOfRule, EventSpec } from "../events/event-spec.js";
import { EventStore } from "../events/event-store.js";
import { leadBatch } from "../events/lead-events.js";
import type { ModelFile } from "../train/model-file.js";

export interface ScoringEventOptions {
  /** The events file (`--events`). */
  readonly file?: string;
  /** `--as-of COL|DATE`. */
  readonly asOf?: string;
}

export class ScoringEvents {
  private asOfNote = "";

  private constructor(
    private readonly spec: EventSpec,
    private readonly idColumn: string,
    private readonly store: EventStore | null,
    private readonly asOf: string | undefined,
  ) {}

  /**
   * Null when the model has no events (and none were given). Without `--events`, a model
   * trained with events scores tables that already hold its event columns.
   */
  static async open(model: ModelFile, options: ScoringEventOptions): Promise<ScoringEvents | null> {
    const spec = model.events;
    if (!spec) {
      if (options.file !== undefined) {
        throw new LeadscoreError("usage", "--events was given, but this model was trained without behavioural events; retrain it with train --events.", { field: "events" });
      }
      return null;
    }
    if (model.idColumn === null) throw new LeadscoreError("model", "This model has events but no id column to join them on; retrain it with --id.");
    const store = options.file !== undefined ? await EventStore.open(options.file) : null;
    return new ScoringEvents(spec, model.idColumn, store, options.asOf);
  }

  /**
   * Over events already loaded (the HTTP service loads a request's events with
   * `EventStore.fromRows`): the same as `open` with an events file. `close` closes `store`.
   */
  static over(model: ModelFile, store: EventStore, asOf?: string): ScoringEvents {
    if (!model.events) throw new LeadscoreError("usage", "Events were given, but this model was trained without behavioural events.", { field: "events" });
    if (model.idColumn === null) throw new LeadscoreError("model", "This model has events but no id column to join them on; retrain it with --id.");
    return new ScoringEvents(model.events, model.idColumn, store, asOf);
  }

  /** `table` with the model's event columns appended (or checked present, without an events file). */
  async apply(table: RawTable): Promise<RawTable> {
    if (this.store === null) {
      const absent = this.spec.columns.find((c) => !table.header.includes(c.name));
      if (absent) {
        throw new LeadscoreError(
          "usage",
          `This model was trained with behavioural events: pass them with --events FILE (${table.source} has no column '${absent.name}').`,
          { field: "events", file: table.source, column: absent.name },
        );
      }
      return table;
    }
    const rule = this.rule(table);
    const features = await computeEventFeatures(this.store, this.spec, leadBatch(this.store, table, this.idColumn, rule));
    if (this.asOfNote === "") {
      this.asOfNote = describeAsOf(rule, rule.rule === "latest-event" ? this.store.summary.lastMs + LATEST_EVENT_MARGIN_MS : undefined);
    }
    return appendColumns(table, features.columns);
  }

  /** The as-of time used, in words (after the first `apply`). */
  get asOfDescription(): string {
    return this.asOfNote;
  }

  close(): void {
    this.store?.close();
  }

  private rule(table: RawTable): AsOfRule {
    if (this.asOf !== undefined) return parseAsOf(this.asOf, table);
    const trained = this.spec.asOf;
    if (trained.rule === "column") {
      if (!table.header.includes(trained.column)) {
        throw new LeadscoreError(
          "data",
          `${table.source} has no column '${trained.column}', each lead's as-of time the model was trained with; add it or give --as-of DATE.`,
          { file: table.source, column: trained.column },
        );
      }
      return trained;
    }
    return { rule: "latest-event" };
  }
}

/** Appends the events to a whole table and closes the events file: for commands that read the table at once. */
export async function withScoringEvents(model: ModelFile, table: RawTable, options: ScoringEventOptions): Promise<RawTable> {
  const events = await ScoringEvents.open(model, options);
  if (events === null) return table;
  try {
    return await events.apply(table);
  } finally {
    events.close();
  }
}
