// Security of the service: keys and scopes checked before the body, size limit, every
// offending field listed, per-key rate limit, load shedding, no key / record content / stack
// in error bodies or logs, and a seeded fuzz of random bodies on every route that must never
// produce a 500.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, describe, test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { type BankFixtures, bankFixtures, freshService, type TestService } from "./service-fixtures.js";
import { sqliteBackend } from "./test-databases.js";

const ERROR_CODES = ["bad_request", "unauthorized", "forbidden", "not_found", "too_large", "rate_limited", "overloaded", "internal"];

const ADMIN_ROUTES: readonly [method: "GET" | "POST" | "PUT", url: string][] = [
  ["GET", "/v1/models"],
  ["GET", "/v1/models/bank"],
  ["POST", "/v1/models"],
  ["POST", "/v1/models/bank/activate"],
  ["PUT", "/v1/experiments/e1"],
  ["GET", "/v1/experiments/e1"],
  ["GET", "/v1/experiments"],
  ["GET", "/v1/scores"],
  ["GET", "/v1/monitoring/drift"],
  ["GET", "/v1/monitoring/outcomes"],
];
const SCORE_ROUTES: readonly [method: "POST", url: string][] = [
  ["POST", "/v1/score"],
  ["POST", "/v1/outcomes"],
];

function queryText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function assertErrorBody(body: unknown, code: string, keys: readonly string[], text: string): void {
  const error = (body as { error?: { code?: string; message?: string } }).error;
  assert.equal(error?.code, code, text);
  assert.equal(typeof error?.message, "string");
  for (const key of keys) assert.ok(!text.includes(key), "an error body never holds a key");
  assert.ok(!/\n\s+at /.test(text), "no stack trace");
}

describe("security", () => {
  let bank: BankFixtures;
  let service: TestService;
  let cleanup: () => Promise<void>;
  before(async () => {
    bank = await bankFixtures();
    ({ service, cleanup } = await freshService(sqliteBackend));
    const up = await service.call("POST", "/v1/models", service.adminKey, { name: "bank", model: bank.logistic });
    assert.equal(up.status, 200);
  });
  after(async () => cleanup?.());

  test("no key, a malformed key, a wrong secret → 401 on every /v1 route, before the body is looked at", async () => {
    const wrongSecret = `${service.scoreKey.slice(0, -4)}AAAA`;
    for (const [method, url] of [...ADMIN_ROUTES, ...SCORE_ROUTES]) {
      for (const key of [undefined, "not-a-key", wrongSecret]) {
        const reply = await service.call(method, url, key, method === "GET" ? undefined : { garbage: [1, 2, 3] });
        assert.equal(reply.status, 401, `${method} ${url} with ${key === undefined ? "no key" : "a bad key"}`);
        assertErrorBody(reply.body, "unauthorized", [service.scoreKey, service.adminKey, wrongSecret], reply.text);
        assert.equal(reply.headers["cache-control"], "no-store", "refusals carry the API headers too");
      }
    }
  });

  test("a score key on an admin route → 403, even with an invalid body; score routes accept it, and admin keys everywhere", async () => {
    for (const [method, url] of ADMIN_ROUTES) {
      const reply = await service.call(method, url, service.scoreKey, method === "GET" ? undefined : { garbage: true });
      assert.equal(reply.status, 403, `${method} ${url}`);
      assertErrorBody(reply.body, "forbidden", [service.scoreKey], reply.text);
    }
    const scored = await service.call("POST", "/v1/score", service.adminKey, { records: [bank.records[0]] });
    assert.equal(scored.status, 200, "admin includes score");
    const outcome = await service.call("POST", "/v1/outcomes", service.scoreKey, { outcomes: [{ id: "a", converted: false }] });
    assert.equal(outcome.status, 200);
  });

  test("a 10 MB body → 413 too_large (401 first without a key)", async () => {
    const big = JSON.stringify({ records: [{ notes: "x".repeat(10 * 1024 * 1024) }] });
    const reply = await service.app.inject({ method: "POST", url: "/v1/score", headers: { authorization: `Bearer ${service.scoreKey}`, "content-type": "application/json" }, payload: big });
    assert.equal(reply.statusCode, 413);
    assertErrorBody(JSON.parse(reply.body), "too_large", [service.scoreKey], reply.body);
    const anonymous = await service.app.inject({ method: "POST", url: "/v1/score", headers: { "content-type": "application/json" }, payload: big });
    assert.equal(anonymous.statusCode, 401);
  });

  test("malformed JSON, wrong types and an unknown model → 400 listing every offending field", async () => {
    const malformed = await service.app.inject({ method: "POST", url: "/v1/score", headers: { authorization: `Bearer ${service.scoreKey}`, "content-type": "application/json" }, payload: '{"records": [' });
    assert.equal(malformed.statusCode, 400);
    assert.deepEqual(JSON.parse(malformed.body).error.fields, [{ path: "(body)", message: "not valid JSON" }]);

    const wrong = await service.call("POST", "/v1/score", service.scoreKey, { model: "nope", records: [{ age: 1 }, 7, "x"], explain: "3", experiment: 5, extra: true });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.error.fields.map((f: { path: string }) => f.path).sort(), ["experiment", "explain", "extra", "model", "records.1", "records.2"]);
    assert.match(wrong.body.error.fields.find((f: { path: string }) => f.path === "model").message, /no active model has this name \(active: bank\)/);

    const unknownModel = await service.call("POST", "/v1/score", service.scoreKey, { model: "nope", records: [bank.records[0]] });
    assert.equal(unknownModel.status, 400);
    assert.deepEqual(unknownModel.body.error.fields.map((f: { path: string }) => f.path), ["model"]);

    const empty = await service.call("POST", "/v1/score", service.scoreKey, { records: [] });
    assert.deepEqual(empty.body.error.fields.map((f: { path: string }) => f.path), ["records"]);
    const query = await service.call("GET", "/v1/scores?limit=0&order=best&offset=-1&bogus=1", service.adminKey);
    assert.equal(query.status, 400);
    assert.deepEqual(query.body.error.fields.map((f: { path: string }) => f.path).sort(), ["query.bogus", "query.limit", "query.offset", "query.order"]);
    const arms = await service.call("PUT", "/v1/experiments/e1", service.adminKey, { arms: [{ name: "a", model: "nope", weight: 1 }, { name: "a", model: "bank", version: 9, weight: -1 }] });
    assert.equal(arms.status, 400);
    assert.deepEqual(arms.body.error.fields.map((f: { path: string }) => f.path).sort(), ["arms.1.weight"]);
    const arms2 = await service.call("PUT", "/v1/experiments/e1", service.adminKey, { arms: [{ name: "a", model: "nope", weight: 1 }, { name: "a", model: "bank", version: 9, weight: 0 }] });
    assert.deepEqual(arms2.body.error.fields.map((f: { path: string }) => f.path).sort(), ["arms.0.model", "arms.1.name", "arms.1.version"]);
    const noTraffic = await service.call("PUT", "/v1/experiments/e1", service.adminKey, { arms: [{ name: "a", model: "bank", weight: 0 }, { name: "b", model: "bank", weight: 3, shadow: true }] });
    assert.deepEqual(noTraffic.body.error.fields, [{ path: "arms", message: "at least one arm that is not a shadow needs a weight above 0" }]);
  });

  test("keys, record values and stacks never reach error bodies or the log", async () => {
    const secretValue = "SECRET-VALUE-42";
    const replies = [
      await service.call("POST", "/v1/score", service.scoreKey, { model: service.scoreKey, records: [{ ...bank.records[0], age: secretValue }] }),
      await service.call("POST", "/v1/score", service.scoreKey, { experiment: service.adminKey, records: [{ id: service.adminKey }] }),
      await service.call("POST", "/v1/models", service.adminKey, { name: "x", model: `{"format":"leadscore-model","key":"${service.adminKey}"` }),
      await service.call("GET", `/v1/models/${encodeURIComponent(service.adminKey)}`, service.adminKey),
      await service.call("GET", `/v1/scores?search=${encodeURIComponent(service.adminKey)}&grade=${secretValue}&limit=x`, service.adminKey),
    ];
    for (const reply of replies) {
      assert.ok(!reply.text.includes(service.scoreKey) && !reply.text.includes(service.adminKey), reply.text);
      if (reply.status >= 400) assert.ok(!reply.text.includes(secretValue), reply.text);
    }
    assert.equal(replies[0]!.status, 400);
    const logged = service.logs.join("\n");
    assert.ok(!logged.includes(service.adminKey) && !logged.includes(service.scoreKey) && !logged.includes(secretValue));
  });

  test("helmet headers on the dashboard page, fixed security headers on the API, both public routes need no key", async () => {
    const page = await service.app.inject({ method: "GET", url: "/" });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers["content-security-policy"]), /script-src 'self'/);
    assert.equal(page.headers["x-content-type-options"], "nosniff");
    const api = await service.call("GET", "/v1/models", service.adminKey);
    assert.equal(api.headers["x-content-type-options"], "nosniff");
    assert.equal(api.headers["cache-control"], "no-store");
    const docs = await service.call("GET", "/docs/json");
    assert.equal(docs.status, 200);
    for (const path of ["/v1/score", "/v1/outcomes", "/v1/models", "/v1/models/{name}/activate", "/v1/experiments/{name}", "/v1/scores", "/v1/monitoring/drift", "/healthz"]) {
      assert.ok(path in docs.body.paths, `OpenAPI documents ${path}`);
    }
    const metrics = await service.app.inject({ method: "GET", url: "/metrics" });
    assert.match(metrics.body, /^leadscore_http_requests_total\{method="POST",route="\/v1\/score",status="200"\} \d+$/m);
    assert.match(metrics.body, /^leadscore_active_model_version\{model="bank"\} 1$/m);
    assert.match(metrics.body, /^leadscore_scores_total \d+$/m);
  });

  test("seeded fuzz: a few hundred random bodies, params and queries on every route never give a 500", async () => {
    const rng = new Rng(20240901);
    const pick = <T>(items: readonly T[]): T => items[rng.int(items.length)] as T;
    const keys = [service.adminKey, service.scoreKey];
    const strings = ["", "bank", "a".repeat(300), "ünïcødé ✓", "__proto__", "constructor", "NA", "-1e400", "0x1F", "2024-13-45", "../..", "%00", service.adminKey, "lead-1"];
    const randomValue = (depth: number): unknown => {
      switch (rng.int(depth > 3 ? 5 : 8)) {
        case 0: return null;
        case 1: return rng.next() < 0.5;
        case 2: return pick([0, -1, 1.5, 1e308, -0, 10_001, 2 ** 53 + 1, 3]);
        case 3: return pick(strings);
        case 4: return rng.next() * 1000 - 500;
        case 5: return Array.from({ length: rng.int(4) }, () => randomValue(depth + 1));
        default: {
          const o: Record<string, unknown> = {};
          for (let i = rng.int(5); i > 0; i--) {
            const key = pick(["records", "model", "explain", "experiment", "outcomes", "id", "converted", "at", "name", "version", "arms", "weight", "shadow", "age", "job", "__proto__", pick(strings)]);
            // defineProperty: a real own "__proto__" key, as JSON.parse would make it.
            Object.defineProperty(o, key, { value: randomValue(depth + 1), enumerable: true, writable: true, configurable: true });
          }
          return o;
        }
      }
    };
    const mutate = (valid: Record<string, unknown>): unknown => {
      const copy: Record<string, unknown> = JSON.parse(JSON.stringify(valid));
      const field = pick(Object.keys(copy));
      if (rng.next() < 0.3) delete copy[field];
      else copy[field] = randomValue(1);
      return copy;
    };
    const record = bank.records[0] as Record<string, unknown>;
    const valid: Record<string, Record<string, unknown>> = {
      "/v1/score": { records: [record, { ...record, age: pick(strings) }], explain: 2, model: "bank" },
      "/v1/outcomes": { outcomes: [{ id: "f", converted: true, at: "2024-01-01T00:00:00Z" }] },
      "/v1/models": { name: "fuzz", model: { format: "leadscore-model", formatVersion: 1 } },
      activate: { version: 1 },
      experiment: { arms: [{ name: "a", model: "bank", weight: 1 }, { name: "b", model: "bank", weight: 1, shadow: true }] },
    };
    const name = () => encodeURIComponent(String(pick([...strings, "bank", "e1", "x"])));
    const query = () => (rng.next() < 0.5 ? "" : `?${["limit", "offset", "order", "grade", "search", "model", "last", "x"].filter(() => rng.next() < 0.4).map((k) => `${k}=${encodeURIComponent(queryText(randomValue(3)))}`).join("&")}`);
    let served = 0;
    for (let i = 0; i < 400; i++) {
      const route = rng.int(12);
      const body = rng.next() < 0.6 ? undefined : randomValue(0);
      let method: "GET" | "POST" | "PUT" = "POST";
      let url: string;
      let payload: unknown;
      switch (route) {
        case 0: case 1: url = "/v1/score"; payload = body ?? mutate(valid["/v1/score"]!); break;
        case 2: url = "/v1/outcomes"; payload = body ?? mutate(valid["/v1/outcomes"]!); break;
        case 3: url = "/v1/models"; payload = body ?? mutate(valid["/v1/models"]!); break;
        case 4: url = `/v1/models/${name()}/activate`; payload = body ?? mutate(valid.activate!); break;
        case 5: method = "PUT"; url = `/v1/experiments/${name()}`; payload = body ?? mutate(valid.experiment!); break;
        case 6: method = "GET"; url = `/v1/experiments/${name()}${query()}`; break;
        case 7: method = "GET"; url = `/v1/models/${name()}${query()}`; break;
        case 8: method = "GET"; url = `/v1/scores${query()}`; break;
        case 9: method = "GET"; url = `/v1/monitoring/drift${query()}`; break;
        case 10: method = "GET"; url = `/v1/monitoring/outcomes${query()}`; break;
        default: method = "GET"; url = pick(["/v1/models", "/v1/experiments", "/healthz", "/metrics", "/nowhere", "/v1/score"]) + query();
      }
      const asText = payload !== undefined && rng.next() < 0.1;
      const headers: Record<string, string> = { authorization: `Bearer ${pick(keys)}` };
      if (payload !== undefined) headers["content-type"] = rng.next() < 0.05 ? "text/plain" : "application/json";
      const raw = payload === undefined ? undefined : asText ? JSON.stringify(payload).slice(0, rng.int(40)) : JSON.stringify(payload);
      const reply = await service.app.inject({ method, url, headers, ...(raw === undefined ? {} : { payload: raw }) });
      assert.ok(reply.statusCode < 500, `${method} ${url} ${raw?.slice(0, 200)} → ${reply.statusCode} ${reply.body.slice(0, 300)}`);
      for (const key of keys) assert.ok(!reply.body.includes(key) || reply.statusCode < 400, `${method} ${url} ${raw?.slice(0, 300)}: key echoed in ${reply.body.slice(0, 400)}`);
      if (reply.statusCode >= 400) assert.ok(ERROR_CODES.includes(JSON.parse(reply.body).error.code), reply.body);
      else served++;
    }
    assert.ok(served > 20, `some fuzzed requests are valid (${served})`);
    assert.deepEqual(service.logs.filter((line) => line.includes("internal error")), []);
  });
});

describe("limits", () => {
  let bank: BankFixtures;
  before(async () => {
    bank = await bankFixtures();
  });

  test("per-key rate limit → 429 rate_limited for that key only; health and metrics are never limited", async () => {
    const { service, cleanup } = await freshService(sqliteBackend, { rateLimit: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await service.call("POST", "/v1/outcomes", service.scoreKey, { outcomes: [{ id: `r${i}`, converted: true }] })).status);
      // A second boundary could fall inside the loop; at least the 4th or 5th is refused.
      assert.ok(statuses.filter((s) => s === 429).length >= 1, statuses.join(","));
      assert.deepEqual(statuses.slice(0, 3).filter((s) => s !== 200 && s !== 429), []);
      const limited = await service.call("POST", "/v1/outcomes", service.scoreKey, { outcomes: [{ id: "r9", converted: true }] });
      if (limited.status === 429) assertErrorBody(limited.body, "rate_limited", [service.scoreKey], limited.text);
      assert.equal((await service.call("GET", "/v1/models", service.adminKey)).status, 200, "another key is not limited");
      for (let i = 0; i < 10; i++) assert.equal((await service.call("GET", "/healthz")).status, 200);
    } finally {
      await cleanup();
    }
  });

  test("beyond --max-inflight requests → 503 overloaded at once (no queue); the held request still completes", async () => {
    const { service, cleanup } = await freshService(sqliteBackend, { maxInflight: 1 });
    try {
      await service.call("POST", "/v1/models", service.adminKey, { name: "bank", model: bank.logistic });
      await service.app.listen({ port: 0, host: "127.0.0.1" });
      const address = service.app.server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      const body = JSON.stringify({ outcomes: [{ id: "held", converted: true }] });
      // A request whose body is only half sent stays in flight.
      let held!: ReturnType<typeof httpRequest>;
      const heldReply = new Promise<{ status: number; text: string }>((resolve, reject) => {
        held = httpRequest({ host: "127.0.0.1", port, method: "POST", path: "/v1/outcomes", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${service.scoreKey}` } }, (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        });
        held.on("error", reject);
        held.write(body.slice(0, 10));
      });
      await new Promise((r) => setTimeout(r, 100));
      const shed = await fetch(`http://127.0.0.1:${port}/v1/score`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${service.scoreKey}` }, body: JSON.stringify({ records: [bank.records[0]] }) });
      assert.equal(shed.status, 503);
      assert.equal(((await shed.json()) as { error: { code: string } }).error.code, "overloaded");
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, "health is exempt");
      held.end(body.slice(10));
      assert.deepEqual(await heldReply, { status: 200, text: '{"stored":1}' });
      const after = await fetch(`http://127.0.0.1:${port}/v1/score`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${service.scoreKey}` }, body: JSON.stringify({ records: [bank.records[0]] }) });
      assert.equal(after.status, 200, "capacity is back once the held request finished");
    } finally {
      await cleanup();
    }
  });
});
