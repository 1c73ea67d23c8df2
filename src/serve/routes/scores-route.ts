/**
 * GET /v1/scores: the stored scores (answered ones, newest first by default) with their
 * outcome when known, paged, filtered by model, grade or a substring of the record id, for
 * the dashboard's lead list.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServiceContext } from "../service-context.js";
import type { ScoreFilter } from "../store/store.js";
import { ErrorResponse } from "./common-schemas.js";

export function registerScoresRoute(app: FastifyInstance, ctx: ServiceContext): void {
  const Query = z.strictObject({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    order: z.enum(["newest", "score-desc", "score-asc"]).default("newest"),
    grade: z.string().min(1).max(32).optional(),
    search: z.string().max(256).optional(),
    model: z.string().min(1).max(64).optional(),
  });
  const Row = z.object({
    id: z.string(),
    model: z.string(),
    version: z.number(),
    experiment: z.string().nullable(),
    arm: z.string().nullable(),
    probability: z.number(),
    score: z.number(),
    grade: z.string(),
    reasons: z.array(z.object({ column: z.string(), text: z.string(), effect: z.number() })),
    scoredAt: z.string(),
    converted: z.boolean().nullable(),
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    "/v1/scores",
    {
      config: { scope: "admin" },
      schema: {
        summary: "Stored scores, for the lead list",
        tags: ["monitoring"],
        security: [{ bearer: [] }],
        querystring: Query,
        response: { 200: z.object({ total: z.number(), results: z.array(Row) }), 400: ErrorResponse },
      },
    },
    async (request) => {
      const q = request.query;
      const filter: ScoreFilter = {
        ...(q.model !== undefined ? { model: q.model } : {}),
        ...(q.grade !== undefined ? { grade: q.grade } : {}),
        ...(q.search !== undefined && q.search !== "" ? { search: q.search } : {}),
      };
      // Read your writes: scores answered a moment ago are in the list.
      await ctx.writer.flush();
      const [total, rows] = await Promise.all([ctx.store.countScores(filter), ctx.store.listScores({ ...filter, limit: q.limit, offset: q.offset, order: q.order })]);
      return {
        total,
        results: rows.map((row) => ({
          id: row.recordId,
          model: row.model,
          version: row.version,
          experiment: row.experiment,
          arm: row.arm,
          probability: row.probability,
          score: row.score,
          grade: row.grade,
          reasons: parseReasons(row.reasons),
          scoredAt: row.scoredAt,
          converted: row.converted,
        })),
      };
    },
  );
}

function parseReasons(text: string): { column: string; text: string; effect: number }[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as { column: string; text: string; effect: number }[]) : [];
  } catch {
    return [];
  }
}
