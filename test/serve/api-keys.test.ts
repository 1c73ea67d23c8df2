import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { KeyVerifier, createKey, generateKey, hashSecret, parseKey, scopeAllows, secretMatches, tryParseKey } from "../../src/serve/api-keys.js";
import { LeadscoreError } from "../../src/core/errors.js";
import { openStore } from "../../src/serve/store/open-store.js";
import type { Store } from "../../src/serve/store/store.js";
import { type TestDatabase, sqliteBackend } from "./test-databases.js";

let database: TestDatabase;
let store: Store;
before(async () => {
  database = await sqliteBackend.create();
  store = await openStore(database.db);
});
after(async () => {
  await store?.close();
  await database?.cleanup();
});

/** Replaces the secret's last character with another valid one (same length). */
function otherSecret(secret: string): string {
  return secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
}

test("generated keys: ls_<12 hex>_<32 random bytes in base64url>, all different", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const { key, id, secret } = generateKey();
    assert.match(key, /^ls_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.equal(key, `ls_${id}_${secret}`);
    assert.equal(Buffer.from(secret, "base64url").length, 32);
    assert.deepEqual(parseKey(key), { id, secret });
    seen.add(key);
  }
  assert.equal(seen.size, 200);
});

test("parse: a secret may contain '_' and '-'; malformed keys get a clear error without the key", () => {
  const secret = "ab_-".repeat(10) + "xyz";
  assert.deepEqual(parseKey(`ls_0123456789ab_${secret}`), { id: "0123456789ab", secret });
  const malformed = [
    "",
    `LS_0123456789ab_${secret}`,
    `ls_0123456789AB_${secret}`, // ids are lowercase hex
    `ls_0123456789a_${secret}`,
    `ls_0123456789ab_${secret.slice(1)}`,
    `ls_0123456789ab_${secret}=`,
    `ls_0123456789ab_${secret.slice(1)}+`,
    `Bearer ls_0123456789ab_${secret}`,
  ];
  for (const key of malformed) {
    assert.equal(tryParseKey(key), null, key);
    assert.throws(() => parseKey(key), (error: unknown) => {
      assert.ok(error instanceof LeadscoreError);
      assert.match(error.message, /^Malformed API key: expected ls_<12 hex characters>_<43 base64url characters>\.$/);
      return key === "" || !error.message.includes(key);
    });
  }
});

test("hash: sha256 hex of the secret (known answer)", () => {
  assert.equal(hashSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(secretMatches("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), true);
  assert.equal(secretMatches("abd", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), false);
  assert.equal(secretMatches("abc", "not hex"), false);
  assert.equal(secretMatches("abc", ""), false);
});

test("secretMatches compares in constant time, on equal-length buffers, whatever the secret's length", (t) => {
  const spy = t.mock.method(crypto, "timingSafeEqual");
  const stored = hashSecret("s".repeat(43));
  const cases: [string, boolean][] = [["s".repeat(43), true], ["t".repeat(43), false], ["s".repeat(42), false], ["s".repeat(200), false], ["", false]];
  for (const [secret, expected] of cases) assert.equal(secretMatches(secret, stored), expected, `${secret.length} characters`);
  assert.equal(secretMatches("s".repeat(43), "abcd"), false, "a corrupted stored hash");
  assert.equal(spy.mock.callCount(), cases.length + 1);
  for (const call of spy.mock.calls) {
    const [a, b] = call.arguments as unknown as [Buffer, Buffer];
    assert.equal(a.length, 32);
    assert.equal(b.length, 32);
  }
});

test("createKey stores only the hash; the verifier accepts the key and refuses wrong secrets and tampered ids", async (t) => {
  const created = await createKey(store, "score", "crm", new Date(Date.UTC(2024, 4, 1)));
  const other = await createKey(store, "admin", "ops");
  assert.equal(created.createdAt, "2024-05-01T00:00:00.000Z");
  const row = await store.findKey(created.id);
  assert.deepEqual(row, { id: created.id, scope: "score", secretHash: hashSecret(parseKey(created.key).secret), label: "crm", createdAt: created.createdAt, revokedAt: null });
  assert.ok(!JSON.stringify(await store.listKeys()).includes(parseKey(created.key).secret), "the secret is not stored");

  const verifier = new KeyVerifier(store);
  const spy = t.mock.method(crypto, "timingSafeEqual");
  const ok = await verifier.verify(created.key);
  assert.ok(ok.ok);
  assert.equal(ok.key.scope, "score");
  const { id, secret } = parseKey(created.key);
  assert.deepEqual(await verifier.verify(`ls_${id}_${otherSecret(secret)}`), { ok: false, reason: "wrong-secret" });
  // Tampered id: one hex digit changed → no such key; another real id → that key's secret differs.
  const tamperedId = id.slice(0, -1) + (id.endsWith("0") ? "1" : "0");
  assert.deepEqual(await verifier.verify(`ls_${tamperedId}_${secret}`), { ok: false, reason: "unknown" });
  assert.deepEqual(await verifier.verify(`ls_${other.id}_${secret}`), { ok: false, reason: "wrong-secret" });
  assert.deepEqual(await verifier.verify(`${created.key}x`), { ok: false, reason: "malformed" });
  assert.equal(spy.mock.callCount(), 4, "known and unknown ids both go through timingSafeEqual");

  await assert.rejects(createKey(store, "root" as "admin", ""), /Unknown key scope 'root'/);
});

test("verifier cache: one query per id, revocation seen after the TTL or at once with invalidate", async () => {
  let queries = 0;
  const counting: Store = Object.create(store, {
    findKey: { value: (id: string) => { queries++; return store.findKey(id); } },
  }) as Store;
  let clock = 1_000_000;
  const verifier = new KeyVerifier(counting, { ttlMs: 5000, unknownTtlMs: 1000, now: () => clock });
  const created = await createKey(store, "admin", "cache");

  const checks = await Promise.all(Array.from({ length: 50 }, () => verifier.verify(created.key)));
  assert.ok(checks.every((c) => c.ok));
  assert.equal(queries, 1, "concurrent misses share one query");
  await verifier.verify(created.key);
  assert.equal(queries, 1, "a hit needs no query");

  await store.revokeKey(created.id, new Date().toISOString());
  clock += 4999;
  assert.equal((await verifier.verify(created.key)).ok, true, "within the TTL the cached row is trusted");
  clock += 1;
  assert.deepEqual(await verifier.verify(created.key), { ok: false, reason: "revoked" });
  assert.equal(queries, 2);

  const second = await createKey(store, "score", "invalidate");
  assert.equal((await verifier.verify(second.key)).ok, true);
  await store.revokeKey(second.id, new Date().toISOString());
  verifier.invalidate(second.id);
  assert.deepEqual(await verifier.verify(second.key), { ok: false, reason: "revoked" });

  // An unknown id is remembered briefly, then read again.
  const fresh = generateKey();
  assert.deepEqual(await verifier.verify(fresh.key), { ok: false, reason: "unknown" });
  await store.insertKey({ id: fresh.id, scope: "score", secretHash: hashSecret(fresh.secret), label: "", createdAt: new Date().toISOString(), revokedAt: null });
  assert.deepEqual(await verifier.verify(fresh.key), { ok: false, reason: "unknown" });
  clock += 1000;
  assert.equal((await verifier.verify(fresh.key)).ok, true);
});

test("scopes: admin includes score, score does not include admin", () => {
  assert.equal(scopeAllows("admin", "score"), true);
  assert.equal(scopeAllows("admin", "admin"), true);
  assert.equal(scopeAllows("score", "score"), true);
  assert.equal(scopeAllows("score", "admin"), false);
});
