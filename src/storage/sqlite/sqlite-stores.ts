// Opens the embedded SQLite database, migrates it at start, and builds the stores over it.
import path from "node:path";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { packageRoot } from "../../core/package-root.js";
import { migrate, readMigrations } from "../migrate.js";
import { DanglingRows } from "./dangling-rows.js";
import { removeDanglingRows } from "./dangling-rows-pass.js";
import { SqliteCursorStore } from "./sqlite-cursor-store.js";
import { openSqlite, type SqliteDb } from "./sqlite-database.js";
import { SqliteEventStore } from "./sqlite-event-store.js";
import { SqliteRegistryStore } from "./sqlite-registry-store.js";

export interface SqliteStores {
  db: SqliteDb;
  file: string;
  events: SqliteEventStore;
  registry: SqliteRegistryStore;
  cursors: SqliteCursorStore;
  /** Rows with ids in no dictionary: removed at open, skipped by readers since (/api/health, /api/metrics). */
  dangling: DanglingRows;
  close(): void;
}

export function migrationsDir(): string {
  return path.join(packageRoot(), "migrations");
}

export function openSqliteStores(opts: {
  dataDir: string;
  logger: Logger;
  now: () => number;
  file?: string;
}): SqliteStores {
  const file = opts.file ?? path.join(opts.dataDir, "home-patterns.sqlite");
  const db = openSqlite({ file });
  migrate(db, readMigrations(migrationsDir()), {
    now: opts.now,
    onStep: (s) => opts.logger.info(`migration ${s.direction}`, { version: s.version, name: s.name }),
  });
  const dangling = new DanglingRows();
  try {
    const removed = removeDanglingRows(db, opts.now);
    if (removed && Object.values(removed).some((n) => n > 0)) {
      dangling.removedAtOpen(removed);
      opts.logger.warn(
        "removed rows that referred to ids no dictionary has (an interrupted forget, an edit by hand?)",
        {
          removed,
        },
      );
    }
  } catch (err) {
    // Not worth failing the start for (a full disk, another writer holding the lock too long):
    // readers leave such rows out, and the pass runs again at the next open.
    opts.logger.warn("could not check for rows that refer to ids no dictionary has", { error: errorMessage(err) });
  }
  return {
    db,
    file,
    events: new SqliteEventStore(db, dangling),
    dangling,
    registry: new SqliteRegistryStore(db),
    cursors: new SqliteCursorStore(db, opts.now),
    close: () => {
      if (!db.open) return;
      try {
        // Fold the WAL back into the main file so a copy of the data dir is complete.
        db.pragma("wal_checkpoint(TRUNCATE)");
      } catch (err) {
        // On a full disk the checkpoint fails; the WAL is replayed at the next open, and the
        // database must still be closed (an open handle keeps the disk busy).
        opts.logger.warn("could not fold the WAL into the database before closing", { error: errorMessage(err) });
      } finally {
        db.close();
      }
    },
  };
}
