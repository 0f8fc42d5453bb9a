// Rows whose ids are in no dictionary: removed once at open with one warning, skipped (and counted) by readers.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { currentVersion, migrate, readMigrations } from "../../src/storage/migrate.js";
import { openSqlite, type SqliteDb } from "../../src/storage/sqlite/sqlite-database.js";
import { SqliteEventStore } from "../../src/storage/sqlite/sqlite-event-store.js";
import { migrationsDir, openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const T0 = Date.UTC(2026, 2, 10, 8);
const MIN = 60_000;

const GOOD: HomeEvent[] = [
  { ts: T0, entity: "light.kitchen", state: "on", previous: "off", source: "ha", user: "u-anna" },
  { ts: T0 + MIN, entity: "light.hall", state: "on", source: "ha", parent: "ctx-1" },
  { ts: T0 + 2 * MIN, entity: "light.kitchen", state: "off", previous: "on", source: "ha" },
];

function tempFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), "hp-dangling-")), "home-patterns.sqlite");
}

function open(file: string): { stores: SqliteStores; warnings: string[] } {
  const logger = createMemoryLogger("warn");
  const stores = openSqliteStores({ dataDir: path.dirname(file), file, logger, now: () => T0 + 3_600_000 });
  return { stores, warnings: logger.lines };
}

function idOf(stores: SqliteStores, sql: string, value: string): number {
  return (stores.db.prepare(sql).get(value) as { id: number }).id;
}

/**
 * Three rows as a crash or an edit by hand leaves them: an entity id, a user id and a context id
 * no dictionary has, each on an otherwise good row, counted per hour as the store counts them.
 */
function writeDanglingRows(db: SqliteDb, ids: { state: number; source: number }): void {
  const insert = db.prepare(
    "INSERT INTO events (ts, entity, state, prev, user, parent, source) VALUES (?, ?, ?, NULL, ?, ?, ?)",
  );
  const count = db.prepare(
    "INSERT INTO event_counts (hour, entity, source, n) VALUES (?, ?, ?, 1) ON CONFLICT (hour, entity, source) DO UPDATE SET n = n + 1",
  );
  for (const [ts, entity, user, parent] of [
    [T0 + 10 * MIN, 9001, null, null],
    [T0 + 11 * MIN, 1, 9002, null],
    [T0 + 12 * MIN, 1, null, 9003],
  ] as const) {
    insert.run(ts, entity, ids.state, user, parent, ids.source);
    count.run(T0, entity, ids.source);
  }
}

function readAll(stores: SqliteStores) {
  const e = stores.events;
  const from = T0 - 3_600_000;
  const to = T0 + 3_600_000;
  return {
    columns: e.query({ from, to }),
    rows: e.query({ from, to, limit: 100 }),
    byEntity: e.query({ from, to, entities: ["light.kitchen", "light.hall"] }),
    iterated: [...e.iterate(from, to)],
    held: [...e.dayEvents(from, to)],
    last: e.lastPerEntity(from, to),
    byEntityCounts: e.countByEntity(),
    stats: e.stats(),
  };
}

describe("rows with ids no dictionary has", () => {
  it("are removed when a store written before migration 0011 opens, with one warning and their counts", () => {
    const file = tempFile();
    const db = openSqlite({ file });
    migrate(db, readMigrations(migrationsDir()), { to: 10 });
    const events = new SqliteEventStore(db);
    events.append(GOOD);
    const state = (db.prepare("SELECT id FROM states WHERE value = 'on'").get() as { id: number }).id;
    const source = (db.prepare("SELECT id FROM sources WHERE name = 'ha'").get() as { id: number }).id;
    writeDanglingRows(db, { state, source });
    db.close();

    const { stores, warnings } = open(file);
    expect(currentVersion(stores.db)).toBe(readMigrations(migrationsDir()).at(-1)?.version);
    expect(warnings.filter((l) => l.includes("no dictionary has"))).toHaveLength(1);
    expect(warnings.join("\n")).toContain('removed={"events":3,"event_counts":1}');
    expect(stores.dangling.counts()).toEqual({ removedAtOpen: { events: 3, event_counts: 1 }, skippedOnRead: 0 });
    expect((stores.db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n).toBe(3);
    // The good rows are all there, and the counters agree with them.
    expect(stores.events.query({ from: 0, to: T0 + 3_600_000 })).toEqual(GOOD);
    expect(stores.events.countByEntity()).toEqual({ "light.kitchen": 2, "light.hall": 1 });
    stores.close();

    // Checked once: the next open has nothing to look at and says nothing.
    const again = open(file);
    expect(again.warnings).toEqual([]);
    expect(again.stores.dangling.counts()).toEqual({ removedAtOpen: {}, skippedOnRead: 0 });
    again.stores.close();
  });

  it("are removed at the next open after dictionary rows were deleted by hand", () => {
    const file = tempFile();
    const first = open(file);
    const porch: HomeEvent = { ts: T0 + 3 * MIN, entity: "light.porch", state: "on", source: "ha" };
    first.stores.events.append([...GOOD, porch]);
    // The user's only row goes (an empty dictionary), and the hall light's from between the
    // kitchen's and the porch's (ids with a gap): their events point at nothing.
    first.stores.db.prepare("DELETE FROM users WHERE user_id = 'u-anna'").run();
    first.stores.db.prepare("DELETE FROM entities WHERE entity_id = 'light.hall'").run();
    first.stores.close();

    const { stores, warnings } = open(file);
    expect(warnings.filter((l) => l.includes("no dictionary has"))).toHaveLength(1);
    expect(stores.dangling.counts().removedAtOpen).toEqual({ events: 2, event_counts: 1 });
    expect(stores.events.query({ from: 0, to: T0 + 3_600_000 })).toEqual([GOOD[2], porch]);
    expect(stores.events.countByEntity()).toEqual({ "light.kitchen": 1, "light.porch": 1 });
    stores.close();
  });

  it("are skipped and counted by every reader when written after the store opened, instead of failing the read", () => {
    const file = tempFile();
    const { stores, warnings } = open(file);
    stores.events.append(GOOD);
    const state = idOf(stores, "SELECT id FROM states WHERE value = ?", "on");
    const source = idOf(stores, "SELECT id FROM sources WHERE name = ?", "ha");
    writeDanglingRows(stores.db, { state, source });

    const read = readAll(stores);
    expect(read.columns).toEqual(GOOD);
    expect(read.rows).toEqual(GOOD);
    expect(read.byEntity).toEqual(GOOD);
    expect(read.iterated).toEqual(GOOD);
    expect(read.held).toEqual(GOOD);
    for (const e of [...read.columns, ...read.rows, ...read.iterated, ...read.held, ...read.last]) {
      expect(typeof e.entity).toBe("string");
    }
    expect(Object.keys(read.byEntityCounts).sort()).toEqual(["light.hall", "light.kitchen"]);
    expect(read.stats.byDomain).toEqual({ light: 5 });
    // The counters cannot tell entity 1's unknown user and context: 2 + 2 kitchen rows.
    expect(read.byEntityCounts).toEqual({ "light.kitchen": 4, "light.hall": 1 });
    // Entity 9001 is left out; entity 1's two newest rows (a context, then a user unknown) are
    // passed over for its newest good one.
    expect(read.last).toEqual([GOOD[2], GOOD[1]]);
    // Columns, rows, iterate and a rollup's held day 3 each (the held day once, at its read), the
    // entity filter 2 (it does not ask for 9001), the last rows 3, and the counters' entity 9001
    // once each for countByEntity and for stats (by domain).
    expect(stores.dangling.counts().skippedOnRead).toBe(3 + 3 + 2 + 3 + 3 + 3 + 1 + 1);
    expect(warnings).toEqual([]);
    stores.close();

    // The store's next open does not look again (nothing left a dictionary): readers keep skipping.
    const again = open(file);
    expect(again.warnings).toEqual([]);
    expect(again.stores.events.query({ from: 0, to: T0 + 3_600_000 })).toEqual(GOOD);
    expect(again.stores.dangling.counts().skippedOnRead).toBe(3);
    again.stores.close();
  });

  it("leave an entity its newest good event as carry-in state when its newest rows are bad", () => {
    const file = tempFile();
    const { stores } = open(file);
    const HOUR = 3_600_000;
    const older: HomeEvent[] = [
      // The heater's last good row is two hours before its bad ones; the lamp's is in their hour.
      { ts: T0 - 2 * HOUR, entity: "climate.heater", state: "heat", previous: "off", source: "ha" },
      { ts: T0 - 2 * HOUR + MIN, entity: "climate.heater", state: "eco", previous: "heat", source: "ha" },
      { ts: T0, entity: "light.lamp", state: "on", source: "ha" },
      { ts: T0 + MIN, entity: "light.lamp", state: "off", previous: "on", source: "ha" },
      { ts: T0 + 2 * MIN, entity: "light.hall", state: "on", source: "ha" },
    ];
    stores.events.append(older);
    const id = (table: string, column: string, value: string) =>
      idOf(stores, `SELECT id FROM ${table} WHERE ${column} = ?`, value);
    const heater = id("entities", "entity_id", "climate.heater");
    const lamp = id("entities", "entity_id", "light.lamp");
    const source = id("sources", "name", "ha");
    const insert = stores.db.prepare(
      "INSERT INTO events (ts, entity, state, prev, user, parent, source) VALUES (?, ?, ?, NULL, ?, NULL, ?)",
    );
    const count = stores.db.prepare(
      "INSERT INTO event_counts (hour, entity, source, n) VALUES (?, ?, ?, 1) ON CONFLICT (hour, entity, source) DO UPDATE SET n = n + 1",
    );
    // The heater's two newest rows at one millisecond, a state and a user unknown; the lamp's
    // newest row at the millisecond of a good one, with a higher (unknown) state id.
    for (const [ts, entity, state, user] of [
      [T0 + 5 * MIN, heater, 8001, null],
      [T0 + 5 * MIN, heater, id("states", "value", "heat"), 8002],
      [T0 + MIN, lamp, 8003, null],
    ] as const) {
      insert.run(ts, entity, state, user, source);
      count.run(T0, entity, source);
    }

    const last = stores.events.lastPerEntity(T0 - 24 * HOUR, T0 + HOUR);
    expect(last).toEqual([older[1], older[3], older[4]]);
    expect(stores.dangling.counts().skippedOnRead).toBe(3);
    stores.close();
  });

  it("do not stop the store from opening when the pass fails: readers skip them, the next open removes them", () => {
    const file = tempFile();
    const first = open(file);
    first.stores.events.append(GOOD);
    first.stores.db.prepare("DELETE FROM users WHERE user_id = 'u-anna'").run();
    // As a full disk would refuse the pass's delete.
    first.stores.db.exec("CREATE TRIGGER refuse BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'refused'); END");
    first.stores.close();

    const failed = open(file);
    expect(failed.warnings).toHaveLength(1);
    expect(failed.warnings[0]).toContain("could not check for rows that refer to ids no dictionary has");
    expect(failed.stores.events.query({ from: 0, to: T0 + 3_600_000 })).toEqual(GOOD.slice(1));
    expect(failed.stores.dangling.counts()).toEqual({ removedAtOpen: {}, skippedOnRead: 1 });
    failed.stores.db.exec("DROP TRIGGER refuse");
    failed.stores.close();

    const { stores } = open(file);
    expect(stores.dangling.counts().removedAtOpen).toEqual({ events: 1 });
    stores.close();
  });

  it("are not left by forgetting an entity, and forgetting asks no pass of the next open", () => {
    const file = tempFile();
    const first = open(file);
    first.stores.events.append(GOOD);
    expect(first.stores.events.deleteEntity("light.kitchen")).toBe(2);
    const orphanCounts = first.stores.db
      .prepare("SELECT count(*) AS n FROM event_counts WHERE entity NOT IN (SELECT id FROM entities)")
      .get() as { n: number };
    expect(orphanCounts.n).toBe(0);
    expect(first.stores.db.prepare("SELECT pending FROM integrity_checks").get()).toEqual({ pending: 0 });
    first.stores.close();
    const again = open(file);
    expect(again.warnings).toEqual([]);
    expect(again.stores.events.query({ from: 0, to: T0 + 3_600_000 }).map((e) => e.entity)).toEqual(["light.hall"]);
    again.stores.close();
  });
});
