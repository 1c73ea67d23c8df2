/**
 * The default store: one SQLite file through better-sqlite3 (synchronous calls wrapped
 * in promises so the service sees the same interface as PostgreSQL).
 *
 * Durability: WAL journal with `synchronous = FULL`, so every commit fsyncs the WAL
 * before it returns. An acknowledged outcome therefore survives a SIGKILL of the process
 * (NORMAL would suffice for that) and also a power loss or OS crash (NORMAL would not).
 * Score batches are the exception: they commit with NORMAL (see insertScores).
 */
import Database from "better-sqlite3";
import { LeadscoreError } from "../../core/errors.js";
import { type ActivationRecord, type ExperimentRecord, type KeyRecord, type ModelRecord, type OutcomeRecord, type ScoreRecord, SCORE_COLUMNS, activationOf, experimentOf, keyOf, modelOf, outcomeOf, scoreOf } from "./stored-records.js";
import { SAFETY_NET_PAGES, WalCheckpointer } from "./wal-checkpointer.js";
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

/** Bumped when the tables change; a file written by a newer leadscore is refused. */
export const SQLITE_SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL CHECK (scope IN ('score', 'admin')),
  secret_hash TEXT NOT NULL,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS models (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  body TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE TABLE IF NOT EXISTS activations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  activated_at TEXT NOT NULL,
  activated_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS scores (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id TEXT NOT NULL,
  model TEXT NOT NULL,
  version INTEGER NOT NULL,
  experiment TEXT,
  arm TEXT,
  shadow INTEGER NOT NULL,
  probability REAL NOT NULL,
  score REAL NOT NULL,
  grade TEXT NOT NULL,
  reasons TEXT NOT NULL,
  record TEXT NOT NULL,
  scored_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS scores_scored_at ON scores (scored_at, seq);
CREATE INDEX IF NOT EXISTS scores_score ON scores (score, seq);
CREATE INDEX IF NOT EXISTS scores_record_id ON scores (record_id);
CREATE INDEX IF NOT EXISTS scores_model ON scores (model, scored_at);
CREATE INDEX IF NOT EXISTS scores_experiment ON scores (experiment) WHERE experiment IS NOT NULL;
CREATE TABLE IF NOT EXISTS outcomes (
  record_id TEXT PRIMARY KEY,
  converted INTEGER NOT NULL,
  at TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS experiments (
  name TEXT PRIMARY KEY,
  arms TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;

/** Rows per multi-row INSERT: 13 columns × 200 stays far below SQLite's 32766 variables. */
const ROWS_PER_INSERT = 200;

interface GradeRecord { grade: string; scored: number; with_outcome: number; converted: number }

export class SqliteStore implements Store {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private checkpointer: WalCheckpointer | null = null;

  /** Opens (creating when missing) the file; throws LeadscoreError when it cannot. */
  constructor(file: string) {
    this.file = file;
    try {
      this.db = new Database(file);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = FULL");
      this.db.pragma("foreign_keys = ON");
      // Another process (e.g. `keys create` while serving) may hold the write lock briefly.
      this.db.pragma("busy_timeout = 5000");
    } catch (error) {
      throw new LeadscoreError("file", `Cannot open the database file ${file}: ${reasonOf(error)}.`, { file });
    }
  }

  migrate(): Promise<void> {
    return this.run(() => {
      this.db.transaction(() => {
        this.db.exec(SCHEMA);
        const row = this.db.prepare("SELECT max(version) AS version FROM schema_version").get() as { version: number | null };
        if (row.version === null) this.db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(SQLITE_SCHEMA_VERSION);
        else if (row.version > SQLITE_SCHEMA_VERSION) {
          throw new LeadscoreError("file", `The database file ${this.file} was written by a newer leadscore (schema ${row.version}, this one reads ${SQLITE_SCHEMA_VERSION}).`, { file: this.file });
        }
      }).immediate();
    });
  }

  /**
   * For a long-running service: checkpoints move to a worker thread (wal-checkpointer.ts),
   * so no request waits for one. Not for short commands such as `keys create`.
   */
  checkpointInBackground(everyMs?: number): WalCheckpointer {
    if (this.checkpointer === null) {
      this.db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
      this.checkpointer = new WalCheckpointer(this.file, everyMs);
    }
    return this.checkpointer;
  }

  async close(): Promise<void> {
    if (this.checkpointer !== null) await this.checkpointer.stop();
    this.checkpointer = null;
    if (this.db.open) this.db.close();
  }

  insertKey(key: ApiKeyRow): Promise<void> {
    return this.run(() => {
      this.prepared("INSERT INTO api_keys (id, scope, secret_hash, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(key.id, key.scope, key.secretHash, key.label, key.createdAt, key.revokedAt);
    });
  }

  findKey(id: string): Promise<ApiKeyRow | null> {
    return this.run(() => {
      const row = this.prepared("SELECT * FROM api_keys WHERE id = ?").get(id) as KeyRecord | undefined;
      return row === undefined ? null : keyOf(row);
    });
  }

  listKeys(): Promise<ApiKeyRow[]> {
    return this.run(() => (this.prepared("SELECT * FROM api_keys ORDER BY created_at, id").all() as KeyRecord[]).map(keyOf));
  }

  revokeKey(id: string, revokedAt: string): Promise<boolean> {
    return this.run(() => this.prepared("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(revokedAt, id).changes > 0);
  }

  insertModel(model: Omit<StoredModelRow, "version">): Promise<StoredModelRow> {
    return this.run(() =>
      this.db.transaction((): StoredModelRow => {
        const last = this.prepared("SELECT max(version) AS version FROM models WHERE name = ?").get(model.name) as { version: number | null };
        const version = (last.version ?? 0) + 1;
        this.prepared("INSERT INTO models (name, version, sha256, body, uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?)")
          .run(model.name, version, model.sha256, model.body, model.uploadedAt, model.uploadedBy);
        return { ...model, version };
      }).immediate(),
    );
  }

  getModel(name: string, version: number): Promise<StoredModelRow | null> {
    return this.run(() => {
      const row = this.prepared("SELECT * FROM models WHERE name = ? AND version = ?").get(name, version) as ModelRecord | undefined;
      return row === undefined ? null : modelOf(row);
    });
  }

  listModels(): Promise<StoredModelRow[]> {
    return this.run(() =>
      (this.prepared("SELECT name, version, sha256, '' AS body, uploaded_at, uploaded_by FROM models ORDER BY name, version").all() as ModelRecord[]).map(modelOf),
    );
  }

  insertActivation(activation: ActivationRow): Promise<void> {
    return this.run(() => {
      this.prepared("INSERT INTO activations (name, version, activated_at, activated_by) VALUES (?, ?, ?, ?)")
        .run(activation.name, activation.version, activation.activatedAt, activation.activatedBy);
    });
  }

  listActivations(name?: string): Promise<ActivationRow[]> {
    return this.run(() => {
      const rows = name === undefined
        ? this.prepared("SELECT name, version, activated_at, activated_by FROM activations ORDER BY seq").all()
        : this.prepared("SELECT name, version, activated_at, activated_by FROM activations WHERE name = ? ORDER BY seq").all(name);
      return (rows as ActivationRecord[]).map(activationOf);
    });
  }

  insertScores(scores: readonly ScoreRow[]): Promise<void> {
    if (scores.length === 0) return Promise.resolve();
    return this.run(() => {
      // Scores are a log for monitoring, not acknowledged records: their commits skip the
      // fsync (WAL + NORMAL still survives a killed process) so a batch does not hold the
      // event loop for a disk flush; the next FULL commit flushes them with it.
      this.db.pragma("synchronous = NORMAL");
      try {
        this.insertScoreRows(scores);
      } finally {
        this.db.pragma("synchronous = FULL");
      }
    });
  }

  private insertScoreRows(scores: readonly ScoreRow[]): void {
    this.db.transaction(() => {
      for (let start = 0; start < scores.length; start += ROWS_PER_INSERT) {
        const chunk = scores.slice(start, start + ROWS_PER_INSERT);
        const params: unknown[] = [];
        for (const s of chunk) {
          params.push(s.recordId, s.model, s.version, s.experiment, s.arm, s.shadow ? 1 : 0, s.probability, s.score, s.grade, s.reasons, s.record, s.scoredAt);
        }
        this.prepared(multiRowInsert("scores", "record_id, model, version, experiment, arm, shadow, probability, score, grade, reasons, record, scored_at", 12, chunk.length))
          .run(...params);
      }
    }).immediate();
  }

  listScores(query: ScoreQuery): Promise<ScoreWithOutcome[]> {
    return this.run(() => {
      const where = scoreWhere(query, "sqlite");
      // Page the scores first, then join outcomes to that page only.
      const order = scoreOrderBy(query.order);
      const sql = `SELECT ${SCORE_COLUMNS} FROM (SELECT * FROM scores s ${where.sql} ${order} LIMIT ? OFFSET ?) s LEFT JOIN outcomes o ON o.record_id = s.record_id ${order}`;
      const rows = this.prepared(sql).all(...where.params, query.limit, query.offset ?? 0) as ScoreRecord[];
      return rows.map(scoreOf);
    });
  }

  countScores(filter?: ScoreFilter): Promise<number> {
    return this.run(() => {
      if (filter === undefined) return (this.prepared("SELECT count(*) AS n FROM scores").get() as { n: number }).n;
      const where = scoreWhere(filter, "sqlite");
      return (this.prepared(`SELECT count(*) AS n FROM scores s ${where.sql}`).get(...where.params) as { n: number }).n;
    });
  }

  gradeOutcomes(model?: string): Promise<GradeOutcomeRow[]> {
    return this.run(() => {
      const where = scoreWhere(model === undefined ? {} : { model }, "sqlite");
      const rows = this.prepared(
        `SELECT s.grade AS grade, count(*) AS scored, count(o.record_id) AS with_outcome, coalesce(sum(o.converted), 0) AS converted
         FROM scores s LEFT JOIN outcomes o ON o.record_id = s.record_id ${where.sql} GROUP BY s.grade ORDER BY s.grade`,
      ).all(...where.params) as GradeRecord[];
      return rows.map((r) => ({ grade: r.grade, scored: r.scored, withOutcome: r.with_outcome, converted: r.converted }));
    });
  }

  insertOutcomes(outcomes: readonly OutcomeRow[]): Promise<void> {
    if (outcomes.length === 0) return Promise.resolve();
    const unique = lastOutcomePerRecord(outcomes);
    // Resolves after COMMIT returned, i.e. after the WAL fsync (synchronous = FULL).
    return this.run(() => {
      this.db.transaction(() => {
        for (let start = 0; start < unique.length; start += ROWS_PER_INSERT) {
          const chunk = unique.slice(start, start + ROWS_PER_INSERT);
          const params: unknown[] = [];
          for (const o of chunk) params.push(o.recordId, o.converted ? 1 : 0, o.at, o.receivedAt);
          const insert = multiRowInsert("outcomes", "record_id, converted, at, received_at", 4, chunk.length);
          this.prepared(`${insert} ON CONFLICT (record_id) DO UPDATE SET converted = excluded.converted, at = excluded.at, received_at = excluded.received_at`)
            .run(...params);
        }
      }).immediate();
    });
  }

  countOutcomes(): Promise<number> {
    return this.run(() => (this.prepared("SELECT count(*) AS n FROM outcomes").get() as { n: number }).n);
  }

  findOutcomes(recordIds: readonly string[]): Promise<OutcomeRow[]> {
    // json_each keeps one prepared statement for any number of ids.
    return this.run(() =>
      (this.prepared("SELECT o.* FROM outcomes o WHERE o.record_id IN (SELECT value FROM json_each(?)) ORDER BY o.record_id")
        .all(JSON.stringify(recordIds)) as OutcomeRecord[]).map(outcomeOf),
    );
  }

  experimentScores(experiment: string): Promise<ScoreWithOutcome[]> {
    return this.run(() =>
      (this.prepared(`SELECT ${SCORE_COLUMNS} FROM scores s LEFT JOIN outcomes o ON o.record_id = s.record_id WHERE s.experiment = ? ORDER BY s.seq`)
        .all(experiment) as ScoreRecord[]).map(scoreOf),
    );
  }

  putExperiment(experiment: ExperimentRow): Promise<void> {
    return this.run(() => {
      this.prepared(
        `INSERT INTO experiments (name, arms, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET arms = excluded.arms, updated_at = excluded.updated_at`,
      ).run(experiment.name, JSON.stringify(experiment.arms), experiment.createdAt, experiment.updatedAt);
    });
  }

  getExperiment(name: string): Promise<ExperimentRow | null> {
    return this.run(() => {
      const row = this.prepared("SELECT * FROM experiments WHERE name = ?").get(name) as ExperimentRecord | undefined;
      return row === undefined ? null : experimentOf(row);
    });
  }

  listExperiments(): Promise<ExperimentRow[]> {
    return this.run(() => (this.prepared("SELECT * FROM experiments ORDER BY name").all() as ExperimentRecord[]).map(experimentOf));
  }

  /** Statements are compiled once per SQL text and reused. */
  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs synchronous work as a promise, turning SQLite failures into rejections. */
  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      if (error instanceof LeadscoreError) return Promise.reject(error);
      return Promise.reject(new LeadscoreError("internal", `Database ${this.file}: ${reasonOf(error)}.`, { file: this.file }));
    }
  }
}

function multiRowInsert(table: string, columns: string, columnCount: number, rows: number): string {
  const row = `(${new Array<string>(columnCount).fill("?").join(", ")})`;
  return `INSERT INTO ${table} (${columns}) VALUES ${new Array<string>(rows).fill(row).join(", ")}`;
}

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
}

