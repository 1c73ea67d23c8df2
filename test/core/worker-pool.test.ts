import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../src/core/errors.js";
import { WorkerTeam } from "../../src/core/worker-pool.js";

const handler = new URL("./sum-handler.ts", import.meta.url);

describe("WorkerTeam", () => {
  it("runs requests on shared memory in worker threads and returns their answers", () => {
    const team = WorkerTeam.start(2);
    assert.ok(team !== null, "workers start (under tsx too)");
    const data = new Float64Array(new SharedArrayBuffer(8 * 1000));
    for (let i = 0; i < 1000; i++) data[i] = i;
    team.post(0, handler, { data, start: 0, end: 500 });
    team.post(1, handler, { data, start: 500, end: 1000 });
    assert.equal(team.wait(0), (499 * 500) / 2);
    assert.equal(team.wait(1), (999 * 1000) / 2 - (499 * 500) / 2);
    // many small round trips stay in order
    for (let k = 0; k < 200; k++) {
      team.post(k % 2, handler, { data, start: k, end: k + 2 });
      assert.equal(team.wait(k % 2), 2 * k + 1);
    }
  });

  it("skips a request withdrawn before the worker began it, and answers the next one", () => {
    const team = WorkerTeam.start(1);
    assert.ok(team !== null);
    const data = new Float64Array(new SharedArrayBuffer(8 * 10)).fill(1);
    let withdrawn = 0;
    for (let k = 0; k < 100; k++) {
      team.post(0, handler, { data, start: 0, end: 10 });
      if (team.withdraw(0)) withdrawn++;
      else assert.equal(team.wait(0), 10); // taken: it runs to the end
      team.post(0, handler, { data, start: 0, end: 3 });
      assert.equal(team.wait(0), 3); // the answer to this request, not the skipped one
    }
    assert.ok(withdrawn > 0, "the worker is not always quicker than the caller");
  });

  it("reports a handler's error as an internal error and keeps serving", () => {
    const team = WorkerTeam.start(1);
    assert.ok(team !== null);
    const data = new Float64Array(new SharedArrayBuffer(80));
    team.post(0, handler, { data, start: -1, end: 3 });
    assert.throws(() => team.wait(0), (e: unknown) => e instanceof LeadscoreError && e.code === "internal" && /negative start/.test(e.message));
    team.post(0, handler, { data, start: 0, end: 10 });
    assert.equal(team.wait(0), 0);
  });
});
