// Forgets a subject in the SQLite tables outside L1 and L2/L3: the L4 catalog, anomalies and the audit trail (feedback included).
import type { SqliteDb } from "../storage/sqlite/sqlite-database.js";
import { type ForgetSubject, names } from "./forget-subject.js";

export interface CatalogForgetCounts {
  patterns: number;
  anomalies: number;
  auditEntries: number;
  /** Days of an automation's run counts (the quiet-automation check), when the subject is one. */
  automationRunDays: number;
}

/**
 * A pattern, anomaly or audit row goes when any of its text columns names the subject
 * (its entities, users, key, evidence, details). Rows are few (the catalog is capped), so each
 * is read and judged here rather than by a LIKE that would also match light.kitchen_2.
 */
export function forgetInCatalog(db: SqliteDb, subject: ForgetSubject): CatalogForgetCounts {
  return db.transaction(() => ({
    patterns: deleteNaming(db, "patterns", "id", subject),
    anomalies: deleteNaming(db, "anomalies", "id", subject),
    auditEntries: deleteNaming(db, "audit_log", "id", subject),
    automationRunDays:
      subject.kind === "entity"
        ? db.prepare("DELETE FROM automation_run_days WHERE automation = ?").run(subject.id).changes
        : 0,
  }))();
}

/** The rows of a catalog table that name the subject: what export shows and forget removes. */
export function rowsNaming(db: SqliteDb, table: CatalogTable, subject: ForgetSubject): Record<string, unknown>[] {
  const rows = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
  return rows.filter((row) => Object.values(row).some((v) => typeof v === "string" && names(v, subject.id)));
}

export type CatalogTable = "patterns" | "anomalies" | "audit_log";

function deleteNaming(db: SqliteDb, table: CatalogTable, idColumn: string, subject: ForgetSubject): number {
  const del = db.prepare(`DELETE FROM ${table} WHERE ${idColumn} = ?`);
  let n = 0;
  for (const row of rowsNaming(db, table, subject)) {
    if (table === "patterns") db.prepare("DELETE FROM pattern_entities WHERE pattern_id = ?").run(row[idColumn]);
    n += del.run(row[idColumn]).changes;
  }
  return n;
}

/** An automation's run counts per day, as export shows them. */
export function automationRunDays(db: SqliteDb, subject: ForgetSubject): Record<string, unknown>[] {
  if (subject.kind !== "entity") return [];
  return db.prepare("SELECT * FROM automation_run_days WHERE automation = ? ORDER BY day").all(subject.id) as Record<
    string,
    unknown
  >[];
}

/** Rewrites the file without free pages and empties the WAL, so no deleted row lingers on disk. */
export function compactSqlite(db: SqliteDb): void {
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("VACUUM");
  db.pragma("wal_checkpoint(TRUNCATE)");
}
