// Event aggregation checked against numbers worked out by hand on a tiny fixture
// (test/fixtures/events: 4 leads, 15 events), in CSV, JSON Lines and Parquet.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import { readTable } from "../../src/data/read-table.js";
import { parseAsOf } from "../../src/events/as-of.js";
import { EventStore } from "../../src/events/event-store.js";
import { computeEventFeatures } from "../../src/events/event-features.js";
import { leadBatch, learnEvents } from "../../src/events/lead-events.js";
import { rejectsWith } from "../data/fixtures.js";
import { EVENTS_FIXTURES, tempDir } from "./helpers.js";

const EVENTS = join(EVENTS_FIXTURES, "events.csv");
const LEADS = join(EVENTS_FIXTURES, "leads.csv");
const H = 14; // half-life, days
const decay = (ageDays: number): number => 0.5 ** (ageDays / H);
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
const MIN = 1 / 1440;
const SEC = 1 / 86400;

/**
 * The expected columns for L1 (as of 2024-06-30T00:00Z), L2 (as of 2024-06-15), L3 (no
 * events) and L4 (only an event after its as-of time). L1's events before its as-of time,
 * with their age in days: page views at 1 h (acme.com/pricing), 40 min (acme.com/pricing),
 * 7 d exactly (/demo/book), 30 d exactly (acme.com/contact-us), 90.5 d (acme.com/blog/post-1);
 * e-mail opens at 1 s, 7 d + 1 s, 90 d exactly. Its page view at the as-of instant and its
 * e-mail open two days after are left out. L2: an e-mail open at 1 d, a form at
 * 13 d 14 h (12:00+02:00); its page view after 06-15 is left out.
 */
const EXPECTED: Record<string, [number, number, number, number]> = {
  events_page_view_7d: [3, 0, 0, 0], // 1 h, 40 min, and the one exactly 7 days old
  events_page_view_30d: [4, 0, 0, 0], // + the one exactly 30 days old
  events_page_view_90d: [4, 0, 0, 0], // 90.5 days is outside
  events_page_view_decay: [round6(decay(1 / 24) + decay(40 * MIN) + decay(7) + decay(30) + decay(90.5)), 0, 0, 0],
  events_page_view_days_since: [0, NaN, NaN, NaN],
  events_email_open_7d: [1, 1, 0, 0], // "Email_Open " (7 d + 1 s) counts as email_open, outside 7 days
  events_email_open_30d: [2, 1, 0, 0],
  events_email_open_90d: [3, 1, 0, 0], // exactly 90 days is inside
  events_email_open_decay: [round6(decay(SEC) + decay(7 + SEC) + decay(90)), round6(decay(1)), 0, 0],
  events_email_open_days_since: [0, 1, NaN, NaN],
  events_form_submit_7d: [0, 0, 0, 0],
  events_form_submit_30d: [0, 1, 0, 0],
  events_form_submit_90d: [0, 1, 0, 0],
  events_form_submit_decay: [0, round6(decay(13 + 14 / 24)), 0, 0],
  events_form_submit_days_since: [NaN, 13, NaN, NaN],
  events_pricing_visits_7d: [2, 0, 0, 0], // ?utm= and trailing slash do not matter; the visit at the as-of instant is out
  events_pricing_visits_30d: [2, 0, 0, 0],
  events_pricing_visits_90d: [2, 0, 0, 0],
  events_pricing_visits_decay: [round6(decay(1 / 24) + decay(40 * MIN)), 0, 0, 0],
  events_pricing_visits_days_since: [0, NaN, NaN, NaN],
  events_demo_visits_7d: [1, 0, 0, 0],
  events_demo_visits_30d: [1, 0, 0, 0],
  events_demo_visits_90d: [1, 0, 0, 0],
  events_demo_visits_decay: [round6(decay(7)), 0, 0, 0],
  events_demo_visits_days_since: [7, NaN, NaN, NaN],
  events_contact_visits_7d: [0, 0, 0, 0],
  events_contact_visits_30d: [1, 0, 0, 0],
  events_contact_visits_90d: [1, 0, 0, 0],
  events_contact_visits_decay: [round6(decay(30)), 0, 0, 0],
  events_contact_visits_days_since: [30, NaN, NaN, NaN],
  events_any_7d: [4, 1, 0, 0],
  events_any_30d: [6, 2, 0, 0],
  events_any_90d: [7, 2, 0, 0],
  events_any_days_since: [0, 1, NaN, NaN],
  // UTC days: L1 06-29 and 06-23 within 7 days; + 06-22, 05-31 within 30; + 04-01 within 90.
  events_active_days_7d: [2, 1, 0, 0],
  events_active_days_30d: [4, 2, 0, 0],
  events_active_days_90d: [5, 2, 0, 0],
  // L1's session starts (gap > 30 min): 03-31, 04-01, 05-31, 06-22 23:59:59 (06-23 00:00 follows 1 s later),
  // 06-29 23:00 (23:20 follows 20 min later), 06-29 23:59:59 (39 min 59 s later).
  events_sessions_7d: [2, 1, 0, 0],
  events_sessions_30d: [4, 2, 0, 0],
  events_sessions_90d: [5, 2, 0, 0],
  // acme.com/pricing (twice), /demo/book; + acme.com/contact-us; blog/post-1 is 90.5 days old.
  events_distinct_pages_7d: [2, 0, 0, 0],
  events_distinct_pages_30d: [3, 0, 0, 0],
  events_distinct_pages_90d: [3, 0, 0, 0],
};

async function featuresOf(events: string): Promise<Awaited<ReturnType<typeof learnEvents>>> {
  const table = await readTable(LEADS);
  const store = await EventStore.open(events);
  try {
    return await learnEvents(store, table, "lead_id", parseAsOf("snapshot_at", table), H);
  } finally {
    store.close();
  }
}

function assertExpected(learned: Awaited<ReturnType<typeof learnEvents>>): void {
  const names = learned.features.columns.map((c) => c.name);
  assert.deepEqual(names, Object.keys(EXPECTED));
  for (const column of learned.features.columns) {
    assert.deepEqual(Array.from(column.values), EXPECTED[column.name], column.name);
  }
}

test("counts, window boundaries, decay, recency, sessions, active days, pages and URL intents match the hand computation", async () => {
  const learned = await featuresOf(EVENTS);
  // Types come from the events each lead uses (before its as-of time), most frequent first.
  assert.deepEqual(learned.types, [
    { type: "page_view", events: 5, kept: true },
    { type: "email_open", events: 4, kept: true },
    { type: "form_submit", events: 1, kept: true },
  ]);
  assert.equal(learned.features.eventsUsed, 10);
  assert.equal(learned.features.leadsWithEvents, 2);
  assertExpected(learned);
});

test("JSON Lines and Parquet events give the same columns as CSV", async () => {
  const dir = tempDir();
  const csv = readFileSync(EVENTS, "utf8").trim().split("\n");
  const header = (csv[0] as string).split(",");
  const jsonl = csv
    .slice(1)
    .map((line) => {
      const cells = line.split(",");
      const record: Record<string, string | number> = {};
      header.forEach((name, i) => {
        const cell = cells[i] ?? "";
        if (cell !== "") record[name] = name === "value" ? Number(cell) : cell;
      });
      return JSON.stringify(record);
    })
    .join("\n");
  writeFileSync(join(dir, "events.jsonl"), `${jsonl}\n`);
  assertExpected(await featuresOf(join(dir, "events.jsonl")));

  const parquet = join(dir, "events.parquet");
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  await connection.run(`COPY (SELECT * FROM read_csv('${EVENTS}', header = true, all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
  connection.closeSync();
  db.closeSync();
  assertExpected(await featuresOf(parquet));
});

test("a fixed as-of date applies to every lead, and scoring reuses the learned spec on other leads", async () => {
  const table = await readTable(LEADS);
  const store = await EventStore.open(EVENTS);
  try {
    const learned = await learnEvents(store, table, "lead_id", parseAsOf("2024-06-15", table), H);
    // Before 2024-06-15, L1 has the page views of 05-31 and 03-31 12:00 (75.5 days) and the open of 04-01;
    // L2 the open of 06-14 and the form of 06-01; L4 still nothing.
    const any90 = learned.features.columns.find((c) => c.name === "events_any_90d");
    assert.deepEqual(Array.from(any90?.values ?? []), [3, 2, 0, 0]);
    // Tied counts (2 page views, 2 opens) are ordered by name.
    assert.deepEqual(learned.spec.types.map((t) => t.type), ["email_open", "page_view", "form_submit"]);
    // Scoring: the stored spec, on leads of which one is unknown to the events and one has a new id.
    const other = { ...table, rows: 2, cells: table.cells.map((c, i) => (i === 0 ? ["L2", "L7"] : [c[1] ?? null, c[1] ?? null])), lines: Int32Array.of(2, 3) };
    const again = await computeEventFeatures(store, learned.spec, leadBatch(store, other, "lead_id", learned.spec.asOf));
    assert.deepEqual(again.columns.map((c) => c.values[0]), learned.features.columns.map((c) => c.values[1]));
    assert.ok(again.columns.every((c) => (c.name.endsWith("days_since") ? Number.isNaN(c.values[1]) : c.values[1] === 0)));
  } finally {
    store.close();
  }
});

test("event types a spec does not know are ignored at scoring", async () => {
  const dir = tempDir();
  const table = await readTable(LEADS);
  const store = await EventStore.open(EVENTS);
  const learned = await learnEvents(store, table, "lead_id", parseAsOf("snapshot_at", table), H);
  store.close();
  const extra = `${readFileSync(EVENTS, "utf8")}L3,2024-06-20T00:00:00Z,webinar,,\nL3,2024-06-21T00:00:00Z,chat_message,,\n`;
  writeFileSync(join(dir, "more.csv"), extra);
  const scoring = await EventStore.open(join(dir, "more.csv"));
  try {
    const scored = await computeEventFeatures(scoring, learned.spec, leadBatch(scoring, table, "lead_id", learned.spec.asOf));
    assert.deepEqual(scored.columns.map((c) => c.name), learned.features.columns.map((c) => c.name));
    for (const [i, column] of scored.columns.entries()) assert.deepEqual(Array.from(column.values), Array.from(learned.features.columns[i]?.values ?? []), column.name);
  } finally {
    scoring.close();
  }
});

test("a bad events file is refused with its file, line and column", async () => {
  const dir = tempDir();
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  await rejectsWith(() => EventStore.open(join(dir, "absent.csv")), "file", /Cannot read events file '.*absent\.csv': no such file\./);
  const noType = write("no-type.csv", "lead_id,timestamp,kind\nL1,2024-01-01,x\n");
  await rejectsWith(() => EventStore.open(noType), "data", `${noType}: the events have no column 'type'; expected columns lead_id, timestamp, type[, value, url, text] (found: lead_id, timestamp, kind).`);
  const badTime = write("bad-time.csv", "lead_id,timestamp,type\nL1,2024-01-01,x\nL1,2024-13-01,x\nL2,yesterday,x\n");
  await rejectsWith(
    () => EventStore.open(badTime),
    "data",
    `${badTime}:3, column 'timestamp': '2024-13-01' is not a date or date-time; expected an ISO date or date-time such as 2024-06-30T14:05:00Z (2 events have this problem).`,
  );
  const noId = write("no-id.csv", "lead_id,timestamp,type\nL1,2024-01-01,x\n,2024-01-02,x\n");
  await rejectsWith(() => EventStore.open(noId), "data", `${noId}:3, column 'lead_id': the event has no lead id; every event needs one.`);
  const badValue = write("bad-value.csv", "lead_id,timestamp,type,value\nL1,2024-01-01,x,3\nL1,2024-01-02,x,three\n");
  await rejectsWith(() => EventStore.open(badValue), "data", `${badValue}:3, column 'value': 'three' is not a number.`);
  const numericTime = write("numeric-time.jsonl", `{"lead_id":"L1","timestamp":1719000000,"type":"x"}\n`);
  await rejectsWith(() => EventStore.open(numericTime), "data", `${numericTime}: column 'timestamp' holds BIGINT values; expected an ISO date or date-time such as 2024-06-30T14:05:00Z.`);
});

test("an as-of column with a missing or bad time names the line", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "leads.csv"), "lead_id,snapshot_at\nL1,2024-06-30\nL2,\n");
  const table = await readTable(join(dir, "leads.csv"));
  const store = await EventStore.open(EVENTS);
  try {
    await rejectsWith(
      () => learnEvents(store, table, "lead_id", parseAsOf("snapshot_at", table), H),
      "data",
      `${join(dir, "leads.csv")}:3, column 'snapshot_at': no as-of time; every lead needs the time its events are counted up to (an ISO date such as 2024-06-30).`,
    );
  } finally {
    store.close();
  }
});
