/**
 * Monitoring for the dashboard: drift of the recent traffic of a model against its training
 * profile (the `leadscore drift --json` document, computed by the same library call), and
 * outcome coverage with conversion by grade.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { driftReport } from "../../audit/drift.js";
import { LeadscoreError } from "../../core/errors.js";
import type { RawTable } from "../../core/frame.js";
import { fromLeadscoreError, HttpError } from "../http-error.js";
import { checkRecord } from "../record-check.js";
import type { ServiceContext } from "../service-context.js";
import { ErrorResponse } from "./common-schemas.js";

export const DEFAULT_DRIFT_ROWS = 1000;
export const MAX_DRIFT_ROWS = 100_000;

export function registerMonitoringRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const admin = { scope: "admin" as const };

  typed.get(
    "/v1/monitoring/drift",
    {
      config: admin,
      schema: {
        summary: "Drift of the last N scored records against the model's training data",
        tags: ["monitoring"],
        security: [{ bearer: [] }],
        querystring: z.strictObject({
          model: z.string().min(1).max(64).optional().describe("default: the first active model by name"),
          last: z.coerce.number().int().min(1).max(MAX_DRIFT_ROWS).default(DEFAULT_DRIFT_ROWS),
        }),
        response: { 200: z.record(z.string(), z.unknown()), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { last } = request.query;
      const served = request.query.model === undefined ? ctx.registry.defaultModel() : ctx.registry.activeModel(request.query.model);
      if (served === undefined) throw new HttpError("bad_request", "No active model has this name.", [{ path: "query.model", message: "no active model has this name" }]);
      await ctx.writer.flush();
      const rows = await ctx.store.listScores({ model: served.name, limit: last, order: "newest" });
      const header = served.plan.columns.map((c) => c.name);
      const cells: (string | null)[][] = header.map(() => []);
      let used = 0;
      for (const row of rows) {
        let record: unknown;
        try {
          record = JSON.parse(row.record);
        } catch {
          continue;
        }
        if (typeof record !== "object" || record === null || Array.isArray(record)) continue;
        // Checked against the active version: a record an older version took may not fit it.
        const check = checkRecord(served.plan, record as Record<string, unknown>, "record");
        if (!check.ok) continue;
        header.forEach((name, c) => {
          const value = check.cells[name];
          (cells[c] as (string | null)[]).push(value === null || value === undefined ? null : String(value));
        });
        used++;
      }
      if (used === 0) throw new HttpError("not_found", "No scored records of this model to compare yet.");
      const table: RawTable = { source: `recent records of model '${served.name}'`, header, rows: used, cells, lines: Int32Array.from({ length: used }, (_, i) => i + 1) };
      try {
        const report = driftReport(served.model, table, `model '${served.name}' version ${served.version}`);
        return { model: { name: served.name, version: served.version }, last, ...report };
      } catch (error) {
        if (error instanceof LeadscoreError) throw fromLeadscoreError(error, "query.model");
        throw error;
      }
    },
  );

  typed.get(
    "/v1/monitoring/outcomes",
    {
      config: admin,
      schema: {
        summary: "Outcome coverage and conversion by grade",
        tags: ["monitoring"],
        security: [{ bearer: [] }],
        querystring: z.strictObject({ model: z.string().min(1).max(64).optional() }),
        response: {
          200: z.object({
            scored: z.number(),
            withOutcome: z.number(),
            coverage: z.number().nullable(),
            byGrade: z.array(z.object({ grade: z.string(), scored: z.number(), withOutcome: z.number(), converted: z.number(), conversionRate: z.number().nullable() })),
          }),
        },
      },
    },
    async (request) => {
      await ctx.writer.flush();
      const grades = await ctx.store.gradeOutcomes(request.query.model);
      const scored = grades.reduce((sum, g) => sum + g.scored, 0);
      const withOutcome = grades.reduce((sum, g) => sum + g.withOutcome, 0);
      return {
        scored,
        withOutcome,
        coverage: scored > 0 ? withOutcome / scored : null,
        byGrade: grades.map((g) => ({ grade: g.grade, scored: g.scored, withOutcome: g.withOutcome, converted: g.converted, conversionRate: g.withOutcome > 0 ? g.converted / g.withOutcome : null })),
      };
    },
  );
}
