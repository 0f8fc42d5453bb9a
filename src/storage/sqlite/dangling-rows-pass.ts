// Removes L1 events and event counters whose integer ids are in no dictionary, at store open (migration 0011).
import type { SqliteDb } from "./sqlite-database.js";

/** Each id column of L1 and the dictionary it refers to (optional columns are NULL for "none"). */
const EVENT_IDS: readonly [column: string, dictionary: string][] = [
  ["entity", "entities"],
  ["state", "states"],
  ["source", "sources"],
  ["prev", "states"],
  ["user", "users"],
  ["parent", "contexts"],
];
/** The L2/L3 blobs hold names, not ids: only the per-hour counters refer to dictionaries beside L1. */
const COUNT_IDS: readonly [column: string, dictionary: string][] = [
  ["entity", "entities"],
  ["source", "sources"],
];

/**
 * The SQL test that a column's id is not in its dictionary (false for NULL). A dictionary no row
 * ever left has no gaps in its ids: a range test then spares a lookup per event (a third of the
 * pass's time on a busy home's L1). Table and column names are this file's constants.
 */
function missingFrom(db: SqliteDb, column: string, dictionary: string): string {
  const { lo, hi, n } = db.prepare(`SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM ${dictionary}`).get() as {
    lo: number | null;
    hi: number | null;
    n: number;
  };
  if (n === 0 || lo === null || hi === null) return `${column} IS NOT NULL`;
  if (hi - lo + 1 === n) return `${column} NOT BETWEEN ${lo} AND ${hi}`;
  return `${column} NOT IN (SELECT id FROM ${dictionary})`;
}

function deleteMissing(db: SqliteDb, table: string, ids: readonly [string, string][]): number {
  const where = ids.map(([column, dictionary]) => missingFrom(db, column, dictionary)).join(" OR ");
  return db.prepare(`DELETE FROM ${table} WHERE ${where}`).run().changes;
}

/**
 * Runs the pass when migration 0011's flag says rows may dangle (once after the migration, and
 * after a row left a dictionary some other way than the store's forget), in one transaction with
 * clearing the flag. Returns the rows removed per table, or null when there was nothing to check.
 */
export function removeDanglingRows(db: SqliteDb, now: () => number): Record<string, number> | null {
  const pending = () => {
    const row = db.prepare("SELECT pending FROM integrity_checks WHERE id = 1").get() as
      | { pending: number }
      | undefined;
    return row?.pending !== 0;
  };
  // Asked before taking the write lock: a healthy store's open never waits for another writer.
  if (!pending()) return null;
  return db
    .transaction(() => {
      if (!pending()) return null;
      const removed = {
        events: deleteMissing(db, "events", EVENT_IDS),
        // After the events: their delete trigger has counted their hours down first.
        event_counts: deleteMissing(db, "event_counts", COUNT_IDS),
      };
      db.prepare(
        "INSERT INTO integrity_checks (id, pending, checked_at, removed) VALUES (1, 0, ?, ?) ON CONFLICT (id) DO UPDATE SET pending = 0, checked_at = excluded.checked_at, removed = excluded.removed",
      ).run(now(), JSON.stringify(removed));
      return removed;
    })
    .immediate();
}

/**
 * Runs a delete that leaves no dangling row by construction (the store's forget: an entity's or a
 * person's events go in the same transaction as their dictionary row) without asking the next
 * open for a pass over every event: the flag is what it was before. Call inside a transaction.
 */
export function keepingIntegrityFlag<T>(db: SqliteDb, fn: () => T): T {
  const hasFlag = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'integrity_checks'").get();
  if (!hasFlag) return fn();
  const before = db.prepare("SELECT pending FROM integrity_checks WHERE id = 1").get() as
    | { pending: number }
    | undefined;
  const result = fn();
  if (before) db.prepare("UPDATE integrity_checks SET pending = ? WHERE id = 1").run(before.pending);
  return result;
}
