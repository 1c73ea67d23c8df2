import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { KeyVerifier } from "../../src/serve/api-keys.js";
import { openStore } from "../../src/serve/store/open-store.js";
import { BACKENDS } from "../serve/test-databases.js";
import { isCleanUserError, runCli, tempDir } from "./run-cli.js";

const dir = tempDir();

test("keys create: before any serve, creates the store; the printed key verifies against it", async () => {
  const db = join(dir, "fresh.db");
  assert.equal(existsSync(db), false);
  const plain = runCli(["keys", "create", "--scope", "admin", "--db", db, "--label", "ops team"]);
  assert.equal(plain.status, 0, plain.stderr);
  const key = plain.stdout.trimEnd().split("\n").at(-1) ?? "";
  assert.match(key, /^ls_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  assert.ok(existsSync(db));

  const json = runCli(["keys", "create", "--scope", "score", "--db", db, "--json"]);
  assert.equal(json.status, 0, json.stderr);
  const created = JSON.parse(json.stdout.trimEnd().split("\n").at(-1) ?? "") as { key: string; id: string; scope: string; label: string };
  assert.equal(created.scope, "score");
  assert.equal(created.key.slice(3, 15), created.id);

  const store = await openStore(db);
  try {
    const verifier = new KeyVerifier(store);
    const admin = await verifier.verify(key);
    assert.ok(admin.ok);
    assert.equal(admin.key.scope, "admin");
    assert.equal(admin.key.label, "ops team");
    const score = await verifier.verify(created.key);
    assert.ok(score.ok);
    assert.equal(score.key.scope, "score");
    assert.deepEqual(await verifier.verify(key.slice(0, -1) + (key.endsWith("A") ? "B" : "A")), { ok: false, reason: "wrong-secret" });
  } finally {
    await store.close();
  }

  const listed = runCli(["keys", "list", "--db", db, "--json"]);
  assert.equal(listed.status, 0, listed.stderr);
  const keys = (JSON.parse(listed.stdout) as { keys: { id: string; scope: string }[] }).keys;
  assert.deepEqual(keys.map((k) => k.scope).sort(), ["admin", "score"]);
  assert.ok(!listed.stdout.includes(key.slice(16)), "list never shows secrets");

  const revoked = runCli(["keys", "revoke", created.id, "--db", db]);
  assert.equal(revoked.status, 0, revoked.stderr);
  const again = await openStore(db);
  try {
    assert.deepEqual(await new KeyVerifier(again).verify(created.key), { ok: false, reason: "revoked" });
  } finally {
    await again.close();
  }
  assert.ok(isCleanUserError(runCli(["keys", "revoke", created.id, "--db", db])), "revoking twice is a user error");
});

test("keys create: the default store is ./leadscore.db, like serve", () => {
  const cwd = tempDir();
  const result = runCli(["keys", "create", "--scope", "score"], cwd);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(existsSync(join(cwd, "leadscore.db")));
});

test("keys create: bad scope, unreachable or unusable stores are one-sentence user errors", () => {
  let result = runCli(["keys", "create", "--scope", "root", "--db", join(dir, "x.db")]);
  assert.ok(isCleanUserError(result), result.stderr);
  assert.match(result.stderr, /--scope expects score or admin, got 'root'/);
  assert.equal(result.stdout, "");

  result = runCli(["keys", "create", "--db", join(dir, "x.db")]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /--scope/);

  result = runCli(["keys", "create", "--scope", "admin", "--db", join(dir, "no", "such", "dir", "x.db")]);
  assert.ok(isCleanUserError(result), result.stderr);
  assert.match(result.stderr, /Cannot open the database file .*x\.db/);

  const notDb = join(dir, "not-a-db.db");
  writeFileSync(notDb, "this is not a database, just text that is long enough to be a header ".repeat(4));
  result = runCli(["keys", "create", "--scope", "admin", "--db", notDb]);
  assert.ok(isCleanUserError(result), result.stderr);
  assert.match(result.stderr, /not-a-db\.db: file is not a database/);

  result = runCli(["keys", "create", "--scope", "admin", "--db", "postgres://alice:s3cret-pw@127.0.0.1:1/leads"]);
  assert.ok(isCleanUserError(result), result.stderr);
  assert.match(result.stderr, /Cannot reach PostgreSQL at 127\.0\.0\.1:1/);
  assert.ok(!result.stderr.includes("s3cret-pw"), "the password is never printed");
});

const postgres = BACKENDS.find((b) => b.name === "postgres");
test("keys create --db postgres://…: the key verifies against PostgreSQL", { skip: postgres?.skip }, async () => {
  const database = await (postgres ?? BACKENDS[0]!).create();
  try {
    const result = runCli(["keys", "create", "--scope", "admin", "--db", database.db, "--json"]);
    assert.equal(result.status, 0, result.stderr);
    const { key } = JSON.parse(result.stdout) as { key: string };
    const store = await openStore(database.db);
    try {
      const check = await new KeyVerifier(store).verify(key);
      assert.ok(check.ok);
      assert.equal(check.key.scope, "admin");
    } finally {
      await store.close();
    }
  } finally {
    await database.cleanup();
  }
});
