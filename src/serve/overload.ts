/**
 * Load shedding: at most `maxInflight` requests are being worked on at once; one more is
 * answered 503 `overloaded` at once instead of joining a queue that could grow without bound
 * (and with it memory and every client's latency). Health and metrics are exempt so an
 * overloaded service can still be watched. While the service shuts down, requests that still
 * arrive on open connections are answered 503 too (with the contract's error body).
 */
import type { FastifyInstance } from "fastify";
import { HttpError } from "./http-error.js";

export const DEFAULT_MAX_INFLIGHT = 256;

export class InflightLimiter {
  readonly max: number;
  private current = 0;
  private shed = 0;
  private closing = false;

  constructor(max: number) {
    this.max = max;
  }

  get inflight(): number {
    return this.current;
  }

  get rejected(): number {
    return this.shed;
  }

  /** From now on every new request (health included, so balancers notice) is answered 503. */
  startClosing(): void {
    this.closing = true;
  }

  /** Registers the counting hook (first onRequest hook, before auth and body parsing). */
  register(app: FastifyInstance, exempt: (url: string) => boolean): void {
    app.addHook("onRequest", (request, reply, done) => {
      if (this.closing) {
        reply.header("connection", "close");
        return done(new HttpError("overloaded", "The service is shutting down; retry shortly."));
      }
      if (exempt(request.url)) return done();
      if (this.current >= this.max) {
        this.shed++;
        return done(new HttpError("overloaded", "The service is at capacity; retry shortly."));
      }
      this.current++;
      // 'close' fires once per response, finished or aborted, so the count cannot leak.
      reply.raw.once("close", () => {
        this.current--;
      });
      done();
    });
    // Answers sent while closing end their keep-alive connection, so the server's close does
    // not wait for clients' idle sockets to time out.
    app.addHook("onSend", (_request, reply, payload, done) => {
      if (this.closing) reply.header("connection", "close");
      done(null, payload);
    });
  }
}
