// No leakage: events at or after a lead's as-of time never change a feature, the spec, or
// model.json. Random future events (new types, pricing pages, unknown leads) are added to a
// synthetic events file, the file is shuffled, and everything is recomputed and compared.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateLeadEvents, tableCsv } from "../../bench/generator/synthetic-events.js";
import type { RawTable } from "../../src/core/frame.js";
import { Rng } from "../../src/core/rng.js";
import { parseDateTime } from "../../src/data/parse-datetime.js";
import { parseAsOf } from "../../src/events/as-of.js";
import { EventStore } from "../../src/events/event-store.js";
import { learnEvents } from "../../src/events/lead-events.js";
import { train } from "../../src/index.js";
import { serializeModel } from "../../src/train/model-file.js";
import { tempDir } from "./helpers.js";

const FUTURE_TYPES = ["page_view", "email_open", "meeting", "Chat Message", "form_submit", "contract_signed"];
const FUTURE_URLS = [null, "/pricing", "/demo", "/contact", "https://www.acme.com/pricing?plan=pro", "/blog/post-3"];

/** The events with `extra` random events at or after each chosen lead's as-of time, all rows shuffled. */
function withFutureEvents(events: RawTable, leads: RawTable, asOfMs: (row: number) => number, extra: number, seed: number): string {
  const rng = new Rng(seed);
  const lines = tableCsv(events).trimEnd().split("\n");
  const header = lines.shift() as string;
  for (let i = 0; i < extra; i++) {
    const row = rng.int(leads.rows);
    const id = rng.next() < 0.05 ? `NOT_A_LEAD_${i}` : (leads.cells[0]?.[row] as string);
    // At the as-of instant itself (strictly-before rule), or up to 90 days after.
    const time = asOfMs(row) + (rng.next() < 0.1 ? 0 : 1000 * (1 + rng.int(90 * 86_400)));
    const type = FUTURE_TYPES[rng.int(FUTURE_TYPES.length)] as string;
    const url = FUTURE_URLS[rng.int(FUTURE_URLS.length)];
    lines.push(`${id},${new Date(time).toISOString()},${type},${url ?? ""}`);
  }
  rng.shuffle(lines);
  return `${header}\n${lines.join("\n")}\n`;
}

async function learned(file: string, leads: RawTable, asOf: string) {
  const store = await EventStore.open(file);
  try {
    return await learnEvents(store, leads, "lead_id", parseAsOf(asOf, leads), 14);
  } finally {
    store.close();
  }
}

test("random events after each lead's as-of time change no feature value, type or column", async () => {
  const dir = tempDir();
  const data = generateLeadEvents({ leads: 1500, seed: 5 });
  const snapshot = data.leads.cells[1] as readonly string[];
  const original = join(dir, "events.csv");
  writeFileSync(original, tableCsv(data.events));
  const cases = [
    { asOf: "snapshot_at", at: (row: number) => parseDateTime(snapshot[row] as string) },
    { asOf: "2024-05-01T12:00:00Z", at: () => Date.parse("2024-05-01T12:00:00Z") },
  ];
  for (const [i, c] of cases.entries()) {
    const future = join(dir, `future-${i}.csv`);
    writeFileSync(future, withFutureEvents(data.events, data.leads, c.at, 20_000, 17 + i));
    const before = await learned(original, data.leads, c.asOf);
    const after = await learned(future, data.leads, c.asOf);
    assert.deepEqual(after.spec, before.spec, `spec, as of ${c.asOf}`);
    assert.deepEqual(after.types, before.types);
    assert.equal(after.features.eventsUsed, before.features.eventsUsed);
    assert.ok(before.features.eventsUsed > 5000, `events used: ${before.features.eventsUsed}`);
    for (const [k, column] of before.features.columns.entries()) {
      const other = after.features.columns[k];
      assert.equal(other?.name, column.name);
      // Every value of every lead, bit for bit (NaN equals NaN here).
      assert.deepEqual(Array.from(other?.values ?? []), Array.from(column.values), `${column.name}, as of ${c.asOf}`);
    }
  }
});

test("model.json is byte-identical whatever happened after the as-of time", async () => {
  const dir = tempDir();
  const data = generateLeadEvents({ leads: 1200, seed: 9 });
  const snapshot = data.leads.cells[1] as readonly string[];
  const original = join(dir, "events.csv");
  const future = join(dir, "future.csv");
  writeFileSync(original, tableCsv(data.events));
  writeFileSync(future, withFutureEvents(data.events, data.leads, (row) => parseDateTime(snapshot[row] as string), 10_000, 3));
  const fit = (file: string) => train(data.leads, { target: "converted", model: "logistic", folds: 0, seed: 1, events: { file, asOf: "snapshot_at" } });
  const a = await fit(original);
  const b = await fit(future);
  assert.ok(a.model.events, "the spec is in model.json");
  assert.equal(serializeModel(b.model), serializeModel(a.model));
  assert.equal(b.report.events?.eventsUsed, a.report.events?.eventsUsed);
  assert.ok((b.report.events?.eventsInFile ?? 0) > (a.report.events?.eventsInFile ?? 0));
});
