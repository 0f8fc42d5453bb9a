// Runs the AuditLog contract against SQLite (all migrations applied) and memory, and checks 0004 rolls back.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { createMemoryLogger } from "../../src/core/logger.js";
import { currentVersion, migrate, readMigrations } from "../../src/storage/migrate.js";
import { SqliteAuditLog } from "../../src/storage/sqlite/sqlite-audit-log.js";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";
import { migrationsDir, openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { auditLogContract } from "./audit-log.contract.js";

const opened: SqliteStores[] = [];
function sqlite(): SqliteStores {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-audit-"));
  const stores = openSqliteStores({ dataDir: dir, logger: createMemoryLogger(), now: () => 0 });
  opened.push(stores);
  return stores;
}
afterAll(() =>
  opened.forEach((s) => {
    s.close();
  }),
);

auditLogContract("sqlite", () => new SqliteAuditLog(sqlite().db));
auditLogContract("memory", () => new MemoryAuditLog());

it("migration 0004 creates audit_log and its down file removes it again", () => {
  const db = openSqlite({ file: ":memory:" });
  const migrations = readMigrations(migrationsDir());
  migrate(db, migrations);
  const tables = () =>
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
  expect(tables()).toEqual(["audit_log"]);
  const below = Math.max(0, ...migrations.filter((m) => m.version < 4).map((m) => m.version));
  migrate(db, migrations, { to: below });
  expect(tables()).toEqual([]);
  expect(currentVersion(db)).toBe(below);
  db.close();
});
