/**
 * `leadscore keys create --scope score|admin`: API keys for the service (SPEC §8). Works
 * before the first `serve` (it creates the store); the new key is the last line of
 * stdout, as one JSON line with --json. Also `keys list` and `keys revoke <id>`.
 */
import type { Command } from "commander";
import { LeadscoreError } from "../core/errors.js";
import { KEY_SCOPES, createKey, isKeyScope } from "../serve/api-keys.js";
import { DEFAULT_DB_FILE, openStore } from "../serve/store/open-store.js";
import type { Store } from "../serve/store/store.js";
import { formatTable } from "./print.js";

interface KeysCreateFlags {
  scope: string;
  db?: string;
  label?: string;
  json?: boolean;
}

interface KeysDbFlags {
  db?: string;
  json?: boolean;
}

const DB_HELP = `SQLite file or postgres://… URL (default ${DEFAULT_DB_FILE}, same as serve)`;

export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("create, list and revoke API keys of the scoring service");

  keys
    .command("create")
    .description("create an API key and print it once (last line of stdout)")
    .requiredOption("--scope <scope>", `what the key may do: ${KEY_SCOPES.join(" or ")} (admin includes score)`)
    .option("--db <db>", DB_HELP)
    .option("--label <text>", "a note to tell keys apart, e.g. who holds it")
    .option("--json", "print {\"key\", \"id\", \"scope\", \"label\", \"createdAt\"} as one JSON line")
    .action(async (flags: KeysCreateFlags) => {
      const scope = flags.scope.trim();
      if (!isKeyScope(scope)) {
        throw new LeadscoreError("usage", `--scope expects ${KEY_SCOPES.join(" or ")}, got '${flags.scope}'.`, { field: "scope" });
      }
      const created = await withStore(flags.db, (store) => createKey(store, scope, flags.label ?? ""));
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify(created)}\n`);
        return;
      }
      process.stderr.write(`Created ${scope} key ${created.id}. Store it now: it is shown only once.\n`);
      process.stdout.write(`${created.key}\n`);
    });

  keys
    .command("list")
    .description("list API keys (ids, scopes, labels; never secrets)")
    .option("--db <db>", DB_HELP)
    .option("--json", "print the list as JSON")
    .action(async (flags: KeysDbFlags) => {
      const rows = await withStore(flags.db, (store) => store.listKeys());
      const shown = rows.map((k) => ({ id: k.id, scope: k.scope, label: k.label, createdAt: k.createdAt, revokedAt: k.revokedAt }));
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify({ keys: shown })}\n`);
        return;
      }
      const table = shown.map((k) => [k.id, k.scope, k.label, k.createdAt, k.revokedAt ?? ""]);
      process.stdout.write(`${formatTable(["id", "scope", "label", "created", "revoked"], table)}\n`);
    });

  keys
    .command("revoke")
    .description("revoke an API key by id (a running service stops accepting it within seconds)")
    .argument("<id>", "the key id: the 12 hex characters after ls_")
    .option("--db <db>", DB_HELP)
    .action(async (id: string, flags: KeysDbFlags) => {
      const revoked = await withStore(flags.db, (store) => store.revokeKey(id, new Date().toISOString()));
      if (!revoked) throw new LeadscoreError("usage", `No active API key with id '${id}'.`, { field: "id" });
      process.stdout.write(`revoked ${id}\n`);
    });
}

async function withStore<T>(db: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
