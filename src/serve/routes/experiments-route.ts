/**
 * Champion/challenger experiments: PUT defines (or redefines) the arms, GET reports results
 * per arm (scored, outcomes, conversion rate with its Wilson interval, AUC) and a chi-square
 * test across the answering arms. Score requests name the experiment in their `experiment`
 * field; see experiments.ts for how an arm is chosen.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { experimentResults } from "../experiments.js";
import { badRequest, type FieldProblem, HttpError } from "../http-error.js";
import type { ServiceContext } from "../service-context.js";
import type { ExperimentArm, ExperimentRow } from "../store/store.js";
import { ErrorResponse, NameParams, NameSchema } from "./common-schemas.js";

const ArmInput = z.strictObject({
  name: NameSchema,
  model: NameSchema,
  version: z.number().int().min(1).optional().describe("a fixed version; default: the model's active version at request time"),
  weight: z.number().min(0).max(1_000_000).describe("share of traffic (relative to the other answering arms); shadow arms take none"),
  shadow: z.boolean().optional(),
});

const Proportion = z.object({ value: z.number(), low: z.number(), high: z.number() });
const ArmResult = z.object({
  name: z.string(),
  model: z.string(),
  version: z.number().nullable(),
  weight: z.number(),
  shadow: z.boolean(),
  scored: z.number(),
  outcomes: z.number(),
  converted: z.number(),
  conversionRate: Proportion.nullable(),
  auc: z.number().nullable(),
});
const TestSchema = z.object({ name: z.string(), statistic: z.number(), degreesOfFreedom: z.number(), pValue: z.number() }).nullable();

export function registerExperimentsRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const admin = { scope: "admin" as const };

  typed.put(
    "/v1/experiments/:name",
    {
      config: admin,
      schema: {
        summary: "Define an experiment's arms",
        tags: ["experiments"],
        security: [{ bearer: [] }],
        params: NameParams,
        body: z.strictObject({ arms: z.array(ArmInput).min(1).max(20) }),
        response: {
          200: z.object({
            name: z.string(),
            arms: z.array(z.object({ name: z.string(), model: z.string(), version: z.number().nullable(), weight: z.number(), shadow: z.boolean() })).readonly(),
            createdAt: z.string(),
            updatedAt: z.string(),
          }),
          400: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { name } = request.params;
      const arms: ExperimentArm[] = request.body.arms.map((a) => ({ name: a.name, model: a.model, version: a.version ?? null, weight: a.shadow === true ? 0 : a.weight, shadow: a.shadow === true }));
      await checkArms(ctx, arms);
      const now = ctx.now().toISOString();
      const previous = ctx.experiments.get(name) ?? (await ctx.store.getExperiment(name));
      const experiment: ExperimentRow = { name, arms, createdAt: previous?.createdAt ?? now, updatedAt: now };
      await ctx.store.putExperiment(experiment);
      ctx.experiments.set(name, experiment);
      return experiment;
    },
  );

  typed.get(
    "/v1/experiments/:name",
    {
      config: admin,
      schema: {
        summary: "Results per arm",
        tags: ["experiments"],
        security: [{ bearer: [] }],
        params: NameParams,
        response: { 200: z.object({ name: z.string(), arms: z.array(ArmResult).readonly(), test: TestSchema }), 404: ErrorResponse },
      },
    },
    async (request) => {
      const experiment = await findExperiment(ctx, request.params.name);
      await ctx.writer.flush();
      const results = experimentResults(experiment, await ctx.store.experimentScores(experiment.name));
      return { ...results, createdAt: experiment.createdAt, updatedAt: experiment.updatedAt };
    },
  );

  typed.get(
    "/v1/experiments",
    {
      config: admin,
      schema: { summary: "Every experiment with results per arm", tags: ["experiments"], security: [{ bearer: [] }], response: { 200: z.object({ experiments: z.array(z.object({ name: z.string(), arms: z.array(ArmResult).readonly() })) }) } },
    },
    async () => {
      await ctx.writer.flush();
      const experiments = await ctx.store.listExperiments();
      const out = [];
      for (const experiment of experiments.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        ctx.experiments.set(experiment.name, experiment);
        const { name, arms } = experimentResults(experiment, await ctx.store.experimentScores(experiment.name));
        out.push({ name, arms, createdAt: experiment.createdAt, updatedAt: experiment.updatedAt });
      }
      return { experiments: out };
    },
  );
}

async function findExperiment(ctx: ServiceContext, name: string): Promise<ExperimentRow> {
  const experiment = ctx.experiments.get(name) ?? (await ctx.store.getExperiment(name));
  if (experiment === null) throw new HttpError("not_found", "No experiment has this name.");
  ctx.experiments.set(name, experiment);
  return experiment;
}

/** Arm names unique, some arm taking traffic, every model (and fixed version) known. */
async function checkArms(ctx: ServiceContext, arms: readonly ExperimentArm[]): Promise<void> {
  const fields: FieldProblem[] = [];
  const seen = new Set<string>();
  const stored = await ctx.store.listModels();
  arms.forEach((arm, i) => {
    if (seen.has(arm.name)) fields.push({ path: `arms.${i}.name`, message: "another arm has this name" });
    seen.add(arm.name);
    const versions = stored.filter((row) => row.name === arm.model);
    if (versions.length === 0) fields.push({ path: `arms.${i}.model`, message: "no model has this name" });
    else if (arm.version !== null && !versions.some((row) => row.version === arm.version)) fields.push({ path: `arms.${i}.version`, message: "this model has no such version" });
    else if (arm.version === null && ctx.registry.activeModel(arm.model) === undefined) fields.push({ path: `arms.${i}.model`, message: "this model has no active version; give a version" });
  });
  if (!arms.some((arm) => !arm.shadow && arm.weight > 0)) fields.push({ path: "arms", message: "at least one arm that is not a shadow needs a weight above 0" });
  if (fields.length > 0) throw badRequest(fields);
}
