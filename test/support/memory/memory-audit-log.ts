// The audit trail in memory: for tests.
import {
  type AuditEntry,
  type AuditLog,
  type AuditQuery,
  auditLimit,
  type NewAuditEntry,
} from "../../../src/storage/audit-log.js";

export class MemoryAuditLog implements AuditLog {
  private entries: AuditEntry[] = [];
  private nextId = 1;

  record(entry: NewAuditEntry): AuditEntry {
    const stored: AuditEntry = {
      ...entry,
      details: entry.details ? structuredClone(entry.details) : null,
      id: this.nextId++,
    };
    this.entries.push(stored);
    return structuredClone(stored);
  }

  list(query: AuditQuery = {}): AuditEntry[] {
    const limit = auditLimit(query);
    const out: AuditEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.entries[i];
      if (query.beforeId !== undefined && e.id >= query.beforeId) continue;
      if (query.target !== undefined && e.target !== query.target) continue;
      if (query.actorId !== undefined && e.actorId !== query.actorId) continue;
      if (query.action !== undefined && e.action !== query.action) continue;
      out.push(structuredClone(e));
    }
    return out;
  }

  deleteBefore(before: number): number {
    const kept = this.entries.filter((e) => e.ts >= before);
    const removed = this.entries.length - kept.length;
    this.entries = kept;
    return removed;
  }
}
