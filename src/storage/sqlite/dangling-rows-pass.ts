// Removes L1 events and event counters whose integer ids are in no dictionary, at store open (migration 0011).
import type { SqliteDb } from "./sqlite-database.js";

/**
 * Each id column and the dictionary it refers to. Optional columns are NULL for "none"; `NOT IN`
 * alone would count a NULL as missing when the dictionary is empty. The L2/L3 blobs hold names,
 * not ids: only event_counts (per hour, entity and source) refers to dictionaries beside L1.
 */
const EVENTS = `DELETE FROM events WHERE
  entity NOT IN (SELECT id FROM entities)
  OR state NOT IN (SELECT id FROM states)
  OR source NOT IN (SELECT id FROM sources)
  OR (prev IS NOT NULL AND prev NOT IN (SELECT id FROM states))
  OR (user IS NOT NULL AND user NOT IN (SELECT id FROM users))
  OR (parent IS NOT NULL AND parent NOT IN (SELECT id FROM contexts))`;
// After the events: their delete trigger has counted their hours down first.
const EVENT_COUNTS = `DELETE FROM event_counts WHERE
  entity NOT IN (SELECT id FROM entities) OR source NOT IN (SELECT id FROM sources)`;

/**
 * Runs the pass when migration 0011's flag says rows may dangle (once after the migration, and
 * after a row left a dictionary some other way than the store's forget), in one transaction with
 * clearing the flag. Returns the rows removed per table, or null when there was nothing to check.
 */
export function removeDanglingRows(db: SqliteDb, now: () => number): Record<string, number> | null {
  return db
    .transaction(() => {
      const row = db.prepare("SELECT pending FROM integrity_checks WHERE id = 1").get() as
        | { pending: number }
        | undefined;
      if (row && row.pending === 0) return null;
      const removed = {
        events: db.prepare(EVENTS).run().changes,
        event_counts: db.prepare(EVENT_COUNTS).run().changes,
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
