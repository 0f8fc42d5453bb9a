// Opens the SQLite database (the only file that imports better-sqlite3): WAL, durable, tuned for a Pi.

import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type SqliteDb = Database.Database;
export type SqliteStatement = Database.Statement;

export interface OpenOptions {
  /** Path of the database file, or ":memory:". */
  file: string;
  readonly?: boolean;
}

export function openSqlite({ file, readonly = false }: OpenOptions): SqliteDb {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { readonly });
  if (!readonly) {
    // Set before WAL mode: switching to WAL writes the header, after which only a rebuild changes it.
    // Space freed by retention is returned to the file system in steps, without a full VACUUM.
    if (db.pragma("auto_vacuum", { simple: true }) !== 2) {
      db.pragma("auto_vacuum = INCREMENTAL");
      const { n } = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
      // An existing file only switches vacuum mode through a full rebuild; a new one needs none.
      if (n > 0) db.exec("VACUUM");
    }
    // WAL lets the API read while ingest writes; synchronous=NORMAL in WAL mode is durable
    // against a process crash (kill -9) and loses at most the last commit on power loss.
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
  }
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma("cache_size = -4000"); // 4 MB page cache: bounded memory on a Pi
  db.pragma("temp_store = MEMORY");
  return db;
}

/** True when the error is SQLite's "database or disk is full". */
export function isDiskFull(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "SQLITE_FULL";
}
