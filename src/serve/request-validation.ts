/**
 * Request validation with zod, keeping every issue with its real path (the stock compiler
 * joins paths with "/", which a column name may contain). The app's error handler turns a
 * RequestValidationError into a 400 listing each offending field as `records.3.age`.
 */
import type { FastifySchemaCompiler } from "fastify";
import { type ZodType, z } from "zod";
import { dottedPath, type FieldProblem } from "./http-error.js";

export const SHOWABLE_NAME = /^[A-Za-z0-9_.-]{1,40}$/;

export class RequestValidationError extends Error {
  readonly issues: readonly z.core.$ZodIssue[];
  /** Set by fastify: "body", "querystring", "params" or "headers". */
  validationContext?: string;
  constructor(issues: readonly z.core.$ZodIssue[]) {
    super("Invalid request.");
    this.name = "RequestValidationError";
    this.issues = issues;
  }

  fields(): FieldProblem[] {
    const prefix = this.validationContext === "querystring" ? "query" : this.validationContext === "params" ? "params" : undefined;
    const fields: FieldProblem[] = [];
    for (const issue of this.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          // A field name is the client's text: echoed only when short and plain, so a secret
          // pasted in the wrong place (an API key is 59 characters) never comes back.
          const shown = SHOWABLE_NAME.test(key) ? key : "(unknown field)";
          fields.push({ path: dottedPath([...issue.path, shown], prefix), message: "unknown field" });
        }
      } else {
        fields.push({ path: dottedPath(issue.path, prefix), message: issue.message.replace(/^Invalid input: /, "") });
      }
    }
    return fields;
  }
}

export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: new RequestValidationError(result.error.issues) };
  };
