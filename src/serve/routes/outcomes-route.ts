/**
 * POST /v1/outcomes: outcomes that arrive after scoring (converted or not), for monitoring,
 * experiments and retraining. Ids need not have been scored. The answer `{ stored }` is sent
 * only after the store committed the rows durably, so an acknowledged outcome survives a
 * crash of the service.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { OutcomeRow } from "../store/store.js";
import type { ServiceContext } from "../service-context.js";
import { ErrorResponse } from "./common-schemas.js";

export const MAX_OUTCOMES = 10_000;

export function registerOutcomesRoute(app: FastifyInstance, ctx: ServiceContext): void {
  const Outcome = z.strictObject({
    id: z.string().min(1).max(256),
    converted: z.boolean(),
    at: z.iso.datetime({ offset: true }).optional().describe("when it happened (ISO 8601); default: when it was received"),
  });
  app.withTypeProvider<ZodTypeProvider>().post(
    "/v1/outcomes",
    {
      config: { scope: "score" },
      schema: {
        summary: "Record outcomes (durable before the answer)",
        tags: ["scoring"],
        security: [{ bearer: [] }],
        body: z.strictObject({ outcomes: z.array(Outcome).min(1).max(MAX_OUTCOMES) }),
        response: { 200: z.object({ stored: z.number() }), 400: ErrorResponse },
      },
    },
    async (request) => {
      const receivedAt = ctx.now().toISOString();
      const rows: OutcomeRow[] = request.body.outcomes.map((o) => ({ recordId: o.id, converted: o.converted, at: o.at === undefined ? receivedAt : new Date(o.at).toISOString(), receivedAt }));
      await ctx.store.insertOutcomes(rows);
      ctx.metrics.count("outcomes_total", "Outcomes stored.", rows.length);
      return { stored: rows.length };
    },
  );
}
