// WebhookSender against a real HTTP server on loopback: the signature verifies with the
// shared secret, only first scores and grade changes are posted, a dead or failing receiver
// is retried and then counted as failed, and the queue never holds more than its bound.
import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { GradeChanges, type ScoreEvent, WebhookSender, type WebhookPayload, signWebhookBody } from "../../src/serve/webhook.js";

interface Received {
  readonly body: string;
  readonly headers: IncomingMessage["headers"];
}

interface Receiver {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** A receiver answering every post with `status(n)` for the n-th request (1-based). */
async function startReceiver(status: (n: number) => number = () => 204): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: request.headers });
      response.statusCode = status(received.length);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function event(id: string, grade: string, score = 50): ScoreEvent {
  return { id, model: "bank", version: 2, probability: score / 100, score, grade, reasons: [{ column: "duration", text: "call lasted 12 minutes", effect: 7.5 }], at: "2026-01-02T03:04:05.000Z" };
}

const SECRET = "s3cr3t-for-tests";
const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const receivers: Receiver[] = [];
after(async () => {
  for (const r of receivers) await r.close();
});

describe("WebhookSender", () => {
  it("signs the raw body with HMAC-SHA256 of the secret, and sends a timestamp", async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const sender = new WebhookSender({ url: receiver.url, secret: SECRET, retry: FAST_RETRY });
    const before = Math.floor(Date.now() / 1000);
    sender.notify(event("lead-1", "A", 91));
    await sender.close();
    assert.equal(receiver.received.length, 1);
    const got = receiver.received[0] as Received;
    // The receiver's side, computed independently of signWebhookBody.
    const expected = Buffer.from(`sha256=${createHmac("sha256", SECRET).update(got.body).digest("hex")}`);
    const header = Buffer.from(String(got.headers["x-leadscore-signature"]));
    assert.equal(header.length, expected.length);
    assert.ok(timingSafeEqual(header, expected));
    // A different secret does not verify.
    assert.notEqual(signWebhookBody(got.body, "other"), String(got.headers["x-leadscore-signature"]));
    const timestamp = Number(got.headers["x-leadscore-timestamp"]);
    assert.ok(Number.isInteger(timestamp) && timestamp >= before && timestamp <= before + 60, `timestamp ${timestamp}`);
    assert.equal(got.headers["content-type"], "application/json");
    const payload = JSON.parse(got.body) as WebhookPayload;
    assert.deepEqual(payload, {
      type: "score.created",
      id: "lead-1",
      model: "bank",
      version: 2,
      probability: 0.91,
      score: 91,
      grade: "A",
      previousGrade: null,
      reasons: [{ column: "duration", text: "call lasted 12 minutes", effect: 7.5 }],
      at: "2026-01-02T03:04:05.000Z",
    });
  });

  it("posts the first score and each grade change once; an unchanged grade is not posted", async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const sender = new WebhookSender({ url: receiver.url, secret: SECRET, retry: FAST_RETRY, concurrency: 1 });
    sender.notify(event("x", "B", 60)); // first: created
    sender.notify(event("x", "B", 61)); // same grade: nothing
    sender.notify(event("y", "D", 10)); // first of y
    sender.notify(event("x", "A", 80)); // B -> A
    sender.notify(event("x", "A", 82)); // nothing
    sender.notify(event("y", "D", 12)); // nothing
    sender.notify(event("x", "B", 70)); // A -> B
    await sender.close();
    const posted = receiver.received.map((r) => JSON.parse(r.body) as WebhookPayload);
    assert.deepEqual(
      posted.map((p) => [p.type, p.id, p.previousGrade, p.grade, p.score]),
      [
        ["score.created", "x", null, "B", 60],
        ["score.created", "y", null, "D", 10],
        ["grade.changed", "x", "B", "A", 80],
        ["grade.changed", "x", "A", "B", 70],
      ],
    );
    // Each post has its own delivery id.
    assert.equal(new Set(receiver.received.map((r) => r.headers["x-leadscore-delivery"])).size, 4);
    assert.deepEqual(sender.stats(), { queued: 0, inFlight: 0, delivered: 4, failed: 0, dropped: 0, retries: 0 });
  });

  it("retries a failing receiver with the same signed body and succeeds when it recovers", async () => {
    const receiver = await startReceiver((n) => (n < 3 ? 503 : 200));
    receivers.push(receiver);
    const sender = new WebhookSender({ url: receiver.url, secret: SECRET, retry: FAST_RETRY });
    sender.notify(event("r", "C", 30));
    await sender.close();
    assert.equal(receiver.received.length, 3);
    assert.equal(new Set(receiver.received.map((r) => r.body)).size, 1);
    assert.equal(new Set(receiver.received.map((r) => r.headers["x-leadscore-delivery"])).size, 1);
    assert.deepEqual(sender.stats(), { queued: 0, inFlight: 0, delivered: 1, failed: 0, dropped: 0, retries: 2 });
  });

  it("counts an event as failed after the last try when the receiver keeps answering 500", async () => {
    const receiver = await startReceiver(() => 500);
    receivers.push(receiver);
    const sender = new WebhookSender({ url: receiver.url, secret: SECRET, retry: FAST_RETRY });
    sender.notify(event("f", "A", 90));
    await sender.close();
    assert.equal(receiver.received.length, 3);
    assert.deepEqual(sender.stats(), { queued: 0, inFlight: 0, delivered: 0, failed: 1, dropped: 0, retries: 2 });
  });

  it("gives up at once on a 4xx that retrying cannot fix", async () => {
    const receiver = await startReceiver(() => 401);
    receivers.push(receiver);
    const sender = new WebhookSender({ url: receiver.url, secret: SECRET, retry: FAST_RETRY });
    sender.notify(event("g", "A", 90));
    await sender.close();
    assert.equal(receiver.received.length, 1);
    assert.equal(sender.stats().failed, 1);
  });

  it("retries when nothing listens (connection refused), then counts the events as failed", async () => {
    const gone = await startReceiver();
    await gone.close(); // the port is now closed
    const sender = new WebhookSender({ url: gone.url, secret: SECRET, retry: FAST_RETRY });
    sender.notify(event("a", "A"));
    sender.notify(event("b", "B"));
    await sender.close();
    assert.deepEqual(sender.stats(), { queued: 0, inFlight: 0, delivered: 0, failed: 2, dropped: 0, retries: 4 });
  });

  it("keeps at most maxQueue events, dropping the oldest and counting them", async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const sender = new WebhookSender({ url: receiver.url, secret: SECRET, maxQueue: 5, concurrency: 1, retry: FAST_RETRY });
    for (let i = 1; i <= 20; i++) {
      sender.notify(event(`lead-${i}`, "A"));
      assert.ok(sender.stats().queued <= 5, `queue holds ${sender.stats().queued} after ${i} events`);
    }
    assert.deepEqual(sender.stats(), { queued: 5, inFlight: 0, delivered: 0, failed: 0, dropped: 15, retries: 0 });
    await sender.close();
    // The newest five survive, in order.
    assert.deepEqual(
      receiver.received.map((r) => (JSON.parse(r.body) as WebhookPayload).id),
      ["lead-16", "lead-17", "lead-18", "lead-19", "lead-20"],
    );
    assert.equal(sender.stats().delivered, 5);
  });

  it("returns from notify() while the receiver hangs, and close() gives up at its deadline", async () => {
    const pending: ServerResponse[] = [];
    const server = createServer((_request, response) => pending.push(response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const sender = new WebhookSender({ url, secret: SECRET, concurrency: 2, retry: FAST_RETRY });
    for (let i = 0; i < 6; i++) sender.notify(event(`h${i}`, "B"));
    await sender.close(300);
    const stats = sender.stats();
    assert.equal(stats.delivered, 0);
    assert.equal(stats.failed, 6);
    assert.equal(stats.queued + stats.inFlight, 0);
    sender.notify(event("late", "A"));
    assert.equal(sender.stats().dropped, 1);
    for (const r of pending) r.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("refuses a non-http URL and an empty secret with a clear message", () => {
    assert.throws(() => new WebhookSender({ url: "ftp://example.com/x", secret: SECRET }), /--webhook must be an http:\/\/ or https:\/\/ URL, got 'ftp:\/\/example.com\/x'/);
    assert.throws(() => new WebhookSender({ url: "not a url", secret: SECRET }), /--webhook must be an http/);
    assert.throws(() => new WebhookSender({ url: "http://127.0.0.1:9/", secret: "" }), /--webhook-secret must be given/);
  });
});

describe("GradeChanges", () => {
  it("forgets the least recently scored id beyond its capacity", () => {
    const changes = new GradeChanges(2);
    assert.deepEqual(changes.observe("a", "A"), { type: "score.created", previousGrade: null });
    assert.deepEqual(changes.observe("b", "B"), { type: "score.created", previousGrade: null });
    assert.equal(changes.observe("a", "A"), null); // a is now the most recent
    assert.deepEqual(changes.observe("c", "C"), { type: "score.created", previousGrade: null }); // evicts b
    assert.equal(changes.size, 2);
    assert.equal(changes.observe("a", "A"), null);
    assert.deepEqual(changes.observe("b", "B"), { type: "score.created", previousGrade: null }); // b was forgotten
    assert.deepEqual(changes.observe("a", "D"), { type: "grade.changed", previousGrade: "A" });
  });
});
