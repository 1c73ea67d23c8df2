// POST /v1/score with behavioural events: a model trained with events (the bundled synthetic
// leads and events, each lead's as-of time in `snapshot_at`) answers each record exactly as
// the CLI's path (`score --events`: ScoringEvents + scoreTable) does on the same leads and
// events, fit and engagement sub-scores and their reasons included; events after a lead's
// as-of time change nothing; bad events are refused listing every offending field; a model
// trained without events refuses them.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { RawTable } from "../../src/core/frame.js";
import { readTable } from "../../src/data/read-table.js";
import { train } from "../../src/index.js";
import { ScoringEvents } from "../../src/score/event-scoring.js";
import { type LoadedModel, modelFromFile } from "../../src/score/loaded-model.js";
import { type ScoredRecord, scoreTable } from "../../src/score/score-table.js";
import { MAX_EVENTS } from "../../src/serve/request-events.js";
import { parseModel, serializeModel } from "../../src/train/model-file.js";
import { ROOT, startService, type TestService } from "./service-fixtures.js";
import { sqliteBackend, type TestDatabase } from "./test-databases.js";

const LEADS_CSV = join(ROOT, "examples", "synthetic-leads.csv");
const EVENTS_CSV = join(ROOT, "examples", "synthetic-events.csv");
/** Leads sent per request, and those of them left without any event. */
const LEADS = 60;
const WITHOUT_EVENTS = new Set(["L0003", "L0010", "L0011", "L0042"]);

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const answered = (reasons: ScoredRecord["reasons"]) => reasons.map((r) => ({ column: r.column, text: r.text, effect: round(r.points, 2) }));

interface Event {
  lead_id: string;
  timestamp: string;
  type: string;
  url?: string;
}

describe("score with events", () => {
  let dir: string;
  let database: TestDatabase;
  let service: TestService;
  let modelText: string;
  let loaded: LoadedModel;
  let leadsFile: string;
  let eventsFile: string;
  let records: Record<string, unknown>[];
  let events: Event[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "leadscore-serve-events-"));
    const trained = await train(LEADS_CSV, {
      target: "converted",
      model: "gbdt",
      folds: 0,
      seed: 5,
      params: { trees: "40", maxLeaves: "8", earlyStopping: "off" },
      events: { file: EVENTS_CSV, asOf: "snapshot_at" },
    });
    assert.ok(trained.model.events, "the model has an events spec");
    modelText = serializeModel(trained.model);
    loaded = modelFromFile(parseModel(modelText, "behaviour"));
    const plain = await train(LEADS_CSV, { target: "converted", model: "logistic", folds: 0, seed: 5, exclude: ["snapshot_at"] });

    // The first LEADS leads and their events (none for WITHOUT_EVENTS), as files for the CLI's path and as JSON.
    const leadLines = readFileSync(LEADS_CSV, "utf8").trim().split("\n");
    const picked = leadLines.slice(1, LEADS + 1);
    const ids = new Set(picked.map((line) => line.split(",")[0] as string));
    const eventLines = readFileSync(EVENTS_CSV, "utf8").trim().split("\n");
    const keptEvents = eventLines.slice(1).filter((line) => {
      const id = line.split(",")[0] as string;
      return ids.has(id) && !WITHOUT_EVENTS.has(id);
    });
    leadsFile = join(dir, "leads.csv");
    eventsFile = join(dir, "events.csv");
    writeFileSync(leadsFile, `${[leadLines[0], ...picked].join("\n")}\n`);
    writeFileSync(eventsFile, `${[eventLines[0], ...keptEvents].join("\n")}\n`);
    const eventHeader = (eventLines[0] as string).split(",");
    events = keptEvents.map((line) => {
      const cells = line.split(",");
      const at = (name: string) => cells[eventHeader.indexOf(name)] as string;
      return { lead_id: at("lead_id"), timestamp: at("timestamp"), type: at("type"), ...(at("url") !== "" ? { url: at("url") } : {}) };
    });
    assert.ok(events.length > 200, `${events.length} events`);
    const table = await readTable(leadsFile, { na: [] });
    records = recordsOf(table).map((record) => {
      const { converted: _label, ...rest } = record;
      return rest;
    });

    database = await sqliteBackend.create();
    service = await startService(database);
    for (const [name, model] of [
      ["behaviour", modelText],
      ["plain", serializeModel(plain.model)],
    ] as const) {
      const up = await service.call("POST", "/v1/models", service.adminKey, { name, model });
      assert.equal(up.status, 200, up.text);
    }
  });

  after(async () => {
    await service?.stop();
    await database?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** What the CLI's `score --events FILE [--as-of X]` path gives for the picked leads. */
  async function cliScores(file: string, asOf?: string): Promise<{ scored: ScoredRecord[]; table: RawTable }> {
    const scoring = await ScoringEvents.open(loaded.file, { file, ...(asOf !== undefined ? { asOf } : {}) });
    assert.ok(scoring);
    try {
      const table = await scoring.apply(await readTable(leadsFile, { na: [] }));
      return { scored: scoreTable(loaded, table, 1, { explain: 3, adverseAction: false }), table };
    } finally {
      scoring.close();
    }
  }

  function assertParity(results: readonly Record<string, unknown>[], expected: readonly ScoredRecord[]): void {
    assert.equal(results.length, expected.length);
    results.forEach((result, i) => {
      const want = expected[i] as ScoredRecord;
      const sub = want.subScores;
      assert.ok(sub, "the CLI gives sub-scores");
      assert.deepEqual(result, {
        id: want.id,
        probability: round(want.probability, 6),
        score: want.score,
        grade: want.grade,
        confidence: { low: round(want.low, 6), high: round(want.high, 6) },
        reasons: answered(want.reasons),
        fitScore: sub.fit.score,
        engagementScore: sub.engagement.score,
        fitReasons: answered(sub.fit.reasons),
        engagementReasons: answered(sub.engagement.reasons),
      });
    });
  }

  test("records + their events: every probability, sub-score and reason equals the CLI's score --events", async () => {
    const { scored } = await cliScores(eventsFile);
    const reply = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records, events, explain: 3 });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.body.model, { name: "behaviour", version: 1 });
    assertParity(reply.body.results, scored);
    // Not a degenerate case: engagement differs across leads, and leads without events are in it.
    const engagement = new Set(reply.body.results.map((r: { engagementScore: number }) => r.engagementScore));
    assert.ok(engagement.size > 3, `engagement scores ${[...engagement].join(", ")}`);
    const quiet = reply.body.results.filter((r: { id: string }) => WITHOUT_EVENTS.has(r.id));
    assert.equal(quiet.length, WITHOUT_EVENTS.size);
    assert.ok(
      reply.body.results.some((r: { engagementReasons: { text: string }[] }) => r.engagementReasons.some((x) => /pricing|Opened|Viewed|activity/i.test(x.text))),
      "behavioural reasons in words",
    );
  });

  test("one lead alone, and a lead with no events at all, answer the same as within the batch", async () => {
    const { scored } = await cliScores(eventsFile);
    for (const index of [0, 2]) {
      const record = records[index] as Record<string, unknown>;
      const own = events.filter((e) => e.lead_id === record.lead_id);
      assert.equal(own.length === 0, WITHOUT_EVENTS.has(record.lead_id as string));
      const reply = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records: [record], events: own });
      assert.equal(reply.status, 200, reply.text);
      assertParity(reply.body.results, [scored[index] as ScoredRecord]);
    }
  });

  test("a fixed asOf date is used as score --as-of DATE uses it", async () => {
    const { scored } = await cliScores(eventsFile, "2024-04-01");
    const reply = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records, events, asOf: "2024-04-01" });
    assert.equal(reply.status, 200, reply.text);
    assertParity(reply.body.results, scored);
    const own = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records, events });
    assert.notDeepEqual(reply.body.results, own.body.results, "the date matters");
  });

  test("events after a lead's as-of time change nothing; the same events before it do", async () => {
    const base = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records, events });
    const shifted = (hours: number): Event[] =>
      records.flatMap((record) => {
        const at = new Date(Date.parse(record.snapshot_at as string) + hours * 3_600_000).toISOString();
        const lead_id = record.lead_id as string;
        return [
          { lead_id, timestamp: at, type: "page_view", url: "https://www.example.com/pricing" },
          { lead_id, timestamp: at, type: "page_view", url: "https://www.example.com/demo" },
          { lead_id, timestamp: at, type: "form_submit" },
          { lead_id, timestamp: at, type: "email_click" },
        ];
      });
    const future = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records, events: [...shifted(2), ...events, ...shifted(24 * 30)] });
    assert.equal(future.status, 200, future.text);
    assert.deepEqual(future.body.results, base.body.results);
    const past = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records, events: [...events, ...shifted(-2)] });
    assert.equal(past.status, 200, past.text);
    const changed = past.body.results.filter((r: { engagementScore: number }, i: number) => r.engagementScore !== base.body.results[i].engagementScore);
    assert.ok(changed.length > 0, "the same events before the as-of time change engagement");
  });

  test("without events, records holding the event columns take the fast path and get the same answer", async () => {
    const { scored, table } = await cliScores(eventsFile);
    const withColumns = recordsOf(table).slice(0, 5);
    const reply = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records: withColumns });
    assert.equal(reply.status, 200, reply.text);
    assertParity(reply.body.results, scored.slice(0, 5));
  });

  test("without events and without the event columns: one error per record saying to send the events", async () => {
    const reply = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records: records.slice(0, 2) });
    assert.equal(reply.status, 200, reply.text);
    for (const [i, result] of reply.body.results.entries()) {
      assert.equal(result.probability, undefined);
      const eventProblems = result.error.fields.filter((f: { path: string }) => f.path === `records.${i}`);
      assert.equal(eventProblems.length, 1, JSON.stringify(result.error.fields));
      assert.match(eventProblems[0].message, /send the lead's events in 'events'/);
      assert.ok(!result.error.fields.some((f: { path: string }) => /\.events_/.test(f.path)), "no field-by-field list of event columns");
    }
  });

  test("an experiment's arms score with the events too; an arm whose model has no events refuses them", async () => {
    const { scored } = await cliScores(eventsFile);
    const put = await service.call("PUT", "/v1/experiments/trial", service.adminKey, { arms: [{ name: "a", model: "behaviour", weight: 1 }, { name: "b", model: "behaviour", weight: 1 }] });
    assert.equal(put.status, 200, put.text);
    const reply = await service.call("POST", "/v1/score", service.scoreKey, { experiment: "trial", records, events });
    assert.equal(reply.status, 200, reply.text);
    const arms = new Set(reply.body.results.map((r: { arm: string }) => r.arm));
    assert.deepEqual([...arms].sort(), ["a", "b"]);
    assertParity(
      reply.body.results.map(({ arm: _arm, model: _model, ...rest }: Record<string, unknown>) => rest),
      scored,
    );
    const mixed = await service.call("PUT", "/v1/experiments/mixed", service.adminKey, { arms: [{ name: "a", model: "behaviour", weight: 1 }, { name: "b", model: "plain", weight: 1 }] });
    assert.equal(mixed.status, 200, mixed.text);
    const refused = await service.call("POST", "/v1/score", service.scoreKey, { experiment: "mixed", records, events });
    assert.equal(refused.status, 400, refused.text);
    assert.deepEqual(refused.body.error.fields.map((f: { path: string }) => f.path), ["events"]);
  });

  test("bad events: 400 listing every offending field, without echoing the values", async () => {
    const reply = await service.call("POST", "/v1/score", service.scoreKey, {
      model: "behaviour",
      records: records.slice(0, 2),
      events: [
        { lead_id: "L0001", timestamp: "2024-03-01T10:00:00Z", type: "page_view" },
        { lead_id: " ", timestamp: "sometime soon", type: 5, value: "lots", colour: "red" },
        { lead_id: "L0002", timestamp: "2024-13-45", type: "email_open", url: 7 },
        "page_view",
        { lead_id: 17, type: "page_view", value: 2.5, text: ["a"] },
      ],
    });
    assert.equal(reply.status, 400, reply.text);
    assert.equal(reply.body.error.code, "bad_request");
    assert.deepEqual(
      reply.body.error.fields.map((f: { path: string }) => f.path),
      ["events.1.colour", "events.1.lead_id", "events.1.type", "events.1.value", "events.1.timestamp", "events.2.url", "events.2.timestamp", "events.3", "events.4.timestamp", "events.4.text"],
    );
    assert.match(reply.body.error.message, /10 fields are wrong/);
    for (const secret of ["sometime soon", "lots", "red", "2024-13-45"]) assert.ok(!reply.text.includes(secret), secret);

    // Only a timestamp DuckDB cannot read: found when the events are loaded.
    const times = await service.call("POST", "/v1/score", service.scoreKey, {
      model: "behaviour",
      records: records.slice(0, 1),
      events: [
        { lead_id: "L0001", timestamp: "2024-03-01", type: "page_view" },
        { lead_id: "L0001", timestamp: "yesterday", type: "page_view" },
        { lead_id: "L0001", timestamp: "2024-02-30T10:00:00Z", type: "page_view" },
      ],
    });
    assert.equal(times.status, 400, times.text);
    assert.deepEqual(times.body.error.fields.map((f: { path: string }) => f.path), ["events.1.timestamp", "events.2.timestamp"]);
  });

  test("bad records get their own error (id, as-of field, event columns); the others are scored", async () => {
    const { scored } = await cliScores(eventsFile);
    const { lead_id: _id, ...noId } = records[1] as Record<string, unknown>;
    const { snapshot_at: _at, ...noAsOf } = records[3] as Record<string, unknown>;
    const reply = await service.call("POST", "/v1/score", service.scoreKey, {
      model: "behaviour",
      records: [records[0], { ...noId, id: "x-1" }, { ...records[2], events_any_7d: 3 }, noAsOf, { ...records[4], snapshot_at: "not a date" }],
      events,
    });
    assert.equal(reply.status, 200, reply.text);
    const [good, ...bad] = reply.body.results;
    assertParity([good], [scored[0] as ScoredRecord]);
    assert.deepEqual(
      bad.map((r: { error: { fields: { path: string }[] } }) => r.error.fields.map((f) => f.path)),
      [["records.1.lead_id"], ["records.2.events_any_7d"], ["records.3.snapshot_at"], ["records.4.snapshot_at"]],
    );
  });

  test("limits and misuse: too many events, asOf without events or unreadable, a model without events", async () => {
    const many = Array.from({ length: MAX_EVENTS + 1 }, () => ({ lead_id: "L1", timestamp: "2024-01-01", type: "x" }));
    const tooMany = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records: records.slice(0, 1), events: many });
    assert.equal(tooMany.status, 413, tooMany.text.slice(0, 300));
    assert.equal(tooMany.body.error.code, "too_large");
    assert.match(tooMany.body.error.message, /at most 100,000/);

    const lonely = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records: records.slice(0, 1), asOf: "2024-04-01" });
    assert.equal(lonely.status, 400);
    assert.deepEqual(lonely.body.error.fields.map((f: { path: string }) => f.path), ["asOf"]);
    const unreadable = await service.call("POST", "/v1/score", service.scoreKey, { model: "behaviour", records: records.slice(0, 1), events: [], asOf: "next tuesday" });
    assert.equal(unreadable.status, 400);
    assert.deepEqual(unreadable.body.error.fields.map((f: { path: string }) => f.path), ["asOf"]);

    const plain = await service.call("POST", "/v1/score", service.scoreKey, { model: "plain", records: records.slice(0, 1), events: events.slice(0, 3) });
    assert.equal(plain.status, 400, plain.text);
    assert.deepEqual(plain.body.error.fields, [{ path: "events", message: "this model was trained without events" }]);
    assert.match(plain.body.error.message, /trained without behavioural events/);
    // Without events the same model scores, and gives no sub-scores.
    const fine = await service.call("POST", "/v1/score", service.scoreKey, { model: "plain", records: records.slice(0, 1) });
    assert.equal(fine.status, 200, fine.text);
    assert.equal(fine.body.results[0].fitScore, undefined);
  });
});

/** A table's rows as JSON records (cells as read). */
function recordsOf(table: RawTable): Record<string, unknown>[] {
  return Array.from({ length: table.rows }, (_, r) => Object.fromEntries(table.header.map((name, c) => [name, table.cells[c]?.[r] ?? null])));
}
