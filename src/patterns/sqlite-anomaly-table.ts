// Anomalies in SQLite (table from migration 0003): the anomaly half of SqlitePatternStore.
import type { SqliteDb } from "../storage/sqlite/sqlite-database.js";
import type { AnomalyKind } from "./finding.js";
import type { AnomalyQuery, AnomalyRecord, AnomalyStatus, PatternStore, StoredAnomaly } from "./pattern-store.js";

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

export class SqliteAnomalyTable
  implements
    Pick<
      PatternStore,
      "getAnomaly" | "getAnomalyByKey" | "listAnomalies" | "putAnomaly" | "normalSignatures" | "deleteAnomaliesBefore"
    >
{
  constructor(private readonly db: SqliteDb) {}

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
