/**
 * The script every worker of a WorkerTeam runs (see worker-pool.ts): wait for the doorbell,
 * take the request from the port, run the named handler module, post the answer, ring back.
 */
import { type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import type { WorkerHandler } from "./worker-pool.js";

const REQUEST = 0;
const REPLY = 1;
const READY = 2;
const TAKE = 3;
const WORDS = 4;

interface HostData {
  readonly control: Int32Array;
  readonly index: number;
  readonly port: MessagePort;
}

interface Request {
  readonly module: string;
  readonly payload: unknown;
}

const { control, index, port } = workerData as HostData;
const handlers = new Map<string, WorkerHandler>();

async function serve(): Promise<void> {
  const base = index * WORDS;
  Atomics.store(control, base + READY, 1);
  Atomics.notify(control, base + READY);
  let served = 0;
  for (;;) {
    Atomics.wait(control, base + REQUEST, served);
    const pending = Atomics.load(control, base + REQUEST);
    while (served < pending) {
      const request = takeRequest();
      const number = served + 1;
      let reply: { ok: boolean; value?: unknown; error?: string };
      // a request the caller withdrew before this worker began it is skipped
      if (Atomics.compareExchange(control, base + TAKE, number, 0) !== number) {
        port.postMessage({ ok: true });
        served++;
        Atomics.store(control, base + REPLY, served);
        Atomics.notify(control, base + REPLY);
        continue;
      }
      try {
        let handler = handlers.get(request.module);
        if (handler === undefined) {
          handler = (await import(request.module)) as WorkerHandler;
          handlers.set(request.module, handler);
        }
        reply = { ok: true, value: handler.handleMessage(request.payload) };
      } catch (error) {
        reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      port.postMessage(reply);
      served++;
      Atomics.store(control, base + REPLY, served);
      Atomics.notify(control, base + REPLY);
    }
  }
}

function takeRequest(): Request {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (received !== undefined) return received.message as Request;
    Atomics.wait(control, index * WORDS + READY, 1, 1); // the message is on its way
  }
}

void serve();
