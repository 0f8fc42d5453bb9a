// Runs the pattern store contract against the SQLite and in-memory implementations.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { SqlitePatternStore } from "../../src/patterns/sqlite-pattern-store.js";
import { migrate, readMigrations } from "../../src/storage/migrate.js";
import { openSqlite, type SqliteDb } from "../../src/storage/sqlite/sqlite-database.js";
import { MemoryPatternStore } from "../support/memory/memory-pattern-store.js";
import { patternStoreContract } from "./pattern-store.contract.js";

const opened: SqliteDb[] = [];
function sqlite(): SqlitePatternStore {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-patterns-"));
  const db = openSqlite({ file: path.join(dir, "test.sqlite") });
  migrate(db, readMigrations(path.resolve(import.meta.dirname, "../../migrations")));
  opened.push(db);
  return new SqlitePatternStore(db);
}
afterAll(() =>
  opened.forEach((db) => {
    db.close();
  }),
);

patternStoreContract("sqlite", sqlite);
patternStoreContract("memory", () => new MemoryPatternStore());
