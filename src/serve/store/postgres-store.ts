/**
 * The PostgreSQL store (`--db postgres://…`): the same tables as SQLite, reached through
 * a pg Pool so several service replicas can share one database.
 *
 * Every write is a single autocommitted statement (or an explicit transaction) and the
 * promise resolves when PostgreSQL answered it, i.e. after COMMIT; with the server's
 * default `synchronous_commit = on`, that means the WAL record is flushed to disk.
 * Timestamps are kept as the ISO text the service produced, so both back ends return
 * identical strings; counts (bigint) arrive as strings and are converted.
 */
import pg from "pg";
import { LeadscoreError } from "../../core/errors.js";
import { type ActivationRecord, type ExperimentRecord, type KeyRecord, type ModelRecord, type OutcomeRecord, type ScoreRecord, SCORE_COLUMNS, activationOf, experimentOf, keyOf, modelOf, outcomeOf, scoreOf } from "./stored-records.js";
import { lastOutcomePerRecord, scoreOrderBy, scoreWhere } from "./score-query-sql.js";
import type {
  ActivationRow,
  ApiKeyRow,
  ExperimentRow,
  GradeOutcomeRow,
  OutcomeRow,
  ScoreFilter,
  ScoreQuery,
  ScoreRow,
  ScoreWithOutcome,
  Store,
  StoredModelRow,
} from "./store.js";

export const POSTGRES_SCHEMA_VERSION = 1;

export interface PostgresStoreOptions {
  /** Connection URL (`postgres://user@host:port/db`). */
  readonly url: string;
  /** Schema that holds the tables (default `public`); tests use one each to run side by side. */
  readonly schema?: string;
  /** Pool size (default 10). */
  readonly maxConnections?: number;
}

/** Rows per batched INSERT statement; arrays go through unnest, so this only bounds memory per statement. */
const ROWS_PER_INSERT = 5000;

interface GradeRecord { grade: string; scored: string; with_outcome: string; converted: string }

export class PostgresStore implements Store {
  /** host:port, for messages (never the password). */
  readonly where: string;
  readonly schema: string;
  private readonly pool: pg.Pool;
  /** Schema-qualified table names. */
  private readonly t: Record<"version" | "keys" | "models" | "activations" | "scores" | "outcomes" | "experiments", string>;

  constructor(options: PostgresStoreOptions) {
    this.where = describeServer(options.url);
    this.schema = options.schema ?? "public";
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(this.schema)) {
      throw new LeadscoreError("usage", `Invalid PostgreSQL schema name '${this.schema}': use letters, digits and underscores.`, { field: "schema" });
    }
    const q = `"${this.schema}"`;
    this.t = {
      version: `${q}.schema_version`, keys: `${q}.api_keys`, models: `${q}.models`, activations: `${q}.activations`,
      scores: `${q}.scores`, outcomes: `${q}.outcomes`, experiments: `${q}.experiments`,
    };
    this.pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 5000 });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    this.pool.on("error", () => {});
  }

  async migrate(): Promise<void> {
    const t = this.t;
    await this.transaction(async (client) => {
      // Replicas starting together must not race on CREATE TABLE.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`leadscore.migrate.${this.schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${t.version} (version integer NOT NULL);
        CREATE TABLE IF NOT EXISTS ${t.keys} (
          id text COLLATE "C" PRIMARY KEY,
          scope text COLLATE "C" NOT NULL CHECK (scope IN ('score', 'admin')),
          secret_hash text COLLATE "C" NOT NULL,
          label text COLLATE "C" NOT NULL,
          created_at text COLLATE "C" NOT NULL,
          revoked_at text COLLATE "C"
        );
        CREATE TABLE IF NOT EXISTS ${t.models} (
          name text COLLATE "C" NOT NULL,
          version integer NOT NULL,
          sha256 text COLLATE "C" NOT NULL,
          body text COLLATE "C" NOT NULL,
          uploaded_at text COLLATE "C" NOT NULL,
          uploaded_by text COLLATE "C" NOT NULL,
          PRIMARY KEY (name, version)
        );
        CREATE TABLE IF NOT EXISTS ${t.activations} (
          seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          name text COLLATE "C" NOT NULL,
          version integer NOT NULL,
          activated_at text COLLATE "C" NOT NULL,
          activated_by text COLLATE "C" NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ${t.scores} (
          seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          record_id text COLLATE "C" NOT NULL,
          model text COLLATE "C" NOT NULL,
          version integer NOT NULL,
          experiment text COLLATE "C",
          arm text COLLATE "C",
          shadow boolean NOT NULL,
          probability double precision NOT NULL,
          score double precision NOT NULL,
          grade text COLLATE "C" NOT NULL,
          reasons text COLLATE "C" NOT NULL,
          record text COLLATE "C" NOT NULL,
          scored_at text COLLATE "C" NOT NULL
        );
        CREATE INDEX IF NOT EXISTS scores_scored_at ON ${t.scores} (scored_at, seq);
        CREATE INDEX IF NOT EXISTS scores_score ON ${t.scores} (score, seq);
        CREATE INDEX IF NOT EXISTS scores_record_id ON ${t.scores} (record_id);
        CREATE INDEX IF NOT EXISTS scores_model ON ${t.scores} (model, scored_at);
        CREATE INDEX IF NOT EXISTS scores_experiment ON ${t.scores} (experiment) WHERE experiment IS NOT NULL;
        CREATE TABLE IF NOT EXISTS ${t.outcomes} (
          record_id text COLLATE "C" PRIMARY KEY,
          converted boolean NOT NULL,
          at text COLLATE "C" NOT NULL,
          received_at text COLLATE "C" NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ${t.experiments} (
          name text COLLATE "C" PRIMARY KEY,
          arms text COLLATE "C" NOT NULL,
          created_at text COLLATE "C" NOT NULL,
          updated_at text COLLATE "C" NOT NULL
        );
      `);
      const found = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${t.version}`);
      const version = found.rows[0]?.version ?? null;
      if (version === null) await client.query(`INSERT INTO ${t.version} (version) VALUES ($1)`, [POSTGRES_SCHEMA_VERSION]);
      else if (version > POSTGRES_SCHEMA_VERSION) {
        throw new LeadscoreError("file", `The PostgreSQL schema ${this.schema} at ${this.where} was written by a newer leadscore (schema ${version}, this one reads ${POSTGRES_SCHEMA_VERSION}).`);
      }
    });
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  async insertKey(key: ApiKeyRow): Promise<void> {
    await this.query(`INSERT INTO ${this.t.keys} (id, scope, secret_hash, label, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [key.id, key.scope, key.secretHash, key.label, key.createdAt, key.revokedAt]);
  }

  async findKey(id: string): Promise<ApiKeyRow | null> {
    const rows = await this.query<KeyRecord>(`SELECT * FROM ${this.t.keys} WHERE id = $1`, [id]);
    return rows[0] === undefined ? null : keyOf(rows[0]);
  }

  async listKeys(): Promise<ApiKeyRow[]> {
    return (await this.query<KeyRecord>(`SELECT * FROM ${this.t.keys} ORDER BY created_at COLLATE "C", id COLLATE "C"`)).map(keyOf);
  }

  async revokeKey(id: string, revokedAt: string): Promise<boolean> {
    const result = await this.run((pool) => pool.query(`UPDATE ${this.t.keys} SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, [revokedAt, id]));
    return (result.rowCount ?? 0) > 0;
  }

  async insertModel(model: Omit<StoredModelRow, "version">): Promise<StoredModelRow> {
    return this.transaction(async (client) => {
      // Serialises uploads of one name so two replicas never compute the same version.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`leadscore.models.${this.schema}.${model.name}`]);
      const result = await client.query<{ version: number }>(
        `INSERT INTO ${this.t.models} (name, version, sha256, body, uploaded_at, uploaded_by)
         SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5 FROM ${this.t.models} WHERE name = $1
         RETURNING version`,
        [model.name, model.sha256, model.body, model.uploadedAt, model.uploadedBy],
      );
      return { ...model, version: (result.rows[0] as { version: number }).version };
    });
  }

  async getModel(name: string, version: number): Promise<StoredModelRow | null> {
    const rows = await this.query<ModelRecord>(`SELECT * FROM ${this.t.models} WHERE name = $1 AND version = $2`, [name, version]);
    return rows[0] === undefined ? null : modelOf(rows[0]);
  }

  async listModels(): Promise<StoredModelRow[]> {
    return (await this.query<ModelRecord>(
      `SELECT name, version, sha256, '' AS body, uploaded_at, uploaded_by FROM ${this.t.models} ORDER BY name COLLATE "C", version`,
    )).map(modelOf);
  }

  async insertActivation(activation: ActivationRow): Promise<void> {
    await this.query(`INSERT INTO ${this.t.activations} (name, version, activated_at, activated_by) VALUES ($1, $2, $3, $4)`,
      [activation.name, activation.version, activation.activatedAt, activation.activatedBy]);
  }

  async listActivations(name?: string): Promise<ActivationRow[]> {
    const rows = name === undefined
      ? await this.query<ActivationRecord>(`SELECT name, version, activated_at, activated_by FROM ${this.t.activations} ORDER BY seq`)
      : await this.query<ActivationRecord>(`SELECT name, version, activated_at, activated_by FROM ${this.t.activations} WHERE name = $1 ORDER BY seq`, [name]);
    return rows.map(activationOf);
  }

  async insertScores(scores: readonly ScoreRow[]): Promise<void> {
    if (scores.length === 0) return;
    const insertChunk = async (client: pg.PoolClient | pg.Pool, chunk: readonly ScoreRow[]): Promise<void> => {
      // One array per column; WITH ORDINALITY keeps the batch order in seq.
      await client.query(
        `INSERT INTO ${this.t.scores} (record_id, model, version, experiment, arm, shadow, probability, score, grade, reasons, record, scored_at)
         SELECT u.record_id, u.model, u.version, u.experiment, u.arm, u.shadow, u.probability, u.score, u.grade, u.reasons, u.record, u.scored_at
         FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::boolean[], $7::double precision[],
                     $8::double precision[], $9::text[], $10::text[], $11::text[], $12::text[])
              WITH ORDINALITY AS u(record_id, model, version, experiment, arm, shadow, probability, score, grade, reasons, record, scored_at, n)
         ORDER BY u.n`,
        [
          chunk.map((s) => s.recordId), chunk.map((s) => s.model), chunk.map((s) => s.version), chunk.map((s) => s.experiment),
          chunk.map((s) => s.arm), chunk.map((s) => s.shadow), chunk.map((s) => s.probability), chunk.map((s) => s.score),
          chunk.map((s) => s.grade), chunk.map((s) => s.reasons), chunk.map((s) => s.record), chunk.map((s) => s.scoredAt),
        ],
      );
    };
    if (scores.length <= ROWS_PER_INSERT) {
      await this.run((pool) => insertChunk(pool, scores));
      return;
    }
    await this.transaction(async (client) => {
      for (let start = 0; start < scores.length; start += ROWS_PER_INSERT) await insertChunk(client, scores.slice(start, start + ROWS_PER_INSERT));
    });
  }

  async listScores(query: ScoreQuery): Promise<ScoreWithOutcome[]> {
    const where = scoreWhere(query, "postgres");
    const n = where.params.length;
    const rows = await this.query<ScoreRecord>(
      // Page the scores first, then join outcomes to that page only.
      `SELECT ${SCORE_COLUMNS}
       FROM (SELECT * FROM ${this.t.scores} s ${where.sql} ${scoreOrderBy(query.order)} LIMIT $${n + 1} OFFSET $${n + 2}) s
       LEFT JOIN ${this.t.outcomes} o ON o.record_id = s.record_id ${scoreOrderBy(query.order)}`,
      [...where.params, query.limit, query.offset ?? 0],
    );
    return rows.map(scoreOf);
  }

  async countScores(filter?: ScoreFilter): Promise<number> {
    const where = filter === undefined ? { sql: "", params: [] } : scoreWhere(filter, "postgres");
    const rows = await this.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.t.scores} s ${where.sql}`, where.params);
    return Number(rows[0]?.n ?? 0);
  }

  async gradeOutcomes(model?: string): Promise<GradeOutcomeRow[]> {
    const where = scoreWhere(model === undefined ? {} : { model }, "postgres");
    const rows = await this.query<GradeRecord>(
      `SELECT s.grade AS grade, count(*) AS scored, count(o.record_id) AS with_outcome, count(*) FILTER (WHERE o.converted) AS converted
       FROM ${this.t.scores} s LEFT JOIN ${this.t.outcomes} o ON o.record_id = s.record_id ${where.sql}
       GROUP BY s.grade ORDER BY s.grade COLLATE "C"`,
      where.params,
    );
    return rows.map((r) => ({ grade: r.grade, scored: Number(r.scored), withOutcome: Number(r.with_outcome), converted: Number(r.converted) }));
  }

  async insertOutcomes(outcomes: readonly OutcomeRow[]): Promise<void> {
    if (outcomes.length === 0) return;
    // ON CONFLICT cannot touch one row twice in a statement: repeated ids keep their last outcome.
    const unique = lastOutcomePerRecord(outcomes);
    // One statement = one transaction; the promise resolves after its COMMIT.
    await this.run((pool) =>
      pool.query(
        `INSERT INTO ${this.t.outcomes} (record_id, converted, at, received_at)
         SELECT * FROM unnest($1::text[], $2::boolean[], $3::text[], $4::text[])
         ON CONFLICT (record_id) DO UPDATE SET converted = excluded.converted, at = excluded.at, received_at = excluded.received_at`,
        [unique.map((o) => o.recordId), unique.map((o) => o.converted), unique.map((o) => o.at), unique.map((o) => o.receivedAt)],
      ),
    );
  }

  async countOutcomes(): Promise<number> {
    const rows = await this.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.t.outcomes}`);
    return Number(rows[0]?.n ?? 0);
  }

  async findOutcomes(recordIds: readonly string[]): Promise<OutcomeRow[]> {
    const rows = await this.query<OutcomeRecord>(
      `SELECT * FROM ${this.t.outcomes} WHERE record_id = ANY($1::text[]) ORDER BY record_id COLLATE "C"`,
      [[...recordIds]],
    );
    return rows.map(outcomeOf);
  }

  async experimentScores(experiment: string): Promise<ScoreWithOutcome[]> {
    const rows = await this.query<ScoreRecord>(
      `SELECT ${SCORE_COLUMNS} FROM ${this.t.scores} s LEFT JOIN ${this.t.outcomes} o ON o.record_id = s.record_id
       WHERE s.experiment = $1 ORDER BY s.seq`,
      [experiment],
    );
    return rows.map(scoreOf);
  }

  async putExperiment(experiment: ExperimentRow): Promise<void> {
    await this.query(
      `INSERT INTO ${this.t.experiments} (name, arms, created_at, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET arms = excluded.arms, updated_at = excluded.updated_at`,
      [experiment.name, JSON.stringify(experiment.arms), experiment.createdAt, experiment.updatedAt],
    );
  }

  async getExperiment(name: string): Promise<ExperimentRow | null> {
    const rows = await this.query<ExperimentRecord>(`SELECT * FROM ${this.t.experiments} WHERE name = $1`, [name]);
    return rows[0] === undefined ? null : experimentOf(rows[0]);
  }

  async listExperiments(): Promise<ExperimentRow[]> {
    return (await this.query<ExperimentRecord>(`SELECT * FROM ${this.t.experiments} ORDER BY name COLLATE "C"`)).map(experimentOf);
  }

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const result = await this.run((pool) => pool.query<R>(sql, params));
    return result.rows;
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.run(async (pool) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(client);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    });
  }

  /** Runs pool work, turning connection failures into a LeadscoreError naming host:port. */
  private async run<T>(work: (pool: pg.Pool) => Promise<T>): Promise<T> {
    try {
      return await work(this.pool);
    } catch (error) {
      if (error instanceof LeadscoreError) throw error;
      throw postgresError(error, this.where);
    }
  }
}

/** `host:port` of a connection URL, without user or password. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname === "" ? "localhost" : parsed.hostname;
    return `${host}:${parsed.port === "" ? "5432" : parsed.port}`;
  } catch {
    return "the PostgreSQL server";
  }
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET", "57P01", "57P03", "3D000", "28P01", "28000"]);

function postgresError(error: unknown, where: string): LeadscoreError {
  const code = (error as { code?: unknown }).code;
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
  const unreachable = (typeof code === "string" && CONNECTION_CODES.has(code)) || /timeout|terminated|connect/i.test(message);
  if (unreachable) return new LeadscoreError("file", `Cannot reach PostgreSQL at ${where}: ${message || String(code)}.`);
  return new LeadscoreError("internal", `PostgreSQL at ${where}: ${message}.`);
}

