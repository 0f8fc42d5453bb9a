// Reads what the service stored, straight from its SQLite file (read-only, while it runs or after).
import path from "node:path";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";

export interface StoredEvent {
  ts: number;
  entity: string;
  state: string;
  source: string;
}

export function storedEvents(dataDir: string, fromMs: number): StoredEvent[] {
  const db = openSqlite({ file: path.join(dataDir, "home-patterns.sqlite"), readonly: true });
  try {
    return db
      .prepare(
        `SELECT e.ts AS ts, n.entity_id AS entity, s.value AS state, o.name AS source
         FROM events e JOIN entities n ON n.id = e.entity JOIN states s ON s.id = e.state JOIN sources o ON o.id = e.source
         WHERE e.ts >= ? ORDER BY e.ts`,
      )
      .all(fromMs) as StoredEvent[];
  } finally {
    db.close();
  }
}

/**
 * Per entity: HA's changes missing from the store, and stored events HA has no change for. Two
 * changes of an entity to the same state in the same millisecond are one event to the store
 * (its key is time in ms, entity, state); they are counted apart as `sameMs`.
 */
export function compareWithHa(
  haChanges: Map<string, { ts: number; state: string }[]>,
  stored: StoredEvent[],
): { changes: number; sameMs: number; stored: number; lost: number; duplicated: number; perEntity: string[] } {
  let changes = 0;
  let sameMs = 0;
  let storedCount = 0;
  let lost = 0;
  let duplicated = 0;
  const perEntity: string[] = [];
  for (const [entity, list] of haChanges) {
    const mine = stored.filter((e) => e.entity === entity);
    const keys = new Set(mine.map((e) => `${e.ts}|${e.state}`));
    const haKeys = new Set(list.map((c) => `${c.ts}|${c.state}`));
    const missing = [...haKeys].filter((k) => !keys.has(k)).length;
    const extra = mine.filter((e) => !haKeys.has(`${e.ts}|${e.state}`)).length;
    changes += list.length;
    sameMs += list.length - haKeys.size;
    storedCount += mine.length;
    lost += missing;
    duplicated += extra + (mine.length - keys.size);
    perEntity.push(`${entity} HA ${list.length} / stored ${mine.length}`);
  }
  return { changes, sameMs, stored: storedCount, lost, duplicated, perEntity };
}
