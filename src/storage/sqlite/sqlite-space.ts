// Measures and reclaims the space the SQLite database takes on disk (main file, WAL, per table).
import { statSync } from "node:fs";
import type { SqliteDb } from "./sqlite-database.js";

export interface SqliteSpace {
  /** Main database file size (page_count × page_size). */
  fileBytes: number;
  walBytes: number;
  /** Pages that are free inside the file (reused before it grows; returned by incremental_vacuum). */
  freeBytes: number;
}

export function measureSqlite(db: SqliteDb, file: string): SqliteSpace {
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  const pages = db.pragma("page_count", { simple: true }) as number;
  const free = db.pragma("freelist_count", { simple: true }) as number;
  return { fileBytes: pages * pageSize, walBytes: fileSize(`${file}-wal`), freeBytes: free * pageSize };
}

/**
 * Bytes per table including its indexes, from the dbstat virtual table. It reads every page, so
 * callers cache it; null when this SQLite build has no dbstat.
 */
export function tableBytes(db: SqliteDb): Map<string, number> | null {
  try {
    const rows = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name").all() as {
      name: string;
      bytes: number;
    }[];
    const indexOwner = new Map(
      (
        db.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'").all() as {
          name: string;
          tbl_name: string;
        }[]
      ).map((r) => [r.name, r.tbl_name]),
    );
    const out = new Map<string, number>();
    for (const r of rows) {
      const table = indexOwner.get(r.name) ?? r.name;
      out.set(table, (out.get(table) ?? 0) + r.bytes);
    }
    return out;
  } catch {
    return null;
  }
}

/** Returns free pages to the file system: incremental vacuum, then a WAL checkpoint that truncates. */
export function reclaimSpace(db: SqliteDb): { freedBytes: number } {
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  const before = db.pragma("page_count", { simple: true }) as number;
  db.pragma("incremental_vacuum");
  // The shrunken file only reaches the disk when the WAL is folded back into it.
  db.pragma("wal_checkpoint(TRUNCATE)");
  const after = db.pragma("page_count", { simple: true }) as number;
  return { freedBytes: Math.max(0, before - after) * pageSize };
}

export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
