// The pattern catalog in SQLite (tables from migration 0003); anomalies live in their own table class.
import type { SqliteDb } from "../storage/sqlite/sqlite-database.js";
import type { TypedParams } from "./finding.js";
import type {
  AnomalyQuery,
  AnomalyRecord,
  PatternQuery,
  PatternRecord,
  PatternStatus,
  PatternStore,
  StoredAnomaly,
  StoredPattern,
} from "./pattern-store.js";
import { SqliteAnomalyTable } from "./sqlite-anomaly-table.js";

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

export class SqlitePatternStore implements PatternStore {
  private readonly anomalies: SqliteAnomalyTable;

  constructor(private readonly db: SqliteDb) {
    this.anomalies = new SqliteAnomalyTable(db);
  }

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
    this.transaction(() =>
      ids.forEach((id) => {
        stmt.run(id);
      }),
    );
  }

  getAnomaly(id: number): StoredAnomaly | undefined {
    return this.anomalies.getAnomaly(id);
  }

  getAnomalyByKey(key: string): StoredAnomaly | undefined {
    return this.anomalies.getAnomalyByKey(key);
  }

  listAnomalies(query: AnomalyQuery = {}): StoredAnomaly[] {
    return this.anomalies.listAnomalies(query);
  }

  putAnomaly(r: AnomalyRecord): StoredAnomaly {
    return this.anomalies.putAnomaly(r);
  }

  normalSignatures(): Set<string> {
    return this.anomalies.normalSignatures();
  }

  deleteAnomaliesBefore(before: number): number {
    return this.anomalies.deleteAnomaliesBefore(before);
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
    // Written together from one typed Finding (putPattern), so they read back as a pair.
    ...({ type: r.type, params: JSON.parse(r.params) } as TypedParams),
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
    status: r.status as PatternStatus,
    snoozedUntil: r.snoozed_until,
    missedRuns: r.missed_runs,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    updatedAt: r.updated_at,
  };
}
