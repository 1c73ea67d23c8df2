// The single-lead fast path: small requests arriving in the same event-loop turn are scored
// in one library call, with answers identical to scoring each request alone, and a request
// the merged call cannot score fails alone.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { scoreRecords } from "../../src/score/score-records.js";
import type { Cell } from "../../src/serve/record-check.js";
import { checkRecord } from "../../src/serve/record-check.js";
import { BATCHABLE_RECORDS, MAX_MERGED_RECORDS, ScoreBatcher } from "../../src/serve/score-batcher.js";
import { type ServedModel, serveModel } from "../../src/serve/served-model.js";
import { type BankFixtures, bankFixtures } from "./service-fixtures.js";

let bank: BankFixtures;
let gbdt: ServedModel;
let logistic: ServedModel;
const cellsOf = (served: ServedModel, records: readonly Record<string, unknown>[]): Record<string, Cell>[] =>
  records.map((record) => {
    const check = checkRecord(served.plan, record, "r");
    assert.ok(check.ok);
    return check.cells;
  });

before(async () => {
  bank = await bankFixtures();
  gbdt = serveModel("bank", 2, bank.gbdt);
  logistic = serveModel("bank", 1, bank.logistic);
});

test("requests of one tick share one call per (model, reasons); every answer equals scoring alone", async () => {
  const batcher = new ScoreBatcher();
  const requests = bank.records.slice(0, 60).map((record, i) => ({ served: i % 3 === 0 ? logistic : gbdt, explain: i % 2 === 0 ? 3 : 1, records: [record] }));
  const answers = await Promise.all(requests.map((r) => batcher.score(r.served.lean, cellsOf(r.served, r.records), r.explain)));
  // Groups: (logistic, 3), (logistic, 1), (gbdt, 3), (gbdt, 1).
  assert.deepEqual(batcher.stats(), { calls: 4, requests: 60 });
  requests.forEach((r, i) => {
    const alone = scoreRecords(r.served.lean, cellsOf(r.served, r.records), { explain: r.explain, adverseAction: false });
    // `id` is the row number within the library call, which the route never uses (it sets ids itself).
    const withoutId = (records: readonly { id: string }[]) => records.map(({ id: _row, ...rest }) => rest);
    assert.deepEqual(withoutId(answers[i] ?? []), withoutId(alone), `request ${i}`);
  });
});

test("with and without the anomaly detector are separate calls; the flag appears only with it", async () => {
  const batcher = new ScoreBatcher();
  const cells = cellsOf(gbdt, [bank.records[0]!]);
  const [lean, full] = await Promise.all([batcher.score(gbdt.lean, cells, 1), batcher.score(gbdt.model, cells, 1)]);
  assert.deepEqual(batcher.stats(), { calls: 2, requests: 2 });
  assert.equal(lean?.[0]?.anomaly, undefined);
  assert.equal(typeof full?.[0]?.anomaly, "boolean");
  assert.equal(lean?.[0]?.probability, full?.[0]?.probability);
});

test("big requests are scored at once; merged calls stay under the cap", async () => {
  const batcher = new ScoreBatcher();
  const big = bank.records.slice(0, BATCHABLE_RECORDS + 1);
  const direct = await batcher.score(gbdt.lean, cellsOf(gbdt, big), 2);
  assert.equal(direct.length, big.length);
  assert.deepEqual(batcher.stats(), { calls: 0, requests: 0 }, "not queued");
  const small = Array.from({ length: 12 }, (_, i) => bank.records.slice(i * 10, i * 10 + 10));
  await Promise.all(small.map((records) => batcher.score(gbdt.lean, cellsOf(gbdt, records), 2)));
  // Requests of 10 records: as many per call as fit under the cap.
  const perCall = Math.floor(MAX_MERGED_RECORDS / 10);
  assert.deepEqual(batcher.stats(), { calls: Math.ceil(12 / perCall), requests: 12 });
});

test("when the merged call fails, each request is retried alone and only the bad one fails", async () => {
  const batcher = new ScoreBatcher();
  const good = cellsOf(gbdt, [bank.records[0]!]);
  // Not checked first: a value scoring refuses (the route never lets one through; the batcher must still cope).
  const bad: Record<string, Cell>[] = [{ ...good[0], age: "forty" }];
  const [a, b, c] = await Promise.allSettled([batcher.score(gbdt.lean, good, 3), batcher.score(gbdt.lean, bad, 3), batcher.score(gbdt.lean, good, 3)]);
  assert.equal(a.status, "fulfilled");
  assert.equal(b.status, "rejected");
  assert.equal(c.status, "fulfilled");
  assert.match(String((b as PromiseRejectedResult).reason.message), /not a number/);
  assert.deepEqual(batcher.stats(), { calls: 4, requests: 3 });
});
