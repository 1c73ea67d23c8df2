/**
 * POST /v1/score: scores 1..10,000 records with the named model, the experiment's arms, or
 * the default model (the first active model by name, alphabetically). Each record's id is
 * the model's id column, else its `id` field, else a generated uuid. A record that cannot be
 * scored gets `{ id, error }` in its slot and the others are scored. Scores are answered at
 * once and written to the store in batches; shadow arms score after the answer is sent.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { type RequestEvents, requireEventSpec, scoreItemsWithEvents } from "../event-record-scoring.js";
import { armFor } from "../experiments.js";
import { badRequest, HttpError } from "../http-error.js";
import { recordId } from "../record-check.js";
import { isFailed, type RecordItem, type RecordResult, scoreItems } from "../record-scoring.js";
import { checkAsOf, checkEvents, MAX_EVENTS } from "../request-events.js";
import type { ServedModel } from "../served-model.js";
import type { ServiceContext } from "../service-context.js";
import type { ExperimentArm, ExperimentRow, ScoreRow } from "../store/store.js";
import { ErrorResponse } from "./common-schemas.js";

export const MAX_RECORDS = 10_000;
export const DEFAULT_EXPLAIN = 3;

const Reason = z.object({ column: z.string(), text: z.string(), effect: z.number().describe("signed effect in score points") });
const ResultSchema = z.object({
  id: z.string(),
  probability: z.number().optional(),
  score: z.number().optional(),
  grade: z.string().optional(),
  confidence: z.object({ low: z.number(), high: z.number() }).optional(),
  anomaly: z.boolean().optional(),
  reasons: z.array(Reason).readonly().optional(),
  fitScore: z.number().optional().describe("models trained with events: the score from the lead's own columns alone (0-100)"),
  engagementScore: z.number().optional().describe("models trained with events: the score from the behavioural events alone (0-100)"),
  fitReasons: z.array(Reason).readonly().optional(),
  engagementReasons: z.array(Reason).readonly().optional(),
  arm: z.string().optional().describe("the experiment arm that answered"),
  model: z.object({ name: z.string(), version: z.number() }).optional().describe("with an experiment: the arm's model"),
  error: z.object({ message: z.string(), fields: z.array(z.object({ path: z.string(), message: z.string() })).readonly() }).optional(),
});

export function registerScoreRoute(app: FastifyInstance, ctx: ServiceContext): void {
  const body = z.strictObject({
    model: z
      .string()
      .min(1)
      .superRefine((name, issue) => {
        if (ctx.registry.activeModel(name) === undefined) {
          const known = ctx.registry.activeNames();
          issue.addIssue({ code: "custom", message: `no active model has this name${known.length > 0 ? ` (active: ${known.join(", ")})` : " (none is active yet)"}` });
        }
      })
      .optional()
      .describe("model name; default: the experiment's arms, else the first active model by name"),
    records: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_RECORDS),
    explain: z.number().int().min(0).max(10).optional().describe(`reasons per record (default ${DEFAULT_EXPLAIN})`),
    anomaly: z.boolean().optional().describe("also flag records unlike the training data (the model's isolation forest; off by default: it costs ~10 µs a record)"),
    experiment: z
      .string()
      .min(1)
      .superRefine((name, issue) => {
        if (!ctx.experiments.has(name)) issue.addIssue({ code: "custom", message: "no experiment has this name" });
      })
      .optional(),
    events: z
      .array(z.unknown())
      .optional()
      .describe(
        `models trained with events: the records' behavioural events [{ lead_id, timestamp, type, value?, url?, text? }] (at most ${MAX_EVENTS}), joined on the model's id column and aggregated as by score --events; a record without events counts as having none`,
      ),
    asOf: z
      .string()
      .min(1)
      .optional()
      .describe("with events: count only events before this — an ISO date, or the name of the records' field holding each lead's as-of time; default: the model's as-of field, else the latest event + 1 s"),
  });
  app.withTypeProvider<ZodTypeProvider>().post(
    "/v1/score",
    {
      config: { scope: "score" },
      schema: {
        summary: "Score records",
        tags: ["scoring"],
        security: [{ bearer: [] }],
        body,
        response: {
          200: z.object({ model: z.object({ name: z.string(), version: z.number() }), experiment: z.string().optional(), results: z.array(ResultSchema) }),
          400: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { records, experiment: experimentName } = request.body;
      const explain = request.body.explain ?? DEFAULT_EXPLAIN;
      const anomaly = request.body.anomaly === true;
      const scoredAt = ctx.now().toISOString();
      if (experimentName !== undefined) {
        if (request.body.model !== undefined) throw new HttpError("bad_request", "Give either model or experiment, not both.", [{ path: "model", message: "not allowed together with experiment" }]);
        const experiment = ctx.experiments.get(experimentName) as ExperimentRow;
        return scoreExperiment(ctx, experiment, records, explain, anomaly, scoredAt, await requestEvents(request.body.events, request.body.asOf, records));
      }
      const served = request.body.model === undefined ? ctx.registry.defaultModel() : ctx.registry.activeModel(request.body.model);
      if (served === undefined) throw new HttpError("bad_request", "No model is active yet: upload one (POST /v1/models) or start with --models DIR.", [{ path: "model", message: "no active model" }]);
      // A model without events refuses them before they are looked at.
      if (request.body.events !== undefined) requireEventSpec(served);
      const events = await requestEvents(request.body.events, request.body.asOf, records);
      const items = records.map((record, index) => ({ index, id: recordId(served.plan, record) ?? randomUUID(), record }));
      // Requests without events keep the batcher's fast path; with events a request is its own batch.
      const results = events === undefined ? await scoreItems(served, items, explain, ctx.batcher, anomaly) : await scoreItemsWithEvents(served, items, explain, events, anomaly);
      keep(ctx, served, items, results, scoredAt, null, null, false);
      return { model: { name: served.name, version: served.version }, results };
    },
  );
}

/** The request's checked events (a 400 lists every offending field), or undefined without any. */
async function requestEvents(events: readonly unknown[] | undefined, asOf: string | undefined, records: readonly Record<string, unknown>[]): Promise<RequestEvents | undefined> {
  if (events === undefined) {
    if (asOf !== undefined) throw badRequest([{ path: "asOf", message: "applies only together with events" }]);
    return undefined;
  }
  const rows = await checkEvents(events);
  return asOf === undefined || checkAsOf(asOf, records) === undefined ? { rows } : { rows, asOf };
}

function scoreGroup(ctx: ServiceContext, served: ServedModel, items: readonly RecordItem[], explain: number, anomaly: boolean, events: RequestEvents | undefined): Promise<RecordResult[]> {
  return events === undefined ? scoreItems(served, items, explain, ctx.batcher, anomaly) : scoreItemsWithEvents(served, items, explain, events, anomaly);
}

async function scoreExperiment(ctx: ServiceContext, experiment: ExperimentRow, records: readonly Record<string, unknown>[], explain: number, anomaly: boolean, scoredAt: string, events: RequestEvents | undefined) {
  const arms = experiment.arms;
  const models = new Map<string, ServedModel | null>();
  for (const arm of arms) models.set(arm.name, await armModel(ctx, arm));
  // Events need every arm's model to know what to make of them.
  if (events !== undefined) for (const served of models.values()) if (served !== null) requireEventSpec(served);
  const firstModel = [...models.values()].find((m): m is ServedModel => m !== null);
  const items: RecordItem[] = records.map((record, index) => ({ index, id: (firstModel ? recordId(firstModel.plan, record) : null) ?? randomUUID(), record }));
  const byArm = new Map<ExperimentArm, RecordItem[]>();
  const results: (RecordResult & { arm?: string; model?: { name: string; version: number } })[] = new Array(items.length);
  for (const item of items) {
    const arm = armFor(experiment.name, item.id, arms);
    if (arm === null) {
      results[item.index] = { id: item.id, error: { message: `Experiment '${experiment.name}' has no arm taking traffic.`, fields: [] } };
      continue;
    }
    let group = byArm.get(arm);
    if (group === undefined) byArm.set(arm, (group = []));
    group.push(item);
  }
  let answeredBy: ServedModel | undefined;
  const scoring: Promise<void>[] = [];
  for (const [arm, group] of byArm) {
    const served = models.get(arm.name) ?? null;
    if (served === null) {
      for (const item of group) results[item.index] = { id: item.id, arm: arm.name, error: { message: `Arm '${arm.name}': model '${arm.model}' has no ${arm.version === null ? "active version" : `version ${arm.version}`}.`, fields: [] } };
      continue;
    }
    answeredBy ??= served;
    // The arms score side by side (their small requests share the batcher's next tick).
    scoring.push(
      scoreGroup(ctx, served, group, explain, anomaly, events).then((scored) => {
        scored.forEach((result, g) => {
          const item = group[g] as RecordItem;
          results[item.index] = { ...result, arm: arm.name, model: { name: served.name, version: served.version } };
        });
        keep(ctx, served, group, scored, scoredAt, experiment.name, arm.name, false);
      }),
    );
  }
  await Promise.all(scoring);
  const shadows = arms.filter((arm) => arm.shadow);
  if (shadows.length > 0) {
    // After the answer: shadow arms never slow or change what the client gets.
    setImmediate(() => {
      for (const arm of shadows) {
        const served = models.get(arm.name) ?? null;
        if (served === null) continue;
        scoreGroup(ctx, served, items, explain, false, events).then(
          (results) => keep(ctx, served, items, results, scoredAt, experiment.name, arm.name, true),
          () => ctx.metrics.count("shadow_failures_total", "Shadow-arm scoring runs that failed."),
        );
      }
    });
  }
  const top = answeredBy ?? firstModel;
  return { model: { name: top?.name ?? "", version: top?.version ?? 0 }, experiment: experiment.name, results };
}

async function armModel(ctx: ServiceContext, arm: ExperimentArm): Promise<ServedModel | null> {
  if (arm.version === null) return ctx.registry.activeModel(arm.model) ?? null;
  try {
    return await ctx.registry.find(arm.model, arm.version);
  } catch {
    return null;
  }
}

/** Queues the scored records for the store, counts them, and tells the webhook. */
function keep(ctx: ServiceContext, served: ServedModel, items: readonly RecordItem[], results: readonly RecordResult[], scoredAt: string, experiment: string | null, arm: string | null, shadow: boolean): void {
  const rows: ScoreRow[] = [];
  results.forEach((result, i) => {
    if (isFailed(result)) return;
    const item = items[i] as RecordItem;
    rows.push({
      recordId: result.id,
      model: served.name,
      version: served.version,
      experiment,
      arm,
      shadow,
      probability: result.probability,
      score: result.score,
      grade: result.grade,
      reasons: JSON.stringify(result.reasons),
      record: JSON.stringify(item.record),
      scoredAt,
    });
    if (!shadow && ctx.webhook !== null) {
      ctx.webhook.notify({ id: result.id, model: served.name, version: served.version, probability: result.probability, score: result.score, grade: result.grade, reasons: result.reasons, at: scoredAt });
    }
  });
  ctx.writer.add(rows);
  if (shadow) ctx.metrics.count("shadow_scores_total", "Records scored by shadow arms (stored, not answered).", rows.length);
  else {
    ctx.metrics.count("scores_total", "Records scored and answered.", rows.length);
    const failed = results.length - rows.length;
    if (failed > 0) ctx.metrics.count("score_record_errors_total", "Records answered with an error instead of a score.", failed);
  }
}
