// The audit trail in SQLite (table audit_log, migration 0004).
import { type AuditEntry, type AuditLog, type AuditQuery, auditLimit, type NewAuditEntry } from "../audit-log.js";
import type { SqliteDb } from "./sqlite-database.js";

interface Row {
  id: number;
  ts: number;
  actor_id: string | null;
  actor_name: string;
  via: string;
  action: string;
  target: string | null;
  details: string | null;
}

export class SqliteAuditLog implements AuditLog {
  constructor(private readonly db: SqliteDb) {}

  record(entry: NewAuditEntry): AuditEntry {
    const details = entry.details ? JSON.stringify(entry.details) : null;
    const result = this.db
      .prepare(
        "INSERT INTO audit_log (ts, actor_id, actor_name, via, action, target, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(entry.ts, entry.actorId, entry.actorName, entry.via, entry.action, entry.target, details);
    return { ...entry, details: details ? JSON.parse(details) : null, id: Number(result.lastInsertRowid) };
  }

  list(query: AuditQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.beforeId !== undefined) {
      where.push("id < ?");
      params.push(query.beforeId);
    }
    for (const [column, value] of [
      ["target", query.target],
      ["actor_id", query.actorId],
      ["action", query.action],
    ] as const) {
      if (value !== undefined) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    }
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, auditLimit(query)) as Row[];
    return rows.map(toEntry);
  }

  deleteBefore(before: number): number {
    return this.db.prepare("DELETE FROM audit_log WHERE ts < ?").run(before).changes;
  }
}

function toEntry(row: Row): AuditEntry {
  return {
    id: row.id,
    ts: row.ts,
    actorId: row.actor_id,
    actorName: row.actor_name,
    via: row.via,
    action: row.action,
    target: row.target,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  };
}
