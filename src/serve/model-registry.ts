/**
 * The models the service answers with. Versions live in the store (the exact model.json
 * text); each version is parsed, checked and warmed up once, then kept in memory by
 * (name, version). Activating a version loads it first and then swaps one reference, so
 * requests already running finish on the old version and every later one gets the new
 * one: nothing is dropped, nothing waits.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { LeadscoreError } from "../core/errors.js";
import type { ModelFile } from "../train/model-file.js";
import { type ModelSummary, summariseModel } from "./model-summary.js";
import { checkModelText, type ServedModel, serveModel } from "./served-model.js";
import type { ActivationRow, Store, StoredModelRow } from "./store/store.js";

/** Inactive versions kept parsed at most (experiments pinning old versions, recent swaps). */
const MAX_CACHED_INACTIVE = 16;

/** Who did it, when a key did not: the `--models DIR` import. */
export const MODELS_DIR_ACTOR = "models-dir";

export interface UploadResult {
  readonly row: StoredModelRow;
  /** True when this upload became the active version (the name had none). */
  readonly activated: boolean;
  /** False when an identical version already existed (no new version was stored). */
  readonly created: boolean;
}

export class ModelRegistry {
  private readonly store: Store;
  private readonly now: () => Date;
  private readonly active = new Map<string, ServedModel>();
  private readonly cache = new Map<string, Promise<ServedModel>>();
  private readonly summaries = new Map<string, ModelSummary>();
  /** Uploads and activations of one process run one at a time, so versions and swaps stay in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(store: Store, now: () => Date = () => new Date()) {
    this.store = store;
    this.now = now;
  }

  /** Loads the active version of every model (the last activation per name). */
  async load(): Promise<void> {
    const last = new Map<string, ActivationRow>();
    for (const activation of await this.store.listActivations()) last.set(activation.name, activation);
    for (const activation of last.values()) this.active.set(activation.name, await this.version(activation.name, activation.version));
  }

  /**
   * Follows activations made by other processes on the same store: any name whose last
   * activation differs from the version answering here is swapped (after loading it).
   */
  refresh(): Promise<void> {
    return this.serialised(async () => {
      const last = new Map<string, ActivationRow>();
      for (const activation of await this.store.listActivations()) last.set(activation.name, activation);
      for (const activation of last.values()) {
        if (this.active.get(activation.name)?.version === activation.version) continue;
        this.active.set(activation.name, await this.version(activation.name, activation.version));
      }
    });
  }

  /** The active version of `name`, if any. */
  activeModel(name: string): ServedModel | undefined {
    return this.active.get(name);
  }

  /** Names with an active version, alphabetical. */
  activeNames(): string[] {
    return [...this.active.keys()].sort();
  }

  /** The model answering requests that name none: the first active name alphabetically. */
  defaultModel(): ServedModel | undefined {
    const first = this.activeNames()[0];
    return first === undefined ? undefined : this.active.get(first);
  }

  /** A stored version, parsed and cached; null when there is no such version. */
  async find(name: string, version: number): Promise<ServedModel | null> {
    const current = this.active.get(name);
    if (current?.version === version) return current;
    const row = await this.store.getModel(name, version);
    return row === null ? null : this.version(name, version, row);
  }

  /** What model.json says about a stored version (cached); null when there is no such version. */
  async summary(name: string, version: number): Promise<ModelSummary | null> {
    const key = `${name}\u0000${version}`;
    const known = this.summaries.get(key);
    if (known !== undefined) return known;
    const row = await this.store.getModel(name, version);
    if (row === null) return null;
    const summary = summariseModel(JSON.parse(row.body) as ModelFile);
    this.summaries.set(key, summary);
    return summary;
  }

  /** Stores a new version (unless the latest is identical) and activates it when the name has none. */
  upload(name: string, text: string, by: string, label = `the uploaded model '${name}'`): Promise<UploadResult> {
    return this.serialised(async () => {
      const checked = checkModelText(text, label);
      const versions = (await this.store.listModels()).filter((row) => row.name === name);
      const latest = versions.reduce<StoredModelRow | undefined>((a, b) => (a === undefined || b.version > a.version ? b : a), undefined);
      let row: StoredModelRow;
      let created = false;
      if (latest !== undefined && latest.sha256 === checked.sha256) row = latest;
      else {
        row = await this.store.insertModel({ name, sha256: checked.sha256, body: checked.text, uploadedAt: this.now().toISOString(), uploadedBy: by });
        created = true;
      }
      this.summaries.set(`${name}\u0000${row.version}`, summariseModel(checked.file));
      let activated = false;
      if (!this.active.has(name)) {
        await this.activateNow(name, row.version, by, { ...row, body: checked.text });
        activated = true;
      }
      return { row, activated, created };
    });
  }

  /** Makes `version` the one answering for `name`; a LeadscoreError("usage") when it does not exist. */
  activate(name: string, version: number, by: string): Promise<ActivationRow> {
    return this.serialised(() => this.activateNow(name, version, by));
  }

  /**
   * `--models DIR`: every DIR/<name>/model.json becomes a version of <name> (only when it
   * differs from the latest stored) and is activated when <name> has no active version.
   */
  async importDir(dir: string): Promise<UploadResult[]> {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      throw new LeadscoreError("file", `Cannot read the models folder '${dir}'.`, { file: dir });
    }
    const results: UploadResult[] = [];
    for (const name of names) {
      const path = join(dir, name, "model.json");
      if (!statSync(join(dir, name)).isDirectory()) continue;
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        continue; // a folder without model.json is not a model
      }
      if (!isModelName(name)) throw new LeadscoreError("usage", `${path}: '${name}' is not a usable model name (letters, digits, '.', '_' and '-', at most 64).`, { file: path });
      results.push(await this.upload(name, text, MODELS_DIR_ACTOR, path));
    }
    return results;
  }

  private async activateNow(name: string, version: number, by: string, row?: StoredModelRow): Promise<ActivationRow> {
    const served = await this.version(name, version, row ?? (await this.store.getModel(name, version)) ?? undefined);
    const activation: ActivationRow = { name, version, activatedAt: this.now().toISOString(), activatedBy: by };
    await this.store.insertActivation(activation);
    // The swap: one Map write between two requests of the event loop.
    this.active.set(name, served);
    return activation;
  }

  private version(name: string, version: number, row?: StoredModelRow): Promise<ServedModel> {
    const key = `${name}\u0000${version}`;
    let entry = this.cache.get(key);
    if (entry === undefined) {
      entry = (async () => {
        const stored = row ?? (await this.store.getModel(name, version));
        if (stored === null) throw new LeadscoreError("usage", `Model '${name}' has no version ${version}.`, { field: "version" });
        return serveModel(name, version, stored.body);
      })();
      this.cache.set(key, entry);
      entry.catch(() => this.cache.delete(key));
      this.trimCache();
    }
    return entry;
  }

  private trimCache(): void {
    const activeKeys = new Set([...this.active.values()].map((m) => `${m.name}\u0000${m.version}`));
    const inactive = [...this.cache.keys()].filter((key) => !activeKeys.has(key));
    for (const key of inactive.slice(0, Math.max(0, inactive.length - MAX_CACHED_INACTIVE))) this.cache.delete(key);
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isModelName(name: string): boolean {
  return MODEL_NAME.test(name);
}
