/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits
 * past 1,000 WAL pages copies them into the database file and fsyncs it, right there inside a
 * request: under steady load that stalled the service for 10-50 ms every couple of seconds.
 * Here a worker thread with its own connection runs a PASSIVE checkpoint (it never blocks
 * writers or readers) every `everyMs`, and the serving connection's automatic checkpoint is
 * pushed far out, kept only as a safety net should the worker die.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Pages the serving connection lets the WAL grow to before it checkpoints itself (~80 MB). */
export const SAFETY_NET_PAGES = 20_000;

// Plain CommonJS evaluated in the worker: no TypeScript loader needed there, in tests or not.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
const tick = () => { try { db.pragma("wal_checkpoint(PASSIVE)"); parentPort.postMessage("checkpoint"); } catch {} };
const timer = setInterval(tick, workerData.everyMs);
parentPort.on("message", (message) => {
  if (message === "now") tick();
  if (message === "stop") { clearInterval(timer); db.close(); parentPort.close(); }
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private checkpoints = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(file: string, everyMs = 1000) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, everyMs, driver } });
    this.worker.on("message", () => {
      this.checkpoints++;
      for (const done of this.waiting.splice(0)) done();
    });
    // A failed worker only means the safety net checkpoints instead.
    this.worker.on("error", () => undefined);
    this.worker.unref();
  }

  /** Checkpoints run so far (for tests and metrics). */
  get count(): number {
    return this.checkpoints;
  }

  /** Asks for a checkpoint now and resolves once one has run. */
  checkpointNow(): Promise<void> {
    // held while an answer is awaited: an unreferenced worker would let the process exit first
    this.worker.ref();
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.worker.unref();
        resolve();
      });
      this.worker.postMessage("now");
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.ref();
    this.worker.postMessage("stop");
    await exited;
  }
}
