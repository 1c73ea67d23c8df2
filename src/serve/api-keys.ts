/**
 * API keys: `ls_<id>_<secret>` where id is 12 hex characters (public, used to look the
 * key up) and secret is 32 random bytes in base64url. Only sha256(secret) is stored, and
 * the comparison runs in constant time. `KeyVerifier` caches key rows in memory so the
 * service checks a request without a database round trip.
 */
import crypto from "node:crypto";
import { LeadscoreError } from "../core/errors.js";
import type { ApiKeyRow, KeyScope, Store } from "./store/store.js";

export const KEY_SCOPES: readonly KeyScope[] = ["score", "admin"];

const KEY_PATTERN = /^ls_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface ParsedKey {
  readonly id: string;
  readonly secret: string;
}

export interface NewKey {
  /** The plaintext key, shown once and never stored. */
  readonly key: string;
  readonly id: string;
  readonly scope: KeyScope;
  readonly label: string;
  readonly createdAt: string;
}

/** A fresh random key (not stored). */
export function generateKey(): { readonly key: string } & ParsedKey {
  const id = crypto.randomBytes(6).toString("hex");
  const secret = crypto.randomBytes(32).toString("base64url");
  return { key: `ls_${id}_${secret}`, id, secret };
}

/** Splits a key into id and secret, or null when it is not shaped like one. */
export function tryParseKey(key: string): ParsedKey | null {
  const match = KEY_PATTERN.exec(key);
  return match === null ? null : { id: match[1] as string, secret: match[2] as string };
}

/** Like tryParseKey, with a clear error for a malformed key (never echoing the key). */
export function parseKey(key: string): ParsedKey {
  const parsed = tryParseKey(key);
  if (parsed === null) {
    throw new LeadscoreError("usage", "Malformed API key: expected ls_<12 hex characters>_<43 base64url characters>.", { field: "key" });
  }
  return parsed;
}

/** sha256 of the secret, hex: what the store keeps. */
export function hashSecret(secret: string): string {
  return crypto.createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * Constant-time check of a secret against a stored hash. Hashing first makes both sides
 * 32 bytes whatever the secret's length, so timingSafeEqual always runs.
 */
export function secretMatches(secret: string, secretHash: string): boolean {
  const given = crypto.createHash("sha256").update(secret, "utf8").digest();
  const stored = Buffer.from(secretHash, "hex");
  // A corrupted stored hash still goes through a same-length comparison, then fails.
  const expected = stored.length === given.length ? stored : Buffer.alloc(given.length);
  return crypto.timingSafeEqual(given, expected) && stored.length === given.length;
}

export function isKeyScope(value: string): value is KeyScope {
  return (KEY_SCOPES as readonly string[]).includes(value);
}

/** Creates and stores a key; the plaintext is returned here only. */
export async function createKey(store: Store, scope: KeyScope, label = "", now: Date = new Date()): Promise<NewKey> {
  if (!isKeyScope(scope)) throw new LeadscoreError("usage", `Unknown key scope '${String(scope)}': expected score or admin.`, { field: "scope" });
  const { key, id, secret } = generateKey();
  const createdAt = now.toISOString();
  await store.insertKey({ id, scope, secretHash: hashSecret(secret), label, createdAt, revokedAt: null });
  return { key, id, scope, label, createdAt };
}

/** Does a key of scope `held` allow a route that needs `needed`? (admin includes score.) */
export function scopeAllows(held: KeyScope, needed: KeyScope): boolean {
  return held === "admin" || held === needed;
}

export type KeyCheck =
  | { readonly ok: true; readonly key: ApiKeyRow }
  | { readonly ok: false; readonly reason: "malformed" | "unknown" | "revoked" | "wrong-secret" };

export interface KeyVerifierOptions {
  /**
   * How long a key row read from the store is trusted, in ms (default 5000). A key
   * revoked in the database (by another process or replica) stops working within this
   * time; `invalidate(id)` makes it immediate in this process.
   */
  readonly ttlMs?: number;
  /** How long an unknown id is remembered as unknown (default 1000 ms), so random ids cannot force a query each. */
  readonly unknownTtlMs?: number;
  /** Cache size bound (default 10000 ids); the oldest entries go first. */
  readonly maxEntries?: number;
  /** Clock in ms, for tests. */
  readonly now?: () => number;
}

interface CacheEntry {
  readonly row: ApiKeyRow | null;
  readonly readAt: number;
}

/**
 * Checks bearer keys against an in-memory cache of key rows (id → row), reading the store
 * on a miss or when the entry is older than the TTL. Concurrent misses for one id share
 * one query.
 */
export class KeyVerifier {
  private readonly store: Store;
  private readonly ttlMs: number;
  private readonly unknownTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly pending = new Map<string, Promise<CacheEntry>>();

  constructor(store: Store, options: KeyVerifierOptions = {}) {
    this.store = store;
    this.ttlMs = options.ttlMs ?? 5000;
    this.unknownTtlMs = options.unknownTtlMs ?? 1000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async verify(key: string): Promise<KeyCheck> {
    const parsed = tryParseKey(key);
    if (parsed === null) return { ok: false, reason: "malformed" };
    const entry = await this.entry(parsed.id);
    if (entry.row === null) {
      // Same work as a known key, so an unknown id is not told apart by timing.
      secretMatches(parsed.secret, "");
      return { ok: false, reason: "unknown" };
    }
    if (!secretMatches(parsed.secret, entry.row.secretHash)) return { ok: false, reason: "wrong-secret" };
    if (entry.row.revokedAt !== null) return { ok: false, reason: "revoked" };
    return { ok: true, key: entry.row };
  }

  /** Forgets a cached id (e.g. right after revoking it here). */
  invalidate(id: string): void {
    this.cache.delete(id);
  }

  private entry(id: string): Promise<CacheEntry> {
    const cached = this.cache.get(id);
    if (cached !== undefined && this.now() - cached.readAt < (cached.row === null ? this.unknownTtlMs : this.ttlMs)) {
      return Promise.resolve(cached);
    }
    let pending = this.pending.get(id);
    if (pending === undefined) {
      pending = this.store.findKey(id).then(
        (row) => {
          this.pending.delete(id);
          const entry = { row, readAt: this.now() };
          this.remember(id, entry);
          return entry;
        },
        (error: unknown) => {
          this.pending.delete(id);
          throw error;
        },
      );
      this.pending.set(id, pending);
    }
    return pending;
  }

  private remember(id: string, entry: CacheEntry): void {
    this.cache.delete(id);
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(id, entry);
  }
}
