// The pattern catalog, anomalies and feedback in SQLite (tables from migration 0003).
import type { SqliteDb } from "../storage/sqlite/sqlite-database.js";
import type { AnomalyKind, PatternType } from "./finding.js";
import type {
  AnomalyQuery,
  AnomalyRecord,
  AnomalyStatus,
  FeedbackEntry,
  PatternQuery,
  PatternRecord,
  PatternStatus,
  PatternStore,
  StoredAnomaly,
  StoredPattern,
} from "./pattern-store.js";

interface PatternRow {
  id: number;
  key: string;
  type: string;
  entities: string;
  area: string | null;
  summary: string;
  confidence: number;
  support: number;
  opportunities: number;
  lift: number | null;
  usefulness: number;
  automated: number;
  users: string;
  evidence: string;
  params: string;
  status: string;
  snoozed_until: number | null;
  missed_runs: number;
  first_seen: number;
  last_seen: number;
  updated_at: number;
}

interface AnomalyRow {
  id: number;
  key: string;
  kind: string;
  entity: string | null;
  area: string | null;
  ts: number;
  severity: string;
  summary: string;
  expected: string;
  details: string;
  status: string;
  feedback: string | null;
  signature: string;
  created_at: number;
  updated_at: number;
}

export class SqlitePatternStore implements PatternStore {
  constructor(private readonly db: SqliteDb) {}

  getPattern(id: number): StoredPattern | undefined {
    const row = this.db.prepare("SELECT * FROM patterns WHERE id = ?").get(id) as PatternRow | undefined;
    return row && toPattern(row);
  }

  getPatternByKey(key: string): StoredPattern | undefined {
    const row = this.db.prepare("SELECT * FROM patterns WHERE key = ?").get(key) as PatternRow | undefined;
    return row && toPattern(row);
  }

  listPatterns(query: PatternQuery = {}): StoredPattern[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.type) {
      where.push("p.type = ?");
      args.push(query.type);
    }
    if (query.area) {
      where.push("p.area = ?");
      args.push(query.area);
    }
    if (query.entity) {
      where.push("p.id IN (SELECT pattern_id FROM pattern_entities WHERE entity = ?)");
      args.push(query.entity);
    }
    if (query.statuses) {
      if (query.statuses.length === 0) return [];
      where.push(`p.status IN (${query.statuses.map(() => "?").join(", ")})`);
      args.push(...query.statuses);
    }
    const sql = `SELECT p.* FROM patterns p ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY p.usefulness DESC, p.id`;
    return (this.db.prepare(sql).all(...args) as PatternRow[]).map(toPattern);
  }

  putPattern(r: PatternRecord): StoredPattern {
    return this.transaction(() => {
      const row = this.db
        .prepare(
          `INSERT INTO patterns (key, type, entities, area, summary, confidence, support, opportunities, lift, usefulness,
             automated, users, evidence, params, status, snoozed_until, missed_runs, first_seen, last_seen, updated_at)
           VALUES (@key, @type, @entities, @area, @summary, @confidence, @support, @opportunities, @lift, @usefulness,
             @automated, @users, @evidence, @params, @status, @snoozed_until, @missed_runs, @first_seen, @last_seen, @updated_at)
           ON CONFLICT(key) DO UPDATE SET type = excluded.type, entities = excluded.entities, area = excluded.area,
             summary = excluded.summary, confidence = excluded.confidence, support = excluded.support,
             opportunities = excluded.opportunities, lift = excluded.lift, usefulness = excluded.usefulness,
             automated = excluded.automated, users = excluded.users, evidence = excluded.evidence, params = excluded.params,
             status = excluded.status, snoozed_until = excluded.snoozed_until, missed_runs = excluded.missed_runs,
             first_seen = excluded.first_seen, last_seen = excluded.last_seen, updated_at = excluded.updated_at
           RETURNING id`,
        )
        .get({
          key: r.key,
          type: r.type,
          entities: JSON.stringify(r.entities),
          area: r.area,
          summary: r.summary,
          confidence: r.confidence,
          support: r.support,
          opportunities: r.opportunities,
          lift: r.lift ?? null,
          usefulness: r.usefulness,
          automated: r.automated ? 1 : 0,
          users: JSON.stringify(r.users),
          evidence: JSON.stringify(r.evidence),
          params: JSON.stringify(r.params),
          status: r.status,
          snoozed_until: r.snoozedUntil,
          missed_runs: r.missedRuns,
          first_seen: r.firstSeen,
          last_seen: r.lastSeen,
          updated_at: r.updatedAt,
        }) as { id: number };
      this.db.prepare("DELETE FROM pattern_entities WHERE pattern_id = ?").run(row.id);
      const link = this.db.prepare("INSERT OR IGNORE INTO pattern_entities (pattern_id, entity) VALUES (?, ?)");
      for (const entity of r.entities) link.run(row.id, entity);
      return this.getPattern(row.id)!;
    });
  }

  deletePatterns(ids: readonly number[]): void {
    const stmt = this.db.prepare("DELETE FROM patterns WHERE id = ?");
    this.transaction(() => ids.forEach((id) => stmt.run(id)));
  }

  getAnomaly(id: number): StoredAnomaly | undefined {
    const row = this.db.prepare("SELECT * FROM anomalies WHERE id = ?").get(id) as AnomalyRow | undefined;
    return row && toAnomaly(row);
  }

  getAnomalyByKey(key: string): StoredAnomaly | undefined {
    const row = this.db.prepare("SELECT * FROM anomalies WHERE key = ?").get(key) as AnomalyRow | undefined;
    return row && toAnomaly(row);
  }

  listAnomalies(query: AnomalyQuery = {}): StoredAnomaly[] {
    const where: string[] = [];
    const args: unknown[] = [];
    for (const [column, value] of [
      ["kind", query.kind],
      ["entity", query.entity],
      ["area", query.area],
    ] as const) {
      if (value !== undefined) {
        where.push(`${column} = ?`);
        args.push(value);
      }
    }
    if (query.statuses) {
      if (query.statuses.length === 0) return [];
      where.push(`status IN (${query.statuses.map(() => "?").join(", ")})`);
      args.push(...query.statuses);
    }
    if (query.since !== undefined) {
      where.push("ts >= ?");
      args.push(query.since);
    }
    let sql = `SELECT * FROM anomalies ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ts DESC, id DESC`;
    if (query.limit !== undefined) {
      sql += " LIMIT ?";
      args.push(query.limit);
    }
    return (this.db.prepare(sql).all(...args) as AnomalyRow[]).map(toAnomaly);
  }

  putAnomaly(r: AnomalyRecord): StoredAnomaly {
    const row = this.db
      .prepare(
        `INSERT INTO anomalies (key, kind, entity, area, ts, severity, summary, expected, details, status, feedback,
           signature, created_at, updated_at)
         VALUES (@key, @kind, @entity, @area, @ts, @severity, @summary, @expected, @details, @status, @feedback,
           @signature, @created_at, @updated_at)
         ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, entity = excluded.entity, area = excluded.area,
           ts = excluded.ts, severity = excluded.severity, summary = excluded.summary, expected = excluded.expected,
           details = excluded.details, status = excluded.status, feedback = excluded.feedback,
           signature = excluded.signature, created_at = excluded.created_at, updated_at = excluded.updated_at
         RETURNING id`,
      )
      .get({
        key: r.key,
        kind: r.kind,
        entity: r.entity,
        area: r.area,
        ts: r.ts,
        severity: r.severity,
        summary: r.summary,
        expected: r.expected,
        details: JSON.stringify(r.details),
        status: r.status,
        feedback: r.feedback,
        signature: r.signature,
        created_at: r.createdAt,
        updated_at: r.updatedAt,
      }) as { id: number };
    return this.getAnomaly(row.id)!;
  }

  normalSignatures(): Set<string> {
    const rows = this.db.prepare("SELECT DISTINCT signature FROM anomalies WHERE status = 'normal'").all() as {
      signature: string;
    }[];
    return new Set(rows.map((r) => r.signature));
  }

  deleteAnomaliesBefore(before: number): number {
    // Anomalies marked normal stay: they carry the user's answer.
    return this.db.prepare("DELETE FROM anomalies WHERE ts < ? AND status != 'normal'").run(before).changes;
  }

  addFeedback(e: FeedbackEntry): void {
    this.db
      .prepare("INSERT INTO feedback (ts, target, target_key, action, actor, details) VALUES (?, ?, ?, ?, ?, ?)")
      .run(e.ts, e.target, e.targetKey, e.action, e.actor, JSON.stringify(e.details));
  }

  listFeedback(targetKey?: string): FeedbackEntry[] {
    const rows = (
      targetKey === undefined
        ? this.db.prepare("SELECT * FROM feedback ORDER BY ts, id").all()
        : this.db.prepare("SELECT * FROM feedback WHERE target_key = ? ORDER BY ts, id").all(targetKey)
    ) as { ts: number; target: string; target_key: string; action: string; actor: string | null; details: string }[];
    return rows.map((r) => ({
      ts: r.ts,
      target: r.target as FeedbackEntry["target"],
      targetKey: r.target_key,
      action: r.action as FeedbackEntry["action"],
      actor: r.actor,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }

  transaction<T>(fn: () => T): T {
    // Nested calls join the outer transaction instead of failing.
    if (this.db.inTransaction) return fn();
    return this.db.transaction(fn)();
  }
}

function toPattern(r: PatternRow): StoredPattern {
  return {
    id: r.id,
    type: r.type as PatternType,
    key: r.key,
    entities: JSON.parse(r.entities) as string[],
    area: r.area,
    summary: r.summary,
    confidence: r.confidence,
    support: r.support,
    opportunities: r.opportunities,
    ...(r.lift === null ? {} : { lift: r.lift }),
    usefulness: r.usefulness,
    automated: r.automated === 1,
    users: JSON.parse(r.users) as string[],
    evidence: JSON.parse(r.evidence) as StoredPattern["evidence"],
    params: JSON.parse(r.params) as Record<string, unknown>,
    status: r.status as PatternStatus,
    snoozedUntil: r.snoozed_until,
    missedRuns: r.missed_runs,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    updatedAt: r.updated_at,
  };
}

function toAnomaly(r: AnomalyRow): StoredAnomaly {
  return {
    id: r.id,
    key: r.key,
    kind: r.kind as AnomalyKind,
    entity: r.entity,
    area: r.area,
    ts: r.ts,
    severity: r.severity as StoredAnomaly["severity"],
    summary: r.summary,
    expected: r.expected,
    details: JSON.parse(r.details) as Record<string, unknown>,
    status: r.status as AnomalyStatus,
    feedback: r.feedback,
    signature: r.signature,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
