// The scoring service end to end over each store (SQLite file; PostgreSQL from
// LEADSCORE_TEST_PG): scoring against the library's own answers, per-record errors,
// outcomes, the model registry, hot activation under a request stream, a corrupted upload
// refused while the active model keeps serving, and everything still there after a restart.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import { modelFromFile } from "../../src/score/loaded-model.js";
import { scoreRecords } from "../../src/score/score-records.js";
import { signWebhookBody } from "../../src/serve/webhook.js";
import { parseModel } from "../../src/train/model-file.js";
import { type BankFixtures, bankFixtures, startService, type TestService } from "./service-fixtures.js";
import { BACKENDS, sqliteBackend, type TestBackend, type TestDatabase } from "./test-databases.js";

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function apiSuite(backend: TestBackend): void {
  if (backend.skip !== undefined) {
    test(`api: ${backend.name}`, { skip: backend.skip }, () => {});
    return;
  }
  describe(`api: ${backend.name}`, () => {
    let bank: BankFixtures;
    let database: TestDatabase;
    let service: TestService;
    before(async () => {
      bank = await bankFixtures();
      database = await backend.create();
      service = await startService(database);
    });
    after(async () => {
      await service?.stop();
      await database?.cleanup();
    });

    test("upload: the first version of a name is stored and activated; identical bytes make no new version", async () => {
      const up = await service.call("POST", "/v1/models", service.adminKey, { name: "bank", model: JSON.parse(bank.logistic) });
      assert.equal(up.status, 200, up.text);
      assert.deepEqual({ ...up.body, sha256: undefined }, { name: "bank", version: 1, sha256: undefined, created: true, activated: true });
      assert.match(up.body.sha256, /^[0-9a-f]{64}$/);
      // The same model as text: same canonical bytes, so the same version.
      const again = await service.call("POST", "/v1/models", service.adminKey, { name: "bank", model: bank.logistic });
      assert.deepEqual(again.body, { ...up.body, created: false, activated: false });
      const health = await service.call("GET", "/healthz");
      assert.deepEqual(health.body, { status: "ok", models: 1 });
    });

    test("score: one record and a batch, with reasons, equal to the library's scoreRecords", async () => {
      const loaded = modelFromFile(parseModel(bank.logistic, "bank"));
      const expected = scoreRecords(loaded, bank.records.slice(0, 200), { explain: 3, adverseAction: false });

      const one = await service.call("POST", "/v1/score", service.scoreKey, { records: [bank.records[0]] });
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(one.body.model, { name: "bank", version: 1 });
      const first = one.body.results[0];
      const want = expected[0]!;
      assert.equal(first.id, "lead-0");
      assert.equal(first.probability, round(want.probability, 6));
      assert.equal(first.score, want.score);
      assert.equal(first.grade, want.grade);
      assert.deepEqual(first.confidence, { low: round(want.low, 6), high: round(want.high, 6) });
      assert.equal(first.reasons.length, 3, "3 reasons by default");
      assert.deepEqual(
        first.reasons,
        want.reasons.map((r) => ({ column: r.column, text: r.text, effect: round(r.points, 2) })),
      );

      const batch = await service.call("POST", "/v1/score", service.scoreKey, { model: "bank", records: bank.records.slice(0, 200), explain: 2 });
      assert.equal(batch.status, 200);
      assert.equal(batch.body.results.length, 200);
      batch.body.results.forEach((result: { id: string; probability: number; reasons: unknown[] }, i: number) => {
        assert.equal(result.id, `lead-${i}`);
        assert.equal(result.probability, round(expected[i]!.probability, 6));
        assert.equal(result.reasons.length, 2);
      });
      assert.equal(first.anomaly, undefined, "no anomaly flag unless asked for");
      const flagged = await service.call("POST", "/v1/score", service.scoreKey, { records: bank.records.slice(0, 20), anomaly: true, explain: 0 });
      const withDetector = scoreRecords(loaded, bank.records.slice(0, 20), { explain: 0, adverseAction: false });
      assert.ok(withDetector.every((r) => typeof r.anomaly === "boolean"), "the model has a detector");
      assert.deepEqual(flagged.body.results.map((r: { anomaly: boolean }) => r.anomaly), withDetector.map((r) => r.anomaly));
      const none = await service.call("POST", "/v1/score", service.scoreKey, { records: [{ ...bank.records[1], id: undefined }], explain: 0 });
      assert.deepEqual(none.body.results[0].reasons, []);
      assert.match(none.body.results[0].id, /^[0-9a-f-]{36}$/, "no id given: a uuid is made up");
    });

    test("score: a bad record in a batch is answered with its own error listing every field; the others are scored", async () => {
      const records = bank.records.slice(0, 5).map((r) => ({ ...r }));
      records[1] = { ...records[1], age: "forty" };
      const { job: _dropped, ...withoutJob } = records[3]!;
      records[3] = { ...withoutJob, balance: { amount: 5 }, month: [1] };
      const reply = await service.call("POST", "/v1/score", service.scoreKey, { records });
      assert.equal(reply.status, 200, reply.text);
      const results = reply.body.results;
      assert.equal(results.length, 5);
      assert.deepEqual(results[1].error.fields.map((f: { path: string }) => f.path), ["records.1.age"]);
      assert.equal(results[1].id, "lead-1");
      assert.deepEqual(results[3].error.fields.map((f: { path: string }) => f.path).sort(), ["records.3.balance", "records.3.job", "records.3.month"]);
      for (const i of [0, 2, 4]) assert.equal(typeof results[i].probability, "number", `record ${i} scored`);
      assert.ok(!JSON.stringify(results[1].error).includes("forty"), "no record content in the error");
      // Missing values are fine: null and the model's missing tokens.
      const missing = await service.call("POST", "/v1/score", service.scoreKey, { records: [{ ...bank.records[0], age: null, job: "NA", balance: "" }] });
      assert.equal(typeof missing.body.results[0].probability, "number", missing.text);
    });

    test("outcomes: acknowledged, joined to scores, counted by grade", async () => {
      const ids = bank.records.slice(0, 200).map((r) => r.id as string);
      const outcomes = ids.slice(0, 50).map((id, i) => ({ id, converted: bank.converted[i]!, at: "2024-05-01T10:00:00Z" }));
      outcomes.push({ id: "never-scored", converted: true, at: "2024-05-01T10:00:00+02:00" });
      const reply = await service.call("POST", "/v1/outcomes", service.scoreKey, { outcomes });
      assert.deepEqual(reply.body, { stored: 51 });
      const listed = await service.call("GET", "/v1/scores?limit=1000&search=lead-1", service.adminKey);
      assert.equal(listed.status, 200, listed.text);
      for (const row of listed.body.results) {
        const index = Number((row.id as string).slice(5));
        assert.equal(row.converted, index < 50 ? bank.converted[index] : null, row.id);
      }
      const coverage = await service.call("GET", "/v1/monitoring/outcomes", service.adminKey);
      assert.equal(coverage.status, 200);
      const stored = await service.context.store.listScores({ limit: 100_000 });
      const labelled = stored.filter((s) => s.converted !== null);
      assert.equal(coverage.body.scored, stored.length);
      assert.equal(coverage.body.withOutcome, labelled.length);
      for (const g of coverage.body.byGrade) {
        const inGrade = labelled.filter((s) => s.grade === g.grade);
        assert.equal(g.withOutcome, inGrade.length);
        assert.equal(g.converted, inGrade.filter((s) => s.converted === true).length);
      }
      const bad = await service.call("POST", "/v1/outcomes", service.scoreKey, { outcomes: [{ id: "x", converted: "yes", at: "yesterday" }] });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.error.fields.map((f: { path: string }) => f.path).sort(), ["outcomes.0.at", "outcomes.0.converted"]);
    });

    test("registry: a second version, activation with its history (who, when), lists and summary", async () => {
      const up = await service.call("POST", "/v1/models", service.adminKey, { name: "bank", model: bank.gbdt });
      assert.equal(up.status, 200, up.text);
      assert.deepEqual([up.body.version, up.body.created, up.body.activated], [2, true, false], "the active version is untouched");
      let scored = await service.call("POST", "/v1/score", service.scoreKey, { records: [bank.records[0]] });
      assert.equal(scored.body.model.version, 1);

      const activated = await service.call("POST", "/v1/models/bank/activate", service.adminKey, { version: 2 });
      assert.equal(activated.status, 200, activated.text);
      assert.equal(activated.body.activatedBy, service.adminKeyId);
      scored = await service.call("POST", "/v1/score", service.scoreKey, { records: [bank.records[0]] });
      assert.deepEqual(scored.body.model, { name: "bank", version: 2 });
      const gbdt = modelFromFile(parseModel(bank.gbdt, "gbdt"));
      assert.equal(scored.body.results[0].probability, round(scoreRecords(gbdt, [bank.records[0]!], { explain: 0, adverseAction: false })[0]!.probability, 6));

      const listed = await service.call("GET", "/v1/models", service.adminKey);
      assert.equal(listed.body.models.length, 1);
      const model = listed.body.models[0];
      assert.equal(model.activeVersion, 2);
      assert.deepEqual(model.versions.map((v: { version: number; kind: string }) => [v.version, v.kind]), [[1, "logistic"], [2, "gbdt"]]);
      const one = await service.call("GET", "/v1/models/bank", service.adminKey);
      assert.deepEqual(one.body.activations.map((a: { version: number; activatedBy: string }) => [a.version, a.activatedBy]), [[1, service.adminKeyId], [2, service.adminKeyId]]);
      assert.equal(one.body.summary.version, 2);
      assert.equal(one.body.summary.target, "y");
      assert.equal(one.body.summary.rows, 4521);
      assert.ok(one.body.summary.importance.length > 0 && one.body.summary.importance.length <= 10);

      const missing = await service.call("POST", "/v1/models/bank/activate", service.adminKey, { version: 9 });
      assert.equal(missing.status, 404);
      assert.equal((await service.call("GET", "/v1/models/nope", service.adminKey)).status, 404);
    });

    test("a corrupted or truncated upload is refused with 400 and the active model keeps serving", async () => {
      const before = await service.call("GET", "/v1/models/bank", service.adminKey);
      // One digit changed inside the body: the checksum no longer matches.
      const at = bank.logistic.indexOf('"rows":') + 7;
      const flipped = bank.logistic.slice(0, at) + (bank.logistic[at] === "9" ? "8" : "9") + bank.logistic.slice(at + 1);
      const corrupted = await service.call("POST", "/v1/models", service.adminKey, { name: "bank", model: flipped });
      assert.equal(corrupted.status, 400, corrupted.text);
      assert.equal(corrupted.body.error.code, "bad_request");
      assert.match(corrupted.body.error.message, /checksum/);
      assert.deepEqual(corrupted.body.error.fields.map((f: { path: string }) => f.path), ["model"]);
      const truncated = await service.call("POST", "/v1/models", service.adminKey, { name: "bank", model: bank.logistic.slice(0, 5000) });
      assert.equal(truncated.status, 400);
      assert.match(truncated.body.error.message, /not valid JSON|truncated/);
      const foreign = await service.call("POST", "/v1/models", service.adminKey, { name: "other", model: { hello: "world" } });
      assert.equal(foreign.status, 400);
      const after = await service.call("GET", "/v1/models/bank", service.adminKey);
      assert.deepEqual(after.body.versions, before.body.versions, "no version stored");
      const scored = await service.call("POST", "/v1/score", service.scoreKey, { records: [bank.records[2]] });
      assert.equal(scored.status, 200);
      assert.deepEqual(scored.body.model, { name: "bank", version: 2 });
      assert.equal((await service.call("GET", "/v1/models/other", service.adminKey)).status, 404);
    });

    test("hot activation during a stream of score requests over HTTP drops nothing", async () => {
      await service.app.listen({ port: 0, host: "127.0.0.1" });
      const address = service.app.server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      const url = `http://127.0.0.1:${port}/v1/score`;
      const versions = new Set<number>();
      let failures = 0;
      let stop = false;
      const client = async () => {
        let n = 0;
        while (!stop || n < 5) {
          const response = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${service.scoreKey}` },
            body: JSON.stringify({ records: bank.records.slice(n % 50, (n % 50) + 3), explain: 3 }),
          });
          const body = (await response.json()) as { model: { version: number }; results: { probability?: number }[] };
          if (response.status !== 200 || body.results.length !== 3 || body.results.some((r) => typeof r.probability !== "number")) failures++;
          else versions.add(body.model.version);
          n++;
        }
        return n;
      };
      const clients = Array.from({ length: 6 }, client);
      for (const version of [1, 2, 1, 2, 1]) {
        await new Promise((r) => setTimeout(r, 40));
        const reply = await service.call("POST", "/v1/models/bank/activate", service.adminKey, { version });
        assert.equal(reply.status, 200);
      }
      stop = true;
      const counts = await Promise.all(clients);
      assert.equal(failures, 0);
      assert.ok(counts.reduce((a, b) => a + b, 0) >= 30);
      assert.deepEqual([...versions].sort(), [1, 2], "both versions answered during the stream");
      const last = await service.call("POST", "/v1/score", service.scoreKey, { records: [bank.records[0]] });
      assert.equal(last.body.model.version, 1, "the last activation answers afterwards");
    });

    test("persistence: after a restart the models, activations, scores, outcomes and keys are all there", async () => {
      await service.context.writer.flush();
      const scoresBefore = await service.call("GET", "/v1/scores?limit=5&order=score-desc", service.adminKey);
      const modelsBefore = await service.call("GET", "/v1/models/bank", service.adminKey);
      const outcomesBefore = await service.call("GET", "/v1/monitoring/outcomes", service.adminKey);
      const keys = { admin: service.adminKey, adminId: service.adminKeyId, score: service.scoreKey };
      await service.stop();
      service = await startService(database, {}, keys);
      const modelsAfter = await service.call("GET", "/v1/models/bank", service.adminKey);
      assert.deepEqual(modelsAfter.body, modelsBefore.body);
      assert.deepEqual((await service.call("GET", "/v1/scores?limit=5&order=score-desc", service.adminKey)).body, scoresBefore.body);
      assert.deepEqual((await service.call("GET", "/v1/monitoring/outcomes", service.adminKey)).body, outcomesBefore.body);
      const scored = await service.call("POST", "/v1/score", service.scoreKey, { records: [bank.records[0]] });
      assert.deepEqual(scored.body.model, { name: "bank", version: 1 });
      const drift = await service.call("GET", "/v1/monitoring/drift?model=bank&last=500", service.adminKey);
      assert.equal(drift.status, 200, drift.text);
      assert.ok(drift.body.rows > 100);
      assert.ok(["stable", "watch", "act"].includes(drift.body.status));
      assert.equal(drift.body.columns.length, 16);
    });
  });
}

for (const backend of BACKENDS) apiSuite(backend);

test("webhook: each new score and each grade change is posted, signed, after the answer", async () => {
  const bank = await bankFixtures();
  const received: { body: string; signature: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ body, signature: String(req.headers["x-leadscore-signature"]) });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const database = await sqliteBackend.create();
  const service = await startService(database, { webhook: { url: `http://127.0.0.1:${port}/hook`, secret: "s3cret" } });
  try {
    await service.call("POST", "/v1/models", service.adminKey, { name: "bank", model: bank.logistic });
    const first = await service.call("POST", "/v1/score", service.scoreKey, { records: bank.records.slice(0, 2) });
    assert.equal(first.status, 200);
    // The same record again, same grade: no event; with another grade: grade.changed.
    await service.call("POST", "/v1/score", service.scoreKey, { records: [bank.records[0]] });
    const original = first.body.results[0];
    let changed: { id: string; grade: string } | undefined;
    for (const record of bank.records.slice(2, 200)) {
      const reply = await service.call("POST", "/v1/score", service.scoreKey, { records: [{ ...record, id: "lead-0" }], explain: 0 });
      if (reply.body.results[0].grade !== original.grade) {
        changed = reply.body.results[0];
        break;
      }
    }
    assert.ok(changed !== undefined, "some record has another grade");
    for (let i = 0; i < 100 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    const events = received.map((r) => {
      assert.equal(r.signature, signWebhookBody(r.body, "s3cret"));
      return JSON.parse(r.body) as { type: string; id: string; grade: string; previousGrade: string | null; model: string; version: number };
    });
    assert.deepEqual(events.map((e) => [e.type, e.id]).sort(), [["grade.changed", "lead-0"], ["score.created", "lead-0"], ["score.created", "lead-1"]]);
    const change = events.find((e) => e.type === "grade.changed");
    assert.deepEqual([change?.previousGrade, change?.grade, change?.model, change?.version], [original.grade, changed.grade, "bank", 1]);
  } finally {
    await service.stop();
    await database.cleanup();
    receiver.close();
  }
});
