/**
 * `leadscore serve`: the HTTP scoring service and dashboard (SPEC §8). Prints
 * `listening on http://host:port` once ready; SIGTERM or SIGINT stops it gracefully (no new
 * requests, in-flight ones finish, buffered scores written, store closed), a second signal
 * stops it at once.
 */
import type { Command } from "commander";
import { LeadscoreError } from "../core/errors.js";
import { buildApp, DEFAULT_BODY_LIMIT, DEFAULT_RATE_LIMIT } from "../serve/app.js";
import { DEFAULT_MAX_INFLIGHT } from "../serve/overload.js";
import { openStore } from "../serve/store/open-store.js";
import { parseInteger } from "./flags.js";

/** Longest graceful stop before the process exits anyway. */
const CLOSE_DEADLINE_MS = 30_000;

interface ServeFlags {
  port: number;
  host: string;
  models?: string;
  db?: string;
  rateLimit: number;
  webhook?: string;
  webhookSecret?: string;
  maxInflight: number;
  bodyLimit: number;
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("start the HTTP scoring service and its dashboard")
    .option("--port <n>", "port to listen on (0 picks a free one)", parsePort, 8080)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--models <dir>", "import every <dir>/<name>/model.json as model <name> (activated when <name> has no active version)")
    .option("--db <file|url>", "SQLite file (default ./leadscore.db) or postgres://user@host:port/database")
    .option("--rate-limit <n>", "requests per second per API key", parseInteger("--rate-limit", 1), DEFAULT_RATE_LIMIT)
    .option("--webhook <url>", "POST each new score or grade change there, signed with HMAC-SHA256")
    .option("--webhook-secret <secret>", "the webhook's signing secret (or env LEADSCORE_WEBHOOK_SECRET)")
    .option("--max-inflight <n>", "requests worked on at once before answering 503", parseInteger("--max-inflight", 1), DEFAULT_MAX_INFLIGHT)
    .option("--body-limit <bytes>", "largest request body", parseInteger("--body-limit", 1024), DEFAULT_BODY_LIMIT)
    .action(async (flags: ServeFlags) => {
      const webhook = webhookOptions(flags);
      const store = await openStore(flags.db);
      let built: Awaited<ReturnType<typeof buildApp>>;
      try {
        built = await buildApp({
          store,
          ...(flags.models !== undefined ? { modelsDir: flags.models } : {}),
          rateLimit: flags.rateLimit,
          maxInflight: flags.maxInflight,
          bodyLimit: flags.bodyLimit,
          ...(webhook !== undefined ? { webhook } : {}),
        });
      } catch (error) {
        await store.close().catch(() => {});
        throw error;
      }
      const { app, close } = built;
      try {
        await app.listen({ port: flags.port, host: flags.host });
      } catch (error) {
        await close().catch(() => {});
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === "EADDRINUSE" ? "the port is in use" : code === "EACCES" ? "permission denied" : code === "EADDRNOTAVAIL" ? "no such address here" : (code ?? "unknown error");
        throw new LeadscoreError("usage", `Cannot listen on ${flags.host}:${flags.port}: ${why}.`, { field: "--port" });
      }
      const address = app.server.address();
      const port = typeof address === "object" && address !== null ? address.port : flags.port;
      const host = flags.host.includes(":") ? `[${flags.host}]` : flags.host;
      process.stdout.write(`listening on http://${host}:${port}\n`);
      await stopped(close);
    });
}

function parsePort(value: string): number {
  const port = parseInteger("--port", 0)(value);
  if (port > 65535) throw new LeadscoreError("usage", `--port expects a port number from 0 to 65535, got '${value}'.`, { field: "--port" });
  return port;
}

function webhookOptions(flags: ServeFlags): { url: string; secret: string } | undefined {
  if (flags.webhook === undefined) return undefined;
  const secret = flags.webhookSecret ?? process.env.LEADSCORE_WEBHOOK_SECRET;
  if (secret === undefined || secret === "") throw new LeadscoreError("usage", "--webhook needs a signing secret: --webhook-secret S or env LEADSCORE_WEBHOOK_SECRET.", { field: "--webhook-secret" });
  try {
    const url = new URL(flags.webhook);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
  } catch {
    throw new LeadscoreError("usage", "--webhook expects an http:// or https:// URL.", { field: "--webhook" });
  }
  return { url: flags.webhook, secret };
}

/** Resolves after the first SIGTERM/SIGINT's graceful close; a second signal exits at once. */
function stopped(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`leadscore serve: ${signal} again, stopping now\n`);
        process.exit(1);
      }
      stopping = true;
      process.stderr.write(`leadscore serve: ${signal}, finishing requests in flight and writing buffered scores\n`);
      // A client that never finishes its request must not keep the process alive for ever.
      setTimeout(() => {
        process.stderr.write(`leadscore serve: still not stopped after ${CLOSE_DEADLINE_MS / 1000} s, stopping now\n`);
        process.exit(1);
      }, CLOSE_DEADLINE_MS).unref();
      close().then(
        () => {
          process.off("SIGTERM", onSignal);
          process.off("SIGINT", onSignal);
          resolve();
        },
        (error: unknown) => reject(error),
      );
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}
