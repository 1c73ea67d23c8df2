/**
 * Rows as both back ends return them (snake_case columns) and their conversion into the
 * Store's rows. The one difference between them: a true/false column comes back from
 * PostgreSQL as a boolean and from SQLite as 0/1.
 */
import type {
  ActivationRow,
  ApiKeyRow,
  ExperimentArm,
  ExperimentRow,
  KeyScope,
  OutcomeRow,
  ScoreWithOutcome,
  StoredModelRow,
} from "./store.js";

export type StoredFlag = boolean | number;

export interface KeyRecord { id: string; scope: string; secret_hash: string; label: string; created_at: string; revoked_at: string | null }
export interface ModelRecord { name: string; version: number; sha256: string; body: string; uploaded_at: string; uploaded_by: string }
export interface ActivationRecord { name: string; version: number; activated_at: string; activated_by: string }
export interface ScoreRecord {
  record_id: string; model: string; version: number; experiment: string | null; arm: string | null; shadow: StoredFlag;
  probability: number; score: number; grade: string; reasons: string; record: string; scored_at: string; converted: StoredFlag | null;
}
export interface OutcomeRecord { record_id: string; converted: StoredFlag; at: string; received_at: string }
export interface ExperimentRecord { name: string; arms: string; created_at: string; updated_at: string }

/** The columns of a score joined with its outcome (`scores s LEFT JOIN outcomes o`). */
export const SCORE_COLUMNS = "s.record_id, s.model, s.version, s.experiment, s.arm, s.shadow, s.probability, s.score, s.grade, s.reasons, s.record, s.scored_at, o.converted";

function flagOf(value: StoredFlag): boolean {
  return value === true || value === 1;
}

export function keyOf(r: KeyRecord): ApiKeyRow {
  return { id: r.id, scope: r.scope as KeyScope, secretHash: r.secret_hash, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at };
}

export function modelOf(r: ModelRecord): StoredModelRow {
  return { name: r.name, version: r.version, sha256: r.sha256, body: r.body, uploadedAt: r.uploaded_at, uploadedBy: r.uploaded_by };
}

export function activationOf(r: ActivationRecord): ActivationRow {
  return { name: r.name, version: r.version, activatedAt: r.activated_at, activatedBy: r.activated_by };
}

export function scoreOf(r: ScoreRecord): ScoreWithOutcome {
  return {
    recordId: r.record_id, model: r.model, version: r.version, experiment: r.experiment, arm: r.arm, shadow: flagOf(r.shadow),
    probability: r.probability, score: r.score, grade: r.grade, reasons: r.reasons, record: r.record, scoredAt: r.scored_at,
    converted: r.converted === null ? null : flagOf(r.converted),
  };
}

export function outcomeOf(r: OutcomeRecord): OutcomeRow {
  return { recordId: r.record_id, converted: flagOf(r.converted), at: r.at, receivedAt: r.received_at };
}

export function experimentOf(r: ExperimentRecord): ExperimentRow {
  return { name: r.name, arms: JSON.parse(r.arms) as ExperimentArm[], createdAt: r.created_at, updatedAt: r.updated_at };
}
