/**
 * The scoring service as a fastify instance (SPEC §8): routes, validation, auth, limits,
 * metrics, OpenAPI at /docs and the dashboard at /. `buildApp` takes an opened store and
 * owns it from then on: `close()` stops accepting requests, lets those in flight finish,
 * writes the buffered scores, drains the webhook and closes the store, in that order.
 *
 * Request life cycle, cheapest checks first: overload (in-flight counter) → API key and scope
 * (onRequest, before any body is read) → per-key rate limit (preParsing) → body size and
 * JSON → zod validation (every offending field listed) → handler.
 */
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { LIBRARY_VERSION } from "../version.js";
import { KeyVerifier } from "./api-keys.js";
import { registerAuth } from "./auth.js";
import { badRequest, HttpError } from "./http-error.js";
import { Metrics } from "./metrics.js";
import { ModelRegistry } from "./model-registry.js";
import { DEFAULT_MAX_INFLIGHT, InflightLimiter } from "./overload.js";
import { RequestValidationError, zodValidatorCompiler } from "./request-validation.js";
import { dashboardRoutes } from "./routes/dashboard-route.js";
import { registerExperimentsRoutes } from "./routes/experiments-route.js";
import { registerHealthRoutes } from "./routes/health-route.js";
import { registerModelsRoutes } from "./routes/models-route.js";
import { registerMonitoringRoutes } from "./routes/monitoring-route.js";
import { registerOutcomesRoute } from "./routes/outcomes-route.js";
import { registerScoreRoute } from "./routes/score-route.js";
import { registerScoresRoute } from "./routes/scores-route.js";
import { ScoreBatcher } from "./score-batcher.js";
import { ScoreWriter } from "./score-writer.js";
import type { ServiceContext } from "./service-context.js";
import type { ExperimentRow, Store } from "./store/store.js";
import { WebhookSender } from "./webhook.js";
import { SqliteStore } from "./store/sqlite-store.js";

/** Requests per second one key may make by default: well above the 20,000/s one key must be able to drive. */
export const DEFAULT_RATE_LIMIT = 50_000;
/** Largest request body: 10,000 records of ~800 bytes each fit; a 10 MB body does not. */
export const DEFAULT_BODY_LIMIT = 8 * 1024 * 1024;

export interface AppOptions {
  /** An opened, migrated store; the app closes it in `close()`. */
  readonly store: Store;
  /** `--models DIR`: imported (and activated where a name has no active version) at start. */
  readonly modelsDir?: string;
  /** Requests per second per key (`--rate-limit`). */
  readonly rateLimit?: number;
  /** Requests worked on at once before answering 503 (`--max-inflight`). */
  readonly maxInflight?: number;
  readonly bodyLimit?: number;
  readonly webhook?: { readonly url: string; readonly secret: string } | WebhookSender;
  /** Score writer batching (tests shorten it). */
  readonly flushMs?: number;
  /**
   * How often activations and experiments are re-read from the store, so that replicas on
   * one PostgreSQL follow each other's changes (ms; 0 never).
   */
  readonly syncMs?: number;
  /** Where one-line operational messages go (never keys, record content or stacks); stderr by default. */
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
}

export interface BuiltApp {
  readonly app: FastifyInstance;
  readonly context: ServiceContext;
  /** Graceful stop: no new requests, in-flight ones finish, scores flushed, store closed. */
  close(): Promise<void>;
}

/**
 * Security headers of JSON answers (what helmet would send, minus what only matters to
 * pages): nothing may be sniffed, framed, cached or run as a document.
 */
const API_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "cross-origin-resource-policy": "same-origin",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
} as const;

/** Paths that are never shed, throttled or authenticated. */
function isOperational(url: string): boolean {
  return url === "/healthz" || url === "/metrics" || url.startsWith("/healthz?") || url.startsWith("/metrics?");
}

const DEFAULT_SYNC_MS = 5000;

/** Picks up what other replicas changed in the shared store: activations and experiments. */
async function syncShared(context: ServiceContext): Promise<void> {
  await context.registry.refresh();
  for (const experiment of await context.store.listExperiments()) context.experiments.set(experiment.name, experiment);
}

export async function buildApp(options: AppOptions): Promise<BuiltApp> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const store = options.store;
  // a serving SQLite file checkpoints its WAL in a worker thread, never inside a request
  if (store instanceof SqliteStore) store.checkpointInBackground();
  const metrics = new Metrics();
  const registry = new ModelRegistry(store, now);
  await registry.load();
  if (options.modelsDir !== undefined) await registry.importDir(options.modelsDir);
  const experiments = new Map<string, ExperimentRow>((await store.listExperiments()).map((e) => [e.name, e]));
  const writer = new ScoreWriter(store, {
    ...(options.flushMs !== undefined ? { flushMs: options.flushMs } : {}),
    onError: (_error, rows) => log(`leadscore serve: could not store ${rows} scores (database error); see leadscore_score_rows{state="failed"}.`),
  });
  const webhook = options.webhook === undefined ? null : options.webhook instanceof WebhookSender ? options.webhook : new WebhookSender(options.webhook);
  const batcher = new ScoreBatcher();
  const context: ServiceContext = { store, registry, writer, batcher, metrics, experiments, webhook, now };

  const app = Fastify({
    // No request logging at all: URLs, headers and bodies can hold keys and record content.
    logger: false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // The in-flight limiter answers requests that arrive while closing (with our error body).
    return503OnClosing: false,
    forceCloseConnections: "idle",
    // Router errors (a malformed URL, a path segment over 100 characters) get the same body as the rest.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const http = error.code === "FST_ERR_MAX_PARAM_LENGTH" ? new HttpError("bad_request", "A path segment is too long.") : toHttpError(error, options.bodyLimit ?? DEFAULT_BODY_LIMIT);
      void reply.status(http.status).send(http.body());
    },
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  // Response schemas document the API; answers are our own plain objects, so no per-response re-validation.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // First, so that refusals (503, 401, 403) carry them too.
  app.addHook("onRequest", (request, reply, done) => {
    if (request.routeOptions.config.scope !== undefined || isOperational(request.url)) reply.headers(API_HEADERS);
    done();
  });
  const limiter = new InflightLimiter(options.maxInflight ?? DEFAULT_MAX_INFLIGHT);
  limiter.register(app, isOperational);
  registerAuth(app, new KeyVerifier(store));
  registerMetricsHooks(app, context);
  registerGauges(context, limiter);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const http = toHttpError(error, options.bodyLimit ?? DEFAULT_BODY_LIMIT);
    if (http.code === "internal") {
      // The route and the error's class only: messages can quote record values.
      log(`leadscore serve: internal error in ${request.method} ${request.routeOptions.url ?? "(no route)"} (${error.name || "Error"})`);
      metrics.count("internal_errors_total", "Requests that failed with an internal error.");
    }
    if (http.code === "rate_limited") metrics.count("rate_limited_total", "Requests refused by the per-key rate limit.");
    if (http.code === "overloaded") metrics.count("overloaded_total", "Requests shed because too many were in flight.");
    void reply.status(http.status).send(http.body());
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send(new HttpError("not_found", "No such route; see /docs.").body());
  });

  await app.register(fastifyRateLimit, {
    global: true,
    max: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    timeWindow: 1000,
    // After auth: the limit is per key, and anonymous requests were already refused.
    hook: "preParsing",
    keyGenerator: (request) => request.apiKey?.id ?? "anonymous",
    // Public routes (health, metrics, docs, dashboard) are never throttled.
    allowList: (request) => request.apiKey === undefined,
    errorResponseBuilder: (_request, context) => new HttpError("rate_limited", `Rate limit of ${context.max} requests per second for this key exceeded; retry in ${context.after}.`),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: "leadscore", description: "Lead scoring and credit scoring service (SPEC §8).", version: LIBRARY_VERSION },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "API key: ls_<id>_<secret>" } } },
    },
    transform: jsonSchemaTransform,
  });

  registerHealthRoutes(app, context);
  registerScoreRoute(app, context);
  registerOutcomesRoute(app, context);
  registerModelsRoutes(app, context);
  registerExperimentsRoutes(app, context);
  registerScoresRoute(app, context);
  registerMonitoringRoutes(app, context);
  // Pages a browser renders (dashboard, API docs) get helmet's full set of headers with a
  // strict Content-Security-Policy; helmet rebuilds its middleware on every request, so it
  // is kept to these routes, and the JSON API gets a fixed set of headers (apiHeaders).
  await app.register(async (pages) => {
    await pages.register(fastifyHelmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          // Served over plain HTTP on loopback by default: upgrading would break the page.
          upgradeInsecureRequests: null,
        },
      },
    });
    await pages.register(fastifySwaggerUi, { routePrefix: "/docs" });
    await dashboardRoutes(pages);
  });
  await app.ready();

  const syncMs = options.syncMs ?? DEFAULT_SYNC_MS;
  const sync = syncMs > 0 ? setInterval(() => void syncShared(context).catch(() => log("leadscore serve: could not re-read activations and experiments (database error).")), syncMs) : null;
  sync?.unref();

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      if (sync !== null) clearInterval(sync);
      limiter.startClosing();
      await app.close();
      await writer.close();
      if (webhook !== null) await webhook.close();
      await store.close();
    })();
    return closing;
  };
  return { app, context, close };
}

function registerMetricsHooks(app: FastifyInstance, ctx: ServiceContext): void {
  app.addHook("onResponse", (request, reply, done) => {
    ctx.metrics.observeRequest(request.method, request.routeOptions.url ?? "unmatched", reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

function registerGauges(ctx: ServiceContext, limiter: InflightLimiter): void {
  const { metrics, registry, writer, webhook } = ctx;
  metrics.gauge("inflight_requests", "Requests being worked on.", () => [{ value: limiter.inflight }]);
  metrics.gauge("active_model_version", "Active version of each model.", () =>
    registry.activeNames().map((name) => ({ labels: { model: name }, value: registry.activeModel(name)?.version ?? 0 })),
  );
  metrics.gauge("score_rows", "Score rows by state in the batched writer (pending, written, failed, dropped).", () => {
    const s = writer.stats();
    return [
      { labels: { state: "pending" }, value: s.pending },
      { labels: { state: "written" }, value: s.written },
      { labels: { state: "failed" }, value: s.failed },
      { labels: { state: "dropped" }, value: s.dropped },
    ];
  });
  metrics.gauge("score_batcher", "Small score requests merged per library call: requests queued and calls made.", () => {
    const s = ctx.batcher.stats();
    return [
      { labels: { count: "requests" }, value: s.requests },
      { labels: { count: "calls" }, value: s.calls },
    ];
  });
  if (webhook !== null) {
    metrics.gauge("webhook_events", "Webhook events by state.", () => {
      const s = webhook.stats();
      return Object.entries(s).map(([state, value]) => ({ labels: { state }, value }));
    });
  }
}

/** Every error a request can meet, as the contract's status and body. */
function toHttpError(error: FastifyError, bodyLimit: number): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof RequestValidationError) return badRequest(error.fields());
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new HttpError("too_large", `The request body is larger than the limit of ${bodyLimit} bytes.`);
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return badRequest([{ path: "(body)", message: "not valid JSON" }], "The request body is not valid JSON.");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return badRequest([{ path: "(body)", message: "empty; expected a JSON object" }], "The request body is empty; expected a JSON object.");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return badRequest([{ path: "(body)", message: "expected Content-Type: application/json" }], "Send the body as JSON (Content-Type: application/json).");
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return new HttpError("too_large", `The request body is larger than the limit of ${bodyLimit} bytes.`);
  if (status === 404) return new HttpError("not_found", "Not found.");
  if (status === 429) return new HttpError("rate_limited", "Rate limit exceeded.");
  if (status === 503) return new HttpError("overloaded", "The service is unavailable (starting or stopping); retry shortly.");
  if (status >= 400 && status < 500) return new HttpError("bad_request", "Bad request.");
  return new HttpError("internal", "Internal error.");
}
