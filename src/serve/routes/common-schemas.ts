/** Schemas several routes share (for validation and the OpenAPI document). */
import { z } from "zod";

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(["bad_request", "unauthorized", "forbidden", "not_found", "too_large", "rate_limited", "overloaded", "internal"]),
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .describe("every error: no stack, no key, no record content");

/** Model and experiment names: letters, digits, '.', '_' and '-', at most 64. */
export const NameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");

export const NameParams = z.strictObject({ name: NameSchema });
