// Migration 0014 (each entity's unit) on a database as the current release (schema 13) keeps it: every row survives up and down.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../src/core/logger.js";
import { currentVersion, migrate, readMigrations } from "../../src/storage/migrate.js";
import { openSqlite, type SqliteDb } from "../../src/storage/sqlite/sqlite-database.js";
import { migrationsDir, openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

// The demo of release 0.1.0 with two days of history; migrated to 13 it is what the current release keeps.
const FIXTURE = path.join(import.meta.dirname, "../fixtures/release-0.1.0/home-patterns.sqlite.gz");
const T0 = Date.UTC(2026, 10, 23, 8);

function fileAtThirteen(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "hp-0014-")), "home-patterns.sqlite");
  writeFileSync(file, gunzipSync(readFileSync(FIXTURE)));
  const db = openSqlite({ file });
  migrate(db, readMigrations(migrationsDir()), { to: 13 });
  // What the current release writes for an entity whose events named a device class.
  db.prepare("UPDATE entities SET device_class = 'temperature', device_class_ts = ? WHERE entity_id = ?").run(
    T0,
    "sensor.living_room_temperature",
  );
  db.close();
  return file;
}

type Snapshot = Record<string, { columns: string[]; rows: number; digest: string }>;

/** Every table's columns (but those left out by table), row count and a digest of its rows in a stable order. */
function snapshot(db: SqliteDb, leaveOut: Record<string, string[]> = {}): Snapshot {
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  )
    .map((t) => t.name)
    .filter((t) => t !== "schema_history")
    .sort();
  const out: Snapshot = {};
  for (const table of tables) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[])
      .map((c) => c.name)
      .filter((c) => !leaveOut[table]?.includes(c));
    const list = columns.map((c) => `"${c}"`).join(", ");
    const rows = db.prepare(`SELECT ${list} FROM "${table}" ORDER BY ${list}`).raw().all() as unknown[][];
    const hash = createHash("sha256");
    for (const row of rows)
      hash.update(JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? v.toString("base64") : v))));
    out[table] = { columns, rows: rows.length, digest: hash.digest("hex") };
  }
  return out;
}

const entityColumns = (db: SqliteDb) =>
  (db.prepare("SELECT name FROM pragma_table_info('entities')").all() as { name: string }[]).map((c) => c.name);

describe("migration 0014 (each entity's unit)", () => {
  it("adds the unit to a current release's database and takes it away again, every other row as it was", () => {
    const file = fileAtThirteen();
    const db = openSqlite({ file });
    const migrations = readMigrations(migrationsDir());
    expect(currentVersion(db)).toBe(13);
    const before = snapshot(db);
    expect(before.events.rows).toBeGreaterThan(1000);
    expect(before.entities.rows).toBeGreaterThan(20);

    migrate(db, migrations, { to: 14 });
    expect(entityColumns(db).slice(-2)).toEqual(["unit", "unit_ts"]);
    expect(snapshot(db, { entities: ["unit", "unit_ts"] })).toEqual(before);
    const units = db.prepare("SELECT count(*) AS n FROM entities WHERE unit IS NOT NULL OR unit_ts IS NOT NULL").get();
    expect(units).toEqual({ n: 0 });

    migrate(db, migrations, { to: 13 });
    expect(entityColumns(db)).not.toContain("unit");
    expect(entityColumns(db)).not.toContain("unit_ts");
    expect(snapshot(db)).toEqual(before);
    db.close();
  });

  it("opens the current release's database, keeps units from then on, and rolls back without losing a row", () => {
    const file = fileAtThirteen();
    const db = openSqlite({ file });
    // Opening the stores runs the integrity check migration 0011 left pending, and notes its outcome.
    const ran = { integrity_checks: ["pending", "checked_at", "removed"] };
    const before = snapshot(db, ran);
    db.close();

    const stores = openSqliteStores({
      dataDir: path.dirname(file),
      file,
      logger: createMemoryLogger("warn"),
      now: () => T0,
    });
    expect(currentVersion(stores.db)).toBe(readMigrations(migrationsDir()).at(-1)?.version);
    expect(stores.registry.unitOf("sensor.living_room_temperature")).toBeNull();
    expect(stores.registry.deviceClassOf("sensor.living_room_temperature")).toBe("temperature");
    stores.registry.recordUnits(new Map([["sensor.living_room_temperature", { unit: "°C", ts: T0 }]]));
    expect(stores.registry.unitOf("sensor.living_room_temperature")).toBe("°C");

    migrate(stores.db, readMigrations(migrationsDir()), { to: 13 });
    expect(snapshot(stores.db, ran)).toEqual(before);
    stores.close();
  });
});
