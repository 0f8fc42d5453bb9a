// /api/stats, the entity list and the storage report count events from per-hour counters, never by reading the whole L1 log.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { SqliteDb } from "../../src/storage/sqlite/sqlite-database.js";
import { SqliteEventStore } from "../../src/storage/sqlite/sqlite-event-store.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const T0 = Date.UTC(2026, 0, 12, 8); // an hour start
const MIN = 60_000;

function ev(ts: number, entity: string, state: string, source = "ha"): HomeEvent {
  return { ts, entity, state, source };
}

function open() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-counts-"));
  return openSqliteStores({ dataDir: dir, logger: createMemoryLogger(), now: () => T0 });
}

/** Every statement prepared through db, so its query plan can be checked. */
function recording(db: SqliteDb): { db: SqliteDb; sql: string[] } {
  const sql: string[] = [];
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare")
        return (text: string) => {
          sql.push(text);
          return target.prepare(text);
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: proxy, sql };
}

describe("event counts", () => {
  it("stats and counts per entity and hour never scan the events table", () => {
    const stores = open();
    stores.events.append([
      ev(T0, "light.a", "on"),
      ev(T0 + MIN, "light.a", "off"),
      ev(T0 + 61 * MIN, "switch.b", "on"),
    ]);
    const watched = recording(stores.db);
    const events = new SqliteEventStore(watched.db);
    const from = watched.sql.length;
    events.stats();
    events.countByEntity();
    events.countByHour(T0, T0 + 24 * 60 * MIN);
    const scans = watched.sql
      .slice(from)
      .flatMap((text) =>
        (stores.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params(text)) as { detail: string }[]).map(
          (r) => r.detail,
        ),
      )
      .filter((detail) => /^SCAN events\b/.test(detail));
    expect(scans).toEqual([]);
  });

  it("add up to the events, after appends, duplicates, retention and a delete by any other path", () => {
    const stores = open();
    const e = stores.events;
    e.append([ev(T0, "light.a", "on"), ev(T0 + MIN, "light.a", "off"), ev(T0 + 61 * MIN, "switch.b", "on", "mqtt")]);
    e.append([ev(T0, "light.a", "on"), ev(T0 + 62 * MIN, "light.a", "on")]); // the first is a duplicate
    expect(e.stats()).toEqual({
      total: 4,
      oldest: T0,
      newest: T0 + 62 * MIN,
      bySource: { ha: 3, mqtt: 1 },
      byDomain: { light: 3, switch: 1 },
    });
    expect(e.countByHour(T0, T0 + 120 * MIN)).toEqual([
      { hour: T0, count: 2 },
      { hour: T0 + 60 * MIN, count: 2 },
    ]);
    expect(e.deleteBefore(T0 + 60 * MIN)).toBe(2);
    stores.db.prepare("DELETE FROM events WHERE ts = ?").run(T0 + 62 * MIN);
    expect(e.stats()).toEqual({
      total: 1,
      oldest: T0 + 61 * MIN,
      newest: T0 + 61 * MIN,
      bySource: { mqtt: 1 },
      byDomain: { switch: 1 },
    });
    expect(e.countByEntity()).toEqual({ "switch.b": 1 });
    expect(e.countByHour(T0, T0 + 120 * MIN)).toEqual([{ hour: T0 + 60 * MIN, count: 1 }]);
  });
});

/** Placeholder values for a statement's ? parameters (plans do not depend on them). */
function params(text: string): number[] {
  return Array.from(text.matchAll(/\?/g), () => 0);
}
