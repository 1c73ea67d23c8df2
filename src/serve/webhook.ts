/**
 * The CRM hook (`serve --webhook URL --webhook-secret S`): posts a signed JSON event when a
 * record is scored for the first time since the service started, or when its grade changed.
 *
 * The score route calls `notify()` for every answered result; it only decides and enqueues,
 * so a slow or dead receiver never slows scoring. Delivery runs in the background with a few
 * concurrent posts, retries transient failures (network errors, timeouts, 408, 429, 5xx) with
 * exponential backoff, and gives up on other 4xx at once. The queue is bounded: when full,
 * the oldest waiting event is dropped and counted, because a CRM wants the latest grade.
 *
 * Each request carries `X-Leadscore-Signature: sha256=<hex HMAC-SHA256 of the raw body>` and
 * `X-Leadscore-Timestamp` (unix seconds at sending); the body's `at` says when it was scored.
 */
import { createHmac, randomUUID } from "node:crypto";
import { LeadscoreError } from "../core/errors.js";
import { LIBRARY_VERSION } from "../version.js";

export interface WebhookReason {
  readonly column: string;
  readonly text: string;
  readonly effect: number;
}

/** One answered score, as the score route hands it over. */
export interface ScoreEvent {
  readonly id: string;
  readonly model: string;
  readonly version: number;
  readonly probability: number;
  readonly score: number;
  readonly grade: string;
  readonly reasons: readonly WebhookReason[];
  /** When it was scored (ISO 8601); the time of `notify()` when absent. */
  readonly at?: string;
}

/** The JSON body posted to the receiver. */
export interface WebhookPayload {
  readonly type: "score.created" | "grade.changed";
  readonly id: string;
  readonly model: string;
  readonly version: number;
  readonly probability: number;
  readonly score: number;
  readonly grade: string;
  /** null for `score.created`. */
  readonly previousGrade: string | null;
  readonly reasons: readonly WebhookReason[];
  readonly at: string;
}

export interface WebhookRetry {
  /** Tries per event, the first included (default 5). */
  readonly attempts: number;
  /** Delay before the second try; doubled before each further one (default 250 ms). */
  readonly baseDelayMs: number;
  /** Longest delay between tries (default 10 s). */
  readonly maxDelayMs: number;
}

export interface WebhookOptions {
  readonly url: string;
  readonly secret: string;
  /** Events waiting to be sent; beyond it the oldest is dropped (default 10,000). */
  readonly maxQueue?: number;
  /** Posts in flight at once (default 4). */
  readonly concurrency?: number;
  /** Per-request timeout (default 5 s). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<WebhookRetry>;
  /** Record ids whose last grade is remembered; the least recently scored are forgotten (default 100,000). */
  readonly maxTrackedRecords?: number;
  /** For tests or a custom agent; the global fetch by default. */
  readonly fetchImpl?: typeof fetch;
}

export interface WebhookStats {
  /** Events waiting to be sent. */
  readonly queued: number;
  readonly inFlight: number;
  /** Answered 2xx. */
  readonly delivered: number;
  /** Given up on after the last try, a refused request, or unsent at the close deadline. */
  readonly failed: number;
  /** Pushed out of a full queue, or notified after close(). */
  readonly dropped: number;
  /** Tries beyond the first. */
  readonly retries: number;
}

export const SIGNATURE_HEADER = "x-leadscore-signature";
export const TIMESTAMP_HEADER = "x-leadscore-timestamp";
export const DELIVERY_HEADER = "x-leadscore-delivery";

const DEFAULT_RETRY: WebhookRetry = { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000 };

/** `sha256=<hex>`: the HMAC-SHA256 of the exact body bytes, keyed with the shared secret. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/**
 * Decides which scores are news for the CRM: the first one of a record id since start, or
 * one whose grade differs from the last seen. Remembers a bounded number of ids (a Map kept
 * in least-recently-scored order, so the oldest entry is the first key).
 */
export class GradeChanges {
  private readonly lastGrade = new Map<string, string>();
  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new LeadscoreError("usage", `The webhook's tracked-record capacity must be a positive integer, got ${capacity}.`);
  }

  /** Records `grade` for `id`; returns the event type to send, or null when nothing changed. */
  observe(id: string, grade: string): { type: WebhookPayload["type"]; previousGrade: string | null } | null {
    const previous = this.lastGrade.get(id);
    if (previous !== undefined) this.lastGrade.delete(id);
    this.lastGrade.set(id, grade);
    if (this.lastGrade.size > this.capacity) {
      const oldest = this.lastGrade.keys().next().value as string;
      this.lastGrade.delete(oldest);
    }
    if (previous === undefined) return { type: "score.created", previousGrade: null };
    return previous === grade ? null : { type: "grade.changed", previousGrade: previous };
  }

  get size(): number {
    return this.lastGrade.size;
  }
}

interface Delivery {
  readonly id: string;
  readonly body: string;
}

export class WebhookSender {
  private readonly url: string;
  private readonly secret: string;
  private readonly maxQueue: number;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly retry: WebhookRetry;
  private readonly fetchImpl: typeof fetch;
  private readonly changes: GradeChanges;
  private readonly queue: Delivery[] = [];
  /** Index of the next event to send in `queue` (a cheap FIFO without shift()). */
  private head = 0;
  private active = 0;
  private pumpScheduled = false;
  private closing = false;
  /** Aborts in-flight posts and backoff waits when the close deadline passes. */
  private readonly abort = new AbortController();
  private drained: (() => void) | undefined;
  private counts = { delivered: 0, failed: 0, dropped: 0, retries: 0 };

  constructor(options: WebhookOptions) {
    this.url = checkUrl(options.url);
    if (typeof options.secret !== "string" || options.secret.length === 0) {
      throw new LeadscoreError("usage", "--webhook-secret must be given with --webhook: the receiver checks each post's HMAC signature with it.", { field: "webhook-secret" });
    }
    this.secret = options.secret;
    this.maxQueue = positiveInteger(options.maxQueue ?? 10_000, "maxQueue");
    this.concurrency = positiveInteger(options.concurrency ?? 4, "concurrency");
    this.timeoutMs = positiveInteger(options.timeoutMs ?? 5_000, "timeoutMs");
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    positiveInteger(this.retry.attempts, "retry.attempts");
    this.changes = new GradeChanges(options.maxTrackedRecords ?? 100_000);
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  /** Never blocks and never throws for delivery problems: decides, enqueues, returns. */
  notify(event: ScoreEvent): void {
    const change = this.changes.observe(event.id, event.grade);
    if (change === null) return;
    if (this.closing) {
      this.counts.dropped++;
      return;
    }
    const payload: WebhookPayload = {
      type: change.type,
      id: event.id,
      model: event.model,
      version: event.version,
      probability: event.probability,
      score: event.score,
      grade: event.grade,
      previousGrade: change.previousGrade,
      reasons: event.reasons.map((r) => ({ column: r.column, text: r.text, effect: r.effect })),
      at: event.at ?? new Date().toISOString(),
    };
    this.queue.push({ id: randomUUID(), body: JSON.stringify(payload) });
    if (this.queue.length - this.head > this.maxQueue) {
      this.head++;
      this.counts.dropped++;
    }
    this.compact();
    this.schedulePump();
  }

  stats(): WebhookStats {
    return { queued: this.queue.length - this.head, inFlight: this.active, ...this.counts };
  }

  /**
   * Stops taking events and sends what is queued, retries included, until `deadlineMs`
   * (default 5 s); then aborts what is left and counts it as failed.
   */
  async close(deadlineMs = 5_000): Promise<void> {
    this.closing = true;
    if (this.idle()) return;
    const done = new Promise<void>((resolve) => {
      this.drained = resolve;
    });
    this.schedulePump();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    });
    await Promise.race([done, deadline]);
    clearTimeout(timer);
    if (this.idle()) return;
    const unsent = this.queue.length - this.head;
    this.counts.failed += unsent;
    this.queue.length = 0;
    this.head = 0;
    this.abort.abort();
    await done;
  }

  private idle(): boolean {
    return this.active === 0 && this.queue.length === this.head;
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // Later, not now: the score route's answer goes out before any webhook work starts.
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.active < this.concurrency && this.head < this.queue.length) {
      const delivery = this.queue[this.head] as Delivery;
      this.head++;
      this.active++;
      void this.deliver(delivery).then((ok) => {
        this.active--;
        if (ok) this.counts.delivered++;
        else this.counts.failed++;
        this.compact();
        if (this.idle()) this.drained?.();
        else this.pump();
      });
    }
  }

  /** Drops sent entries from the front once they are half the array. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    } else if (this.head === this.queue.length && this.head > 0) {
      this.queue.length = 0;
      this.head = 0;
    }
  }

  private async deliver(delivery: Delivery): Promise<boolean> {
    const signature = signWebhookBody(delivery.body, this.secret);
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (attempt > 1) {
        this.counts.retries++;
        const delay = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 2));
        if (!(await this.wait(delay))) return false;
      }
      const outcome = await this.post(delivery, signature);
      if (outcome === "ok") return true;
      if (outcome === "give-up") return false;
    }
    return false;
  }

  private async post(delivery: Delivery, signature: string): Promise<"ok" | "retry" | "give-up"> {
    if (this.abort.signal.aborted) return "give-up";
    try {
      const response = await this.fetchImpl(this.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": `leadscore/${LIBRARY_VERSION}`,
          [SIGNATURE_HEADER]: signature,
          [TIMESTAMP_HEADER]: String(Math.floor(Date.now() / 1000)),
          [DELIVERY_HEADER]: delivery.id,
        },
        body: delivery.body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      // The body is not needed; reading it frees the connection for reuse.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return "ok";
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      return retryable ? "retry" : "give-up";
    } catch {
      return this.abort.signal.aborted ? "give-up" : "retry";
    }
  }

  /** Resolves true after `ms`, or false at once when the close deadline aborts the wait. */
  private wait(ms: number): Promise<boolean> {
    if (this.abort.signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.abort.signal.removeEventListener("abort", onAbort);
        resolve(true);
      }, ms);
      // A pending retry alone does not keep the process alive; close() holds it open while draining.
      timer.unref();
      this.abort.signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LeadscoreError("usage", `--webhook must be an http:// or https:// URL, got '${url}'.`, { field: "webhook" });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new LeadscoreError("usage", `--webhook must be an http:// or https:// URL, got '${url}'.`, { field: "webhook" });
  }
  return parsed.href;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new LeadscoreError("usage", `Webhook option ${name} must be a positive integer, got ${value}.`, { field: name });
  return value;
}
