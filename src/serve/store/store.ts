/**
 * What the scoring service keeps, and the one interface both back ends implement:
 * SQLite (better-sqlite3, the default file) and PostgreSQL (`--db postgres://…`).
 * The service holds no state of its own beyond caches, so it can restart (or run as
 * several replicas on one PostgreSQL) and find everything here.
 */

export type KeyScope = "score" | "admin";

export interface ApiKeyRow {
  /** Public part of the key (`ls_<id>_<secret>`), used to look the key up. */
  readonly id: string;
  readonly scope: KeyScope;
  /** sha256 of the secret part, hex; the secret itself is never stored. */
  readonly secretHash: string;
  readonly label: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface StoredModelRow {
  readonly name: string;
  /** 1, 2, 3 … per name, in upload order. */
  readonly version: number;
  /** sha256 of the model.json text, hex. */
  readonly sha256: string;
  /** The model.json text exactly as uploaded (already verified by parseModel). */
  readonly body: string;
  readonly uploadedAt: string;
  /** Key id of whoever uploaded it, or "models-dir" for `--models DIR`. */
  readonly uploadedBy: string;
}

export interface ActivationRow {
  readonly name: string;
  readonly version: number;
  readonly activatedAt: string;
  readonly activatedBy: string;
}

export interface ScoreRow {
  readonly recordId: string;
  readonly model: string;
  readonly version: number;
  /** Experiment and arm that served it, when an experiment routed the request. */
  readonly experiment: string | null;
  readonly arm: string | null;
  /** Scored by a shadow arm: stored for comparison, never answered. */
  readonly shadow: boolean;
  readonly probability: number;
  readonly score: number;
  readonly grade: string;
  /** JSON text of the reasons answered ([] when none were asked for). */
  readonly reasons: string;
  /** JSON text of the record as received, for the dashboard and drift of recent traffic. */
  readonly record: string;
  readonly scoredAt: string;
}

export interface OutcomeRow {
  readonly recordId: string;
  readonly converted: boolean;
  /** When the outcome happened (client's `at`, else the time it was received). */
  readonly at: string;
  readonly receivedAt: string;
}

export interface ExperimentArm {
  readonly name: string;
  readonly model: string;
  /** A fixed version, or null for the model's active version at request time. */
  readonly version: number | null;
  /** Share of traffic answered by this arm; shadow arms take no share. */
  readonly weight: number;
  readonly shadow: boolean;
}

export interface ExperimentRow {
  readonly name: string;
  readonly arms: readonly ExperimentArm[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One scored record joined with its outcome, if one has arrived. */
export interface ScoreWithOutcome extends ScoreRow {
  readonly converted: boolean | null;
}

/** Which scores a listing or count covers. */
export interface ScoreFilter {
  readonly model?: string;
  readonly grade?: string;
  /** Substring of the record id. */
  readonly search?: string;
  readonly includeShadow?: boolean;
}

export interface ScoreQuery extends ScoreFilter {
  readonly limit: number;
  readonly offset?: number;
  /** Newest first by default. */
  readonly order?: "newest" | "score-desc" | "score-asc";
}

export interface GradeOutcomeRow {
  readonly grade: string;
  readonly scored: number;
  readonly withOutcome: number;
  readonly converted: number;
}

export interface Store {
  /** Creates the tables when missing (idempotent); called once at start. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  insertKey(key: ApiKeyRow): Promise<void>;
  findKey(id: string): Promise<ApiKeyRow | null>;
  listKeys(): Promise<ApiKeyRow[]>;
  /** Marks a key revoked; false when no such key (or it was revoked already). */
  revokeKey(id: string, revokedAt: string): Promise<boolean>;

  /** Stores a new version of `name` and returns it (version = previous max + 1). */
  insertModel(model: Omit<StoredModelRow, "version">): Promise<StoredModelRow>;
  getModel(name: string, version: number): Promise<StoredModelRow | null>;
  /** Every version of every model, without bodies (body = ""). */
  listModels(): Promise<StoredModelRow[]>;
  insertActivation(activation: ActivationRow): Promise<void>;
  /** All activations, oldest first; the last per name is the active version. */
  listActivations(name?: string): Promise<ActivationRow[]>;

  /** Buffered writes are fine for scores: the service flushes them in batches. */
  insertScores(scores: readonly ScoreRow[]): Promise<void>;
  listScores(query: ScoreQuery): Promise<ScoreWithOutcome[]>;
  /** All stored scores, or those matching the filter part of a query (total for paging). */
  countScores(filter?: ScoreFilter): Promise<number>;
  /** Non-shadow scores per grade with how many have an outcome and how many converted. */
  gradeOutcomes(model?: string): Promise<GradeOutcomeRow[]>;

  /** Durable before it resolves: an acknowledged outcome survives SIGKILL. */
  insertOutcomes(outcomes: readonly OutcomeRow[]): Promise<void>;
  countOutcomes(): Promise<number>;
  /** The stored outcomes of these record ids (missing ids are simply absent), in id order. */
  findOutcomes(recordIds: readonly string[]): Promise<OutcomeRow[]>;
  /** Scores (non-shadow and shadow) of one experiment joined with outcomes, for results per arm. */
  experimentScores(experiment: string): Promise<ScoreWithOutcome[]>;

  putExperiment(experiment: ExperimentRow): Promise<void>;
  getExperiment(name: string): Promise<ExperimentRow | null>;
  listExperiments(): Promise<ExperimentRow[]>;
}
