// Opens the embedded SQLite database, migrates it at start, and builds the stores over it.
import path from "node:path";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { packageRoot } from "../../core/package-root.js";
import { migrate, readMigrations } from "../migrate.js";
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
  return {
    db,
    file,
    events: new SqliteEventStore(db),
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
