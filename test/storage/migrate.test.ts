// Migrations: applied in order inside transactions, rolled back with --to, checked by checksum.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { currentVersion, migrate, readMigrations } from "../../src/storage/migrate.js";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";

function fixtureDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-mig-"));
  writeFileSync(path.join(dir, "0001_first.up.sql"), "CREATE TABLE a (x INTEGER);");
  writeFileSync(path.join(dir, "0001_first.down.sql"), "DROP TABLE a;");
  writeFileSync(path.join(dir, "0002_second.up.sql"), "CREATE TABLE b (y INTEGER);");
  writeFileSync(path.join(dir, "0002_second.down.sql"), "DROP TABLE b;");
  return dir;
}
const tables = (db: ReturnType<typeof openSqlite>) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name IN ('a','b') ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe("migrate", () => {
  it("applies pending migrations in order and records them", () => {
    const db = openSqlite({ file: ":memory:" });
    const steps = migrate(db, readMigrations(fixtureDir()));
    expect(steps).toEqual([
      { version: 1, name: "first", direction: "up" },
      { version: 2, name: "second", direction: "up" },
    ]);
    expect(tables(db)).toEqual(["a", "b"]);
    expect(currentVersion(db)).toBe(2);
    expect(migrate(db, readMigrations(fixtureDir()))).toEqual([]);
  });

  it("plans without changing anything in a dry run", () => {
    const db = openSqlite({ file: ":memory:" });
    expect(migrate(db, readMigrations(fixtureDir()), { dryRun: true }).length).toBe(2);
    expect(currentVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it("rolls back with the down files to a target version", () => {
    const db = openSqlite({ file: ":memory:" });
    const files = readMigrations(fixtureDir());
    migrate(db, files);
    expect(migrate(db, files, { to: 1 })).toEqual([{ version: 2, name: "second", direction: "down" }]);
    expect(tables(db)).toEqual(["a"]);
    expect(currentVersion(db)).toBe(1);
  });

  it("refuses a migration that was edited after it was applied", () => {
    const dir = fixtureDir();
    const db = openSqlite({ file: ":memory:" });
    migrate(db, readMigrations(dir));
    writeFileSync(path.join(dir, "0001_first.up.sql"), "CREATE TABLE a (x INTEGER, z TEXT);");
    expect(() => migrate(db, readMigrations(dir))).toThrow("migration 1_first was changed after it was applied");
  });

  it("leaves nothing behind when a migration fails half way", () => {
    const dir = fixtureDir();
    writeFileSync(path.join(dir, "0003_broken.up.sql"), "CREATE TABLE c (z INTEGER); CREATE TABLE a (x INTEGER);");
    const db = openSqlite({ file: ":memory:" });
    expect(() => migrate(db, readMigrations(dir))).toThrow(/already exists/);
    expect(currentVersion(db)).toBe(2);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'c'").get()).toEqual({ n: 0 });
  });

  it("ships migrations that go up and all the way down again", () => {
    const db = openSqlite({ file: ":memory:" });
    const files = readMigrations(path.join(import.meta.dirname, "../../migrations"));
    migrate(db, files);
    migrate(db, files, { to: 0 });
    const left = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type='table' AND name <> 'schema_history' AND name NOT LIKE 'sqlite_%'",
      )
      .all();
    expect(left).toEqual([]);
  });
});
