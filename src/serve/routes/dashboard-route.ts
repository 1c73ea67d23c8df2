/**
 * GET / (the dashboard page) and GET /dashboard/<asset> (its script and stylesheet). No key
 * is needed for these files: they hold no data. The page asks the user for an admin key and
 * sends it with each API call it makes.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { DASHBOARD_HTML, DASHBOARD_SCRIPT_PATH, DASHBOARD_STYLE_PATH } from "../dashboard/dashboard-page.js";
import { DASHBOARD_SCRIPT } from "../dashboard/dashboard-script.js";
import { DASHBOARD_STYLE } from "../dashboard/dashboard-style.js";

interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

function staticFile(text: string, type: string): StaticFile {
  const body = Buffer.from(text, "utf8");
  return { body, type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
}

const FILES = new Map<string, StaticFile>([
  ["/", staticFile(DASHBOARD_HTML, "text/html; charset=utf-8")],
  [DASHBOARD_SCRIPT_PATH, staticFile(DASHBOARD_SCRIPT, "text/javascript; charset=utf-8")],
  [DASHBOARD_STYLE_PATH, staticFile(DASHBOARD_STYLE, "text/css; charset=utf-8")],
]);

/** Registers the dashboard's routes; kept out of the OpenAPI document (`hide`). */
export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  for (const [path, file] of FILES) {
    app.get(path, { schema: { hide: true } }, async (request, reply) => {
      // Revalidated on every load (no-cache), answered 304 when unchanged.
      reply.header("cache-control", "no-cache").header("etag", file.etag).header("x-content-type-options", "nosniff");
      if (request.headers["if-none-match"] === file.etag) return reply.code(304).send();
      return reply.type(file.type).send(file.body);
    });
  }
}
