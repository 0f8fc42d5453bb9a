// The SQLite aggregate store: day and period rows, the state of each day, and migration 0002 up and down.
import { describe, expect, it } from "vitest";
import { currentVersion, migrate, readMigrations } from "../../src/storage/migrate.js";
import { SqliteAggregateStore } from "../../src/storage/sqlite/sqlite-aggregate-store.js";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";
import { migrationsDir } from "../../src/storage/sqlite/sqlite-stores.js";

function store() {
  const db = openSqlite({ file: ":memory:" });
  migrate(db, readMigrations(migrationsDir()), { to: 2 });
  const s = new SqliteAggregateStore(db);
  s.ensureKindTables(["counts_daily"], ["counts_weekly"]);
  return { db, s };
}

describe("SqliteAggregateStore", () => {
  it("replaces a day's rows and reads them back in day and key order, values as JSON", () => {
    const { s } = store();
    s.replaceDay(
      "counts_daily",
      "2026-01-02",
      new Map([
        ["b", { n: 2, list: [1, 2] }],
        ["a", { n: 1, list: [] }],
      ]),
    );
    s.replaceDay("counts_daily", "2026-01-01", new Map([["a", { n: 5, list: [0.5] }]]));
    s.replaceDay("counts_daily", "2026-01-02", new Map([["c", { n: 3, list: [] }]]));
    expect([...s.dayRows("counts_daily", "2026-01-01", "2026-01-31")]).toEqual([
      { at: "2026-01-01", key: "a", value: { n: 5, list: [0.5] } },
      { at: "2026-01-02", key: "c", value: { n: 3, list: [] } },
    ]);
    expect(s.deleteDaysBefore("counts_daily", "2026-01-02")).toBe(1);
    expect([...s.dayRows("counts_daily", "2026-01-01", "2026-01-01")]).toEqual([]);
  });

  it("stores a day's rows packed ahead of the write exactly as replaceDay stores them, and no rows as none", () => {
    const a = store();
    const b = store();
    const rows = new Map<string, unknown>([
      ["b", { n: 2, list: [1, 2] }],
      ["a", { n: 1, list: [] }],
    ]);
    a.s.replaceDay("counts_daily", "2026-01-02", rows);
    a.s.replaceDay("counts_daily", "2026-01-03", new Map([["c", 3]]));
    a.s.replaceDay("counts_daily", "2026-01-03", new Map());
    const packed = b.s.packDay("counts_daily", rows);
    expect(packed.rows).toBe(2);
    b.s.replacePackedDay("counts_daily", "2026-01-02", packed);
    b.s.replacePackedDay("counts_daily", "2026-01-03", b.s.packDay("counts_daily", new Map([["c", 3]])));
    b.s.replacePackedDay("counts_daily", "2026-01-03", b.s.packDay("counts_daily", new Map()));
    const stored = (db: typeof a.db) => db.prepare("SELECT day, rows, data FROM counts_daily ORDER BY day").all();
    expect(stored(b.db)).toEqual(stored(a.db));
    expect([...b.s.dayRows("counts_daily", "2026-01-01", "2026-01-31")]).toEqual([
      { at: "2026-01-02", key: "a", value: { n: 1, list: [] } },
      { at: "2026-01-02", key: "b", value: { n: 2, list: [1, 2] } },
    ]);
    expect(() => b.s.packDay("no such table;", rows)).toThrow();
  });

  it("keeps period rows with the days they were merged from", () => {
    const { s } = store();
    s.replacePeriod("counts_weekly", "2026-01-05", new Map([["a", 7]]), {
      firstDay: "2026-01-05",
      lastDay: "2026-01-07",
      dayCount: 3,
      updatedAt: 9,
    });
    s.replacePeriod("counts_weekly", "2025-12-29", new Map([["a", 1]]), {
      firstDay: "2025-12-29",
      lastDay: "2026-01-04",
      dayCount: 7,
      updatedAt: 9,
    });
    expect([...s.periodRows("counts_weekly", ["2026-01-05", "2025-12-29"])].map((r) => [r.at, r.value])).toEqual([
      ["2025-12-29", 1],
      ["2026-01-05", 7],
    ]);
    expect(s.periodRecords("counts_weekly", ["2026-01-05"])).toEqual([
      {
        kind: "counts_weekly",
        period: "2026-01-05",
        firstDay: "2026-01-05",
        lastDay: "2026-01-07",
        dayCount: 3,
        updatedAt: 9,
      },
    ]);
    expect(s.deletePeriodsBefore("counts_weekly", "2026-01-05")).toBe(1);
    expect(s.periodRecords("counts_weekly").map((p) => p.period)).toEqual(["2026-01-05"]);
  });

  it("tracks each day: dirty, rolled up (clean, archive now stale), archived, purged", () => {
    const { s } = store();
    expect(s.markDirty(["2026-01-02", "2026-01-01", "2026-01-02"], 100)).toEqual({
      marked: ["2026-01-01", "2026-01-02"],
      purged: [],
    });
    s.markRolledUp("2026-01-01", 42, 200);
    s.markArchived("2026-01-01", { bytes: 1234, at: 300 });
    expect(s.dayRecord("2026-01-01")).toEqual({
      day: "2026-01-01",
      status: "clean",
      rolledUpAt: 200,
      eventCount: 42,
      dirtySince: null,
      archivedAt: 300,
      archiveBytes: 1234,
      rawPurgedAt: null,
      l2PurgedAt: null,
    });
    s.markDirty(["2026-01-01"], 400);
    s.markRolledUp("2026-01-01", 43, 500);
    expect(s.dayRecord("2026-01-01")).toMatchObject({
      status: "clean",
      eventCount: 43,
      archivedAt: null,
      dirtySince: null,
    });
    s.markRawPurged(["2026-01-01"], 600);
    expect(s.markDirty(["2026-01-01"], 700)).toEqual({ marked: [], purged: ["2026-01-01"] });
    expect(s.dayRecords().map((r) => [r.day, r.status])).toEqual([
      ["2026-01-01", "clean"],
      ["2026-01-02", "dirty"],
    ]);
  });

  it("logs rollup runs, newest first", () => {
    const { s } = store();
    s.logRun({ startedAt: 1, finishedAt: 2, reason: "start", days: ["2026-01-01"], events: 5, durationMs: 1 });
    s.logRun({
      startedAt: 3,
      finishedAt: 4,
      reason: "nightly",
      days: [],
      events: 0,
      durationMs: 1,
      error: "2026-01-02: boom",
    });
    expect(s.lastRuns(5)).toEqual([
      { startedAt: 3, finishedAt: 4, reason: "nightly", days: [], events: 0, durationMs: 1, error: "2026-01-02: boom" },
      { startedAt: 1, finishedAt: 2, reason: "start", days: ["2026-01-01"], events: 5, durationMs: 1 },
    ]);
  });

  it("converts a kind's table left in the row-per-key shape by an earlier release, keeping its rows", () => {
    const db = openSqlite({ file: ":memory:" });
    migrate(db, readMigrations(migrationsDir()));
    db.exec(
      "CREATE TABLE legacy_daily (day TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID",
    );
    const insert = db.prepare("INSERT INTO legacy_daily (day, key, value) VALUES (?, ?, ?)");
    insert.run("2026-01-01", "b", '{"n":2,"days":["2026-01-01"]}');
    insert.run("2026-01-01", "a", '{"n":1.5,"name":"Küche"}');
    insert.run("2026-01-02", "a", "7");
    const s = new SqliteAggregateStore(db);
    s.ensureKindTables(["legacy_daily"], []);
    expect([...s.dayRows("legacy_daily", "2026-01-01", "2026-01-02")]).toEqual([
      { at: "2026-01-01", key: "a", value: { n: 1.5, name: "Küche" } },
      { at: "2026-01-01", key: "b", value: { n: 2, days: ["2026-01-01"] } },
      { at: "2026-01-02", key: "a", value: 7 },
    ]);
    expect(s.kindSize("legacy_daily")).toMatchObject({ rows: 3, blobs: 2 });
  });

  it("migration 0002 goes down and up again", () => {
    const { db } = store();
    migrate(db, readMigrations(migrationsDir()), { to: 1 });
    expect(currentVersion(db)).toBe(1);
    const layerTables = db
      .prepare("SELECT name FROM sqlite_master WHERE name IN ('layer_days', 'time_based_daily', 'session_weekly')")
      .all();
    expect(layerTables).toEqual([]);
    migrate(db, readMigrations(migrationsDir()), { to: 2 });
    expect(
      db
        .prepare(
          "SELECT count(*) AS n FROM sqlite_master WHERE name IN ('layer_days', 'layer_periods', 'rollup_runs', 'time_based_daily', 'session_weekly')",
        )
        .get(),
    ).toEqual({ n: 5 });
  });
});
