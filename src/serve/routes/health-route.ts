/** GET /healthz (200 once the service is ready) and GET /metrics (Prometheus text); no key needed. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServiceContext } from "../service-context.js";

export function registerHealthRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    "/healthz",
    { schema: { summary: "Ready check", tags: ["service"], response: { 200: z.object({ status: z.literal("ok"), models: z.number() }) } } },
    async () => ({ status: "ok" as const, models: ctx.registry.activeNames().length }),
  );
  typed.get("/metrics", { schema: { summary: "Prometheus metrics", tags: ["service"], response: { 200: z.string() } } }, async (_request, reply) => {
    reply.type("text/plain; version=0.0.4; charset=utf-8");
    return ctx.metrics.render();
  });
}
