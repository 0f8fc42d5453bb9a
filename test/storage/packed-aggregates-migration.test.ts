// Migration 0008 on a database written by release 0.1.0: every learned L2/L3 row survives up and down.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { currentVersion, migrate, readMigrations } from "../../src/storage/migrate.js";
import { SqliteAggregateStore } from "../../src/storage/sqlite/sqlite-aggregate-store.js";
import { openSqlite, type SqliteDb } from "../../src/storage/sqlite/sqlite-database.js";
import { tableBytes } from "../../src/storage/sqlite/sqlite-space.js";
import { migrationsDir } from "../../src/storage/sqlite/sqlite-stores.js";

// The demo of release 0.1.0 (tag `formatted`) with two days of history, its data dir as it left it.
const FIXTURE = path.join(import.meta.dirname, "../fixtures/release-0.1.0/home-patterns.sqlite.gz");

const DAILY = [
  "time_based_daily",
  "co_occurrence_daily",
  "sequence_daily",
  "room_based_daily",
  "duration_daily",
  "anomaly_daily",
  "session_daily",
  "day_type_daily",
  "contextual_daily",
  "seasonal_daily",
];
const PERIODIC = ["session_weekly", "day_type_weekly", "contextual_monthly", "seasonal_monthly"];

function openFixture(): SqliteDb {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "hp-0008-")), "home-patterns.sqlite");
  writeFileSync(file, gunzipSync(readFileSync(FIXTURE)));
  return openSqlite({ file });
}

/** Every row of a table in the row-per-key shape, values parsed as that release parsed them. */
function legacyRows(db: SqliteDb, table: string, column: "day" | "period"): [string, string, unknown][] {
  const rows = db.prepare(`SELECT ${column} AS at, key, value FROM ${table} ORDER BY ${column}, key`).all() as {
    at: string;
    key: string;
    value: string;
  }[];
  return rows.map((r) => [r.at, r.key, JSON.parse(r.value)]);
}

describe("migration 0008 (packed L2/L3 rows) on a database of release 0.1.0", () => {
  it("keeps every day and period row exactly, up and down again", () => {
    const db = openFixture();
    expect(currentVersion(db)).toBe(4);
    const before = new Map<string, [string, string, unknown][]>();
    for (const t of DAILY) before.set(t, legacyRows(db, t, "day"));
    for (const t of PERIODIC) before.set(t, legacyRows(db, t, "period"));
    expect(before.get("sequence_daily")!.length).toBe(1328);
    expect(before.get("co_occurrence_daily")!.length).toBe(760);
    const migrations = readMigrations(migrationsDir());

    migrate(db, migrations, { to: 8 });
    const store = new SqliteAggregateStore(db);
    for (const t of DAILY) {
      const rows = [...store.dayRows(t, "0000-00-00", "9999-99-99")].map((r) => [r.at, r.key, r.value]);
      expect(rows, t).toEqual(before.get(t));
    }
    for (const t of PERIODIC) {
      const periods = store.periodRecords(t).map((p) => p.period);
      const rows = [...store.periodRows(t, periods)].map((r) => [r.at, r.key, r.value]);
      expect(rows, t).toEqual(before.get(t));
    }
    expect(store.kindSize("sequence_daily")).toMatchObject({ rows: 1328, blobs: 2 });

    migrate(db, migrations, { to: 7 });
    for (const t of DAILY) expect(legacyRows(db, t, "day"), t).toEqual(before.get(t));
    for (const t of PERIODIC) expect(legacyRows(db, t, "period"), t).toEqual(before.get(t));
    db.close();
  });

  it("makes the two days of L2 smaller than the two days of raw events they were rolled up from", () => {
    const db = openFixture();
    const l2 = (t: Map<string, number>) => DAILY.reduce((n, name) => n + (t.get(name) ?? 0), 0);
    const raw = tableBytes(db)!.get("events")!;
    expect(l2(tableBytes(db)!)).toBeGreaterThan(raw);
    migrate(db, readMigrations(migrationsDir()), { to: 8 });
    db.exec("VACUUM");
    expect(l2(tableBytes(db)!)).toBeLessThan(raw);
    db.close();
  });
});
