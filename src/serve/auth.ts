/**
 * Bearer-key authentication and scopes, checked in an onRequest hook: before the body is
 * read or validated, so an anonymous or under-privileged caller learns nothing about the
 * payload rules and costs no parsing. A route declares the scope it needs in its config
 * (`config: { scope: "admin" }`); routes without one are public (health, metrics, docs, the
 * dashboard page). Keys are checked by api-keys.ts (hashed, constant time, cached rows).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type KeyVerifier, scopeAllows } from "./api-keys.js";
import { HttpError } from "./http-error.js";
import type { ApiKeyRow, KeyScope } from "./store/store.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The key scope a route needs; absent = public. */
    scope?: KeyScope;
  }
  interface FastifyRequest {
    /** The verified key of an authenticated request. */
    apiKey?: ApiKeyRow;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function registerAuth(app: FastifyInstance, verifier: KeyVerifier): void {
  app.addHook("onRequest", async (request) => {
    const needed = request.routeOptions.config.scope;
    if (needed === undefined) return;
    const key = presentedKey(request);
    if (key === null) throw new HttpError("unauthorized", "Missing API key: send it as 'Authorization: Bearer <key>'.");
    const check = await verifier.verify(key);
    if (!check.ok) {
      throw new HttpError("unauthorized", check.reason === "revoked" ? "This API key was revoked." : "Invalid API key.");
    }
    if (!scopeAllows(check.key.scope, needed)) {
      throw new HttpError("forbidden", `This API key has scope '${check.key.scope}'; this route needs scope '${needed}'.`);
    }
    request.apiKey = check.key;
  });
}

function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== "string") return null;
  const match = BEARER.exec(header);
  return match === null ? null : (match[1] as string);
}

/** The id of the key behind a request (for "uploaded by", "activated by"). */
export function actorOf(request: FastifyRequest): string {
  return request.apiKey?.id ?? "unknown";
}
