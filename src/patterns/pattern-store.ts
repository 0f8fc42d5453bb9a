// L4 persistence contract: patterns keyed by a stable key and anomalies keyed per occurrence.
// The user's feedback on them is kept in the audit trail (storage/audit-log.ts).
import type { Anomaly, AnomalyKind, Finding, PatternType } from "./finding.js";

export const PATTERN_STATUSES = ["active", "accepted", "dismissed", "snoozed", "stale"] as const;
export type PatternStatus = (typeof PATTERN_STATUSES)[number];

export const ANOMALY_STATUSES = ["open", "dismissed", "normal"] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

/** A finding as the catalog keeps it, with its lifecycle. Times are epoch ms. */
export type PatternRecord = Finding & PatternLifecycle;

export interface PatternLifecycle {
  status: PatternStatus;
  /** Set while snoozed: the pattern is hidden until this time. */
  snoozedUntil: number | null;
  firstSeen: number;
  lastSeen: number;
  updatedAt: number;
  /** Consecutive runs of its detector that did not find it. */
  missedRuns: number;
}

export type StoredPattern = PatternRecord & { id: number };

export interface PatternQuery {
  type?: PatternType;
  area?: string;
  /** Patterns that involve this entity. */
  entity?: string;
  statuses?: readonly PatternStatus[];
}

export interface AnomalyRecord extends Anomaly {
  status: AnomalyStatus;
  /** What the user said ("this is normal", a note), when they said something. */
  feedback: string | null;
  /** Kind and subject: what a "this is normal" answer silences from then on. */
  signature: string;
  createdAt: number;
  updatedAt: number;
}

export interface StoredAnomaly extends AnomalyRecord {
  id: number;
}

export interface AnomalyQuery {
  kind?: AnomalyKind;
  entity?: string;
  area?: string;
  statuses?: readonly AnomalyStatus[];
  /** Only anomalies observed at or after this time. */
  since?: number;
  limit?: number;
}

/**
 * Storage only: the catalog (pattern-catalog.ts) owns the policy (first_seen kept, lifecycle,
 * caps, merging). Listing is ordered by usefulness, highest first, then id.
 */
export interface PatternStore {
  getPattern(id: number): StoredPattern | undefined;
  getPatternByKey(key: string): StoredPattern | undefined;
  listPatterns(query?: PatternQuery): StoredPattern[];
  /** Inserts, or replaces the row with the same key in place (same id): never a duplicate. */
  putPattern(record: PatternRecord): StoredPattern;
  deletePatterns(ids: readonly number[]): void;

  getAnomaly(id: number): StoredAnomaly | undefined;
  getAnomalyByKey(key: string): StoredAnomaly | undefined;
  /** Newest first. */
  listAnomalies(query?: AnomalyQuery): StoredAnomaly[];
  /** Inserts, or replaces the row with the same key in place (same id). */
  putAnomaly(record: AnomalyRecord): StoredAnomaly;
  /** Signatures the user marked as normal: such anomalies are not raised again. */
  normalSignatures(): Set<string>;
  /** Deletes anomalies observed before `before`; returns how many went. */
  deleteAnomaliesBefore(before: number): number;

  /** Runs fn atomically (all its writes or none). */
  transaction<T>(fn: () => T): T;
}
