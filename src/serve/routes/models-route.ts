/**
 * The model registry over HTTP: list models and versions, one model with its activation
 * history and summary, upload a version (refused with 400 when model.json is corrupted or
 * foreign; the active version keeps serving), and activate a version (a hot swap).
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { LeadscoreError } from "../../core/errors.js";
import { actorOf } from "../auth.js";
import { fromLeadscoreError, HttpError } from "../http-error.js";
import type { ServiceContext } from "../service-context.js";
import type { ActivationRow, StoredModelRow } from "../store/store.js";
import { ErrorResponse, NameParams, NameSchema } from "./common-schemas.js";

const VersionSchema = z.object({
  version: z.number(),
  sha256: z.string(),
  uploadedAt: z.string(),
  uploadedBy: z.string(),
  kind: z.string().nullable(),
  cvAuc: z.number().nullable(),
});
const ModelListing = z.object({ name: z.string(), activeVersion: z.number().nullable(), versions: z.array(VersionSchema) });
const Activation = z.object({ version: z.number(), activatedAt: z.string(), activatedBy: z.string() });

export function registerModelsRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const admin = { scope: "admin" as const };

  typed.get(
    "/v1/models",
    { config: admin, schema: { summary: "List models and their versions", tags: ["models"], security: [{ bearer: [] }], response: { 200: z.object({ models: z.array(ModelListing) }) } } },
    async () => ({ models: await listings(ctx) }),
  );

  typed.get(
    "/v1/models/:name",
    {
      config: admin,
      schema: {
        summary: "One model: versions, activation history and summary",
        tags: ["models"],
        security: [{ bearer: [] }],
        params: NameParams,
        response: { 200: ModelListing.extend({ activations: z.array(Activation), summary: z.record(z.string(), z.unknown()).nullable() }), 404: ErrorResponse },
      },
    },
    async (request) => {
      const { name } = request.params;
      const listing = (await listings(ctx, name))[0];
      if (listing === undefined) throw new HttpError("not_found", "No model has this name.");
      const activations = (await ctx.store.listActivations(name)).map((a) => ({ version: a.version, activatedAt: a.activatedAt, activatedBy: a.activatedBy }));
      const shown = listing.activeVersion ?? listing.versions[listing.versions.length - 1]?.version;
      const summary = shown === undefined ? null : await ctx.registry.summary(name, shown);
      return { ...listing, activations, summary: summary === null ? null : { version: shown, ...summary } };
    },
  );

  typed.post(
    "/v1/models",
    {
      config: admin,
      schema: {
        summary: "Upload a model version (model.json as an object or as text)",
        tags: ["models"],
        security: [{ bearer: [] }],
        body: z.strictObject({ name: NameSchema, model: z.union([z.string().min(1), z.record(z.string(), z.unknown())]) }),
        response: {
          200: z.object({ name: z.string(), version: z.number(), sha256: z.string(), created: z.boolean(), activated: z.boolean() }),
          400: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { name, model } = request.body;
      const text = typeof model === "string" ? model : JSON.stringify(model);
      try {
        const result = await ctx.registry.upload(name, text, actorOf(request));
        return { name, version: result.row.version, sha256: result.row.sha256, created: result.created, activated: result.activated };
      } catch (error) {
        if (error instanceof LeadscoreError) throw fromLeadscoreError(error, "model");
        throw error;
      }
    },
  );

  typed.post(
    "/v1/models/:name/activate",
    {
      config: admin,
      schema: {
        summary: "Activate a version (hot swap: requests in flight finish on the old one)",
        tags: ["models"],
        security: [{ bearer: [] }],
        params: NameParams,
        body: z.strictObject({ version: z.number().int().min(1) }),
        response: { 200: z.object({ name: z.string(), version: z.number(), activatedAt: z.string(), activatedBy: z.string() }), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { name } = request.params;
      const { version } = request.body;
      const exists = await ctx.store.getModel(name, version);
      if (exists === null) throw new HttpError("not_found", "This model has no such version.", [{ path: "version", message: "no such version of this model" }]);
      let activation: ActivationRow;
      try {
        activation = await ctx.registry.activate(name, version, actorOf(request));
      } catch (error) {
        if (error instanceof LeadscoreError) throw fromLeadscoreError(error, "version");
        throw error;
      }
      return { name, version: activation.version, activatedAt: activation.activatedAt, activatedBy: activation.activatedBy };
    },
  );
}

async function listings(ctx: ServiceContext, only?: string): Promise<z.infer<typeof ModelListing>[]> {
  const rows = (await ctx.store.listModels()).filter((row) => only === undefined || row.name === only);
  const byName = new Map<string, StoredModelRow[]>();
  for (const row of rows) {
    let list = byName.get(row.name);
    if (list === undefined) byName.set(row.name, (list = []));
    list.push(row);
  }
  const out: z.infer<typeof ModelListing>[] = [];
  for (const name of [...byName.keys()].sort()) {
    const versions = (byName.get(name) as StoredModelRow[]).sort((a, b) => a.version - b.version);
    const described = [];
    for (const row of versions) {
      const summary = await ctx.registry.summary(name, row.version);
      described.push({ version: row.version, sha256: row.sha256, uploadedAt: row.uploadedAt, uploadedBy: row.uploadedBy, kind: summary?.kind ?? null, cvAuc: summary?.cvAuc ?? null });
    }
    out.push({ name, activeVersion: ctx.registry.activeModel(name)?.version ?? null, versions: described });
  }
  return out;
}
