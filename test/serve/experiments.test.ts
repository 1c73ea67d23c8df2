// Champion/challenger experiments: sticky arms by record id, weights honoured, shadow arms
// scored and stored but never answered, and results per arm (conversion with Wilson
// interval, AUC, chi-square test) checked against numbers worked out by hand.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { armFor, experimentResults, stickyFraction, wilsonInterval } from "../../src/serve/experiments.js";
import type { ExperimentArm, ExperimentRow, ScoreWithOutcome } from "../../src/serve/store/store.js";
import { type BankFixtures, bankFixtures, startService, type TestService } from "./service-fixtures.js";
import { BACKENDS, type TestBackend, type TestDatabase } from "./test-databases.js";

const close = (actual: number, expected: number, tolerance = 1e-9) => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

function arm(name: string, weight: number, shadow = false): ExperimentArm {
  return { name, model: "m", version: 1, weight, shadow };
}

function row(armName: string, recordId: string, probability: number, converted: boolean | null, shadow = false, scoredAt = "2024-01-01T00:00:00.000Z"): ScoreWithOutcome {
  return { recordId, model: "m", version: 1, experiment: "e", arm: armName, shadow, probability, score: Math.round(probability * 100), grade: "A", reasons: "[]", record: "{}", scoredAt, converted };
}

/** AUC by counting every (converted, not converted) pair; ties count one half. */
function pairAuc(pairs: readonly { p: number; y: boolean }[]): number {
  let wins = 0;
  let total = 0;
  for (const a of pairs) {
    if (!a.y) continue;
    for (const b of pairs) {
      if (b.y) continue;
      total++;
      wins += a.p > b.p ? 1 : a.p === b.p ? 0.5 : 0;
    }
  }
  return wins / total;
}

describe("experiments: arithmetic", () => {
  test("Wilson 95 % intervals match the published values", () => {
    const four = wilsonInterval(4, 10);
    close(four.value, 0.4);
    close(four.low, 0.16818032970623614, 1e-12);
    close(four.high, 0.6873262302663417, 1e-12);
    const none = wilsonInterval(0, 5);
    assert.equal(none.low, 0);
    close(none.high, 0.43448246478317476, 1e-12);
  });

  test("the arm is a pure function of (experiment, record id); weights are honoured; shadow and zero-weight arms never answer", () => {
    const arms = [arm("a", 3), arm("b", 1), arm("z", 0), arm("s", 5, true)];
    assert.equal(stickyFraction("exp", "lead-1"), stickyFraction("exp", "lead-1"));
    assert.notEqual(stickyFraction("exp", "lead-1"), stickyFraction("other", "lead-1"));
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const chosen = armFor("exp", `lead-${i}`, arms)?.name ?? "none";
      assert.equal(armFor("exp", `lead-${i}`, arms)?.name, chosen, "sticky");
      counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
    }
    assert.deepEqual([...counts.keys()].sort(), ["a", "b"]);
    // Binomial sd of the share at n = 20,000 is 0.003; 0.015 is five of them.
    close((counts.get("a") ?? 0) / 20_000, 0.75, 0.015);
    assert.equal(armFor("exp", "x", [arm("s", 1, true)]), null);
  });

  test("results per arm: latest score per record, conversion, AUC and the chi-square test, by hand", () => {
    const experiment: ExperimentRow = { name: "e", arms: [arm("a", 1), arm("b", 1), arm("s", 0, true)], createdAt: "", updatedAt: "" };
    const rows: ScoreWithOutcome[] = [];
    // Arm a: 10 labelled records, 4 converted; converted at 0.9, 0.6, 0.4, 0.35; not at 0.8, 0.5, 0.3, 0.2, 0.1, 0.05.
    // Pairs won: 6 + 5 + 4 + 4 = 19 of 24.
    const aPos = [0.9, 0.6, 0.4, 0.35];
    const aNeg = [0.8, 0.5, 0.3, 0.2, 0.1, 0.05];
    aPos.forEach((p, i) => rows.push(row("a", `ap${i}`, p, true)));
    aNeg.forEach((p, i) => rows.push(row("a", `an${i}`, p, false)));
    // An older score of ap0 (its latest, above, is what counts) and two records without outcome.
    rows.push(row("a", "ap0", 0.01, true, false, "2023-12-31T00:00:00.000Z"));
    rows.push(row("a", "open1", 0.5, null), row("a", "open2", 0.6, null));
    // Arm b: 10 labelled, 2 converted, both below every non-converted one: AUC 0.
    for (let i = 0; i < 10; i++) rows.push(row("b", `b${i}`, i < 2 ? 0.01 * (i + 1) : 0.5 + i / 100, i < 2));
    // Shadow arm: the same records as a, all labelled; it is not part of the test.
    aPos.forEach((p, i) => rows.push(row("s", `ap${i}`, p, true, true)));
    const results = experimentResults(experiment, rows);
    const [a, b, s] = results.arms;
    assert.deepEqual([a?.scored, a?.outcomes, a?.converted], [12, 10, 4]);
    close(a?.auc ?? NaN, 19 / 24, 1e-12);
    close(a?.conversionRate?.low ?? NaN, 0.16818032970623614, 1e-12);
    assert.deepEqual([b?.scored, b?.outcomes, b?.converted, b?.auc], [10, 10, 2, 0]);
    close(b?.conversionRate?.high ?? NaN, 0.5098375284633583, 1e-12);
    assert.deepEqual([s?.scored, s?.outcomes, s?.auc, s?.shadow], [4, 4, null, true], "one class only: no AUC");
    // 2 × 2 table [[4, 6], [2, 8]]: χ² = N(ad − bc)² / (r1 r2 c1 c2) = 20 · 400 / 8400; p = erfc(√(χ²/2)).
    assert.equal(results.test?.name, "chi-square");
    assert.equal(results.test?.degreesOfFreedom, 1);
    close(results.test?.statistic ?? NaN, 20 * 400 / 8400, 1e-12);
    close(results.test?.pValue ?? NaN, 0.3291139859786081, 1e-6);
  });

  test("three answering arms: 2 degrees of freedom, p = exp(−χ²/2); no test before two arms have outcomes", () => {
    const experiment: ExperimentRow = { name: "e", arms: [arm("a", 1), arm("b", 1), arm("c", 1)], createdAt: "", updatedAt: "" };
    const rows: ScoreWithOutcome[] = [];
    const converted = { a: 4, b: 2, c: 7 };
    for (const [name, k] of Object.entries(converted)) for (let i = 0; i < 10; i++) rows.push(row(name, `${name}${i}`, 0.5, i < k));
    const results = experimentResults(experiment, rows);
    // Expected counts 13/3 converted per arm: Σ (O − E)² / E over the 6 cells.
    const chi = [4, 2, 7].reduce((sum, k) => sum + (k - 13 / 3) ** 2 / (13 / 3) + (10 - k - 17 / 3) ** 2 / (17 / 3), 0);
    close(results.test?.statistic ?? NaN, chi, 1e-12);
    close(chi, 5.158371040723981, 1e-12);
    close(results.test?.pValue ?? NaN, Math.exp(-chi / 2), 1e-6);
    assert.equal(experimentResults(experiment, rows.filter((r) => r.arm === "a")).test, null);
  });
});

function apiSuite(backend: TestBackend): void {
  if (backend.skip !== undefined) {
    test(`experiments api: ${backend.name}`, { skip: backend.skip }, () => {});
    return;
  }
  describe(`experiments api: ${backend.name}`, () => {
    let bank: BankFixtures;
    let database: TestDatabase;
    let service: TestService;
    const arms = [
      { name: "champion", model: "bank", version: 1, weight: 3 },
      { name: "challenger", model: "bank", version: 2, weight: 1 },
      { name: "shadow", model: "bank", version: 2, weight: 0, shadow: true },
    ];
    before(async () => {
      bank = await bankFixtures();
      database = await backend.create();
      service = await startService(database);
      assert.equal((await service.call("POST", "/v1/models", service.adminKey, { name: "bank", model: bank.logistic })).status, 200);
      assert.equal((await service.call("POST", "/v1/models", service.adminKey, { name: "bank", model: bank.gbdt })).status, 200);
    });
    after(async () => {
      await service?.stop();
      await database?.cleanup();
    });

    test("define, score sticky by record id, shadow stored but never answered, results per arm checked by hand", async () => {
      const put = await service.call("PUT", "/v1/experiments/champ", service.adminKey, { arms });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(put.body.arms.map((a: { name: string; version: number; shadow: boolean }) => [a.name, a.version, a.shadow]), [["champion", 1, false], ["challenger", 2, false], ["shadow", 2, true]]);

      const answered = new Map<string, { arm: string; probability: number }>();
      for (let start = 0; start < 400; start += 100) {
        const reply = await service.call("POST", "/v1/score", service.scoreKey, { experiment: "champ", records: bank.records.slice(start, start + 100) });
        assert.equal(reply.status, 200, reply.text);
        assert.equal(reply.body.experiment, "champ");
        for (const result of reply.body.results) {
          assert.ok(result.arm === "champion" || result.arm === "challenger", `shadow never answers (${result.arm})`);
          assert.equal(result.model.version, result.arm === "champion" ? 1 : 2);
          answered.set(result.id, { arm: result.arm, probability: result.probability });
        }
      }
      assert.equal(answered.size, 400);
      // Sticky: single requests, in another order, get the same arm.
      for (const record of bank.records.slice(0, 60).reverse()) {
        const reply = await service.call("POST", "/v1/score", service.scoreKey, { experiment: "champ", records: [record], explain: 0 });
        assert.equal(reply.body.results[0].arm, answered.get(record.id as string)?.arm, `record ${record.id}`);
      }
      const champions = [...answered.values()].filter((a) => a.arm === "champion").length;
      // Weight 3:1 → share 0.75; the binomial sd at n = 400 is 0.022.
      close(champions / 400, 0.75, 0.08);

      await new Promise((r) => setTimeout(r, 50)); // shadow arms score just after the answer
      await service.context.writer.flush();
      const stored = await service.context.store.experimentScores("champ");
      const shadowIds = new Set(stored.filter((r) => r.shadow).map((r) => r.recordId));
      assert.equal(shadowIds.size, 400, "every record scored by the shadow arm too");
      assert.ok(stored.filter((r) => r.shadow).every((r) => r.arm === "shadow" && r.version === 2));

      const outcomes = bank.records.slice(0, 400).map((r, i) => ({ id: r.id as string, converted: bank.converted[i]! }));
      assert.deepEqual((await service.call("POST", "/v1/outcomes", service.scoreKey, { outcomes })).body, { stored: 400 });
      const results = await service.call("GET", "/v1/experiments/champ", service.adminKey);
      assert.equal(results.status, 200, results.text);

      const convertedOf = new Map(outcomes.map((o) => [o.id, o.converted]));
      const expected: Record<string, { n: number; k: number }> = {};
      for (const name of ["champion", "challenger"]) {
        const mine = [...answered].filter(([, a]) => a.arm === name);
        const k = mine.filter(([id]) => convertedOf.get(id)).length;
        expected[name] = { n: mine.length, k };
        const got = results.body.arms.find((a: { name: string }) => a.name === name);
        assert.deepEqual([got.scored, got.outcomes, got.converted], [mine.length, mine.length, k], name);
        const p = k / mine.length;
        const z = 1.959963984540054;
        const centre = (p + z * z / (2 * mine.length)) / (1 + z * z / mine.length);
        const half = (z * Math.sqrt(p * (1 - p) / mine.length + z * z / (4 * mine.length ** 2))) / (1 + z * z / mine.length);
        close(got.conversionRate.value, p, 1e-12);
        close(got.conversionRate.low, centre - half, 1e-12);
        close(got.conversionRate.high, centre + half, 1e-12);
        close(got.auc, pairAuc(mine.map(([id, a]) => ({ p: a.probability, y: convertedOf.get(id) === true }))), 1e-9);
      }
      const shadow = results.body.arms.find((a: { name: string }) => a.name === "shadow");
      assert.deepEqual([shadow.shadow, shadow.scored, shadow.outcomes], [true, 400, 400]);
      // 2 × 2 chi-square by hand.
      const { n: n1, k: k1 } = expected.champion!;
      const { n: n2, k: k2 } = expected.challenger!;
      const N = n1 + n2;
      const chi = (N * (k1 * (n2 - k2) - (n1 - k1) * k2) ** 2) / (n1 * n2 * (k1 + k2) * (N - k1 - k2));
      close(results.body.test.statistic, chi, 1e-9);
      assert.equal(results.body.test.degreesOfFreedom, 1);

      const listed = await service.call("GET", "/v1/experiments", service.adminKey);
      assert.deepEqual(listed.body.experiments.map((e: { name: string; arms: unknown[] }) => [e.name, e.arms.length]), [["champ", 3]]);
    });

    test("an unknown experiment, or model and experiment together, is a 400 naming the field; unknown results are 404", async () => {
      const unknown = await service.call("POST", "/v1/score", service.scoreKey, { experiment: "nope", records: [bank.records[0]] });
      assert.equal(unknown.status, 400);
      assert.deepEqual(unknown.body.error.fields.map((f: { path: string }) => f.path), ["experiment"]);
      const both = await service.call("POST", "/v1/score", service.scoreKey, { experiment: "champ", model: "bank", records: [bank.records[0]] });
      assert.equal(both.status, 400);
      assert.deepEqual(both.body.error.fields.map((f: { path: string }) => f.path), ["model"]);
      assert.equal((await service.call("GET", "/v1/experiments/nope", service.adminKey)).status, 404);
    });

    test("the experiment and its sticky arms survive a restart", async () => {
      const before = await service.call("POST", "/v1/score", service.scoreKey, { experiment: "champ", records: bank.records.slice(0, 30), explain: 0 });
      const keys = { admin: service.adminKey, adminId: service.adminKeyId, score: service.scoreKey };
      await service.stop();
      service = await startService(database, {}, keys);
      const after = await service.call("POST", "/v1/score", service.scoreKey, { experiment: "champ", records: bank.records.slice(0, 30), explain: 0 });
      assert.deepEqual(after.body.results.map((r: { arm: string }) => r.arm), before.body.results.map((r: { arm: string }) => r.arm));
    });
  });
}

for (const backend of BACKENDS) apiSuite(backend);
