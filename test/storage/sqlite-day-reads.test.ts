// A rollup's reads of L1: a day's events as columns, and each entity's carry-in state from the hours it was last seen.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 12, 0); // an hour start
const MIN = 60_000;

const opened: SqliteStores[] = [];
afterAll(() => {
  for (const s of opened) s.close();
});
function open(): SqliteStores {
  const stores = openSqliteStores({
    dataDir: mkdtempSync(path.join(os.tmpdir(), "hp-day-reads-")),
    logger: createMemoryLogger(),
    now: () => T0,
  });
  opened.push(stores);
  return stores;
}
const ev = (ts: number, entity: string, state: string, extra: Partial<HomeEvent> = {}): HomeEvent => ({
  ts,
  entity,
  state,
  source: "ha",
  ...extra,
});

describe("reading a day of L1", () => {
  it("orders one millisecond's events by entity name, although the key orders them by id", () => {
    const { events } = open();
    // light.zebra is stored first, so its id is lower than light.alpha's.
    events.append([ev(T0 + MIN, "light.zebra", "on")]);
    events.append([
      ev(T0 + 2 * MIN, "light.alpha", "on", { previous: "off", user: "u1" }),
      ev(T0 + 2 * MIN, "light.zebra", "off", { previous: "on", parent: "ctx1" }),
      ev(T0 + 2 * MIN, "light.zebra", "dim"),
      ev(T0 + 3 * MIN, "light.alpha", "off"),
    ]);
    const day = events.query({ from: T0, to: T0 + 24 * HOUR });
    expect(day).toEqual([
      { ts: T0 + MIN, entity: "light.zebra", state: "on", source: "ha" },
      { ts: T0 + 2 * MIN, entity: "light.alpha", state: "on", previous: "off", user: "u1", source: "ha" },
      { ts: T0 + 2 * MIN, entity: "light.zebra", state: "off", previous: "on", parent: "ctx1", source: "ha" },
      { ts: T0 + 2 * MIN, entity: "light.zebra", state: "dim", source: "ha" },
      { ts: T0 + 3 * MIN, entity: "light.alpha", state: "off", source: "ha" },
    ]);
    // The same as the row-by-row read a limited query takes, field for field.
    expect(day).toStrictEqual(events.query({ from: T0, to: T0 + 24 * HOUR, limit: 100 }));
  });

  it("reads a span an hour at a time: events on and around each hour's edge once, in order", () => {
    const { events } = open();
    const from = T0 + 30 * MIN; // not on an hour: the slices start at the span's start
    const at = [
      from,
      from + HOUR - 1,
      from + HOUR,
      from + HOUR,
      from + HOUR + 1,
      from + 5 * HOUR,
      from + 23 * HOUR - 1,
      from + 23 * HOUR,
    ];
    // Stored in reverse, so that the key's entity ids run against the names at each millisecond.
    const stored = at.flatMap((ts, i) => [ev(ts, `sensor.b${i}`, `${i}`), ev(ts, `sensor.a${i}`, `${i}`)]);
    events.append(stored.reverse());
    const to = from + 23 * HOUR; // a 23-hour day: the last slice is cut at the span's end
    const day = events.query({ from, to });
    expect(day.map((e) => `${e.ts - from} ${e.entity}`)).toEqual(
      at
        .filter((ts) => ts < to)
        .flatMap((ts, i) => [`${ts - from} sensor.a${i}`, `${ts - from} sensor.b${i}`])
        .sort((x, y) => Number(x.split(" ")[0]) - Number(y.split(" ")[0]) || (x < y ? -1 : 1)),
    );
    expect(day).toStrictEqual(events.query({ from, to, limit: 1_000 }));
  });

  it("holds a rollup's day as columns: the events query reads, field for field, made anew at each pass", () => {
    const { events } = open();
    const from = T0 + 30 * MIN;
    // light.zebra is stored first (the lower id), and the hour's edge falls between two events.
    events.append([ev(from + MIN, "light.zebra", "on", { user: "u1" })]);
    events.append([
      ev(from + HOUR - 1, "light.alpha", "on", { previous: "off", user: "u1" }),
      ev(from + HOUR, "light.zebra", "off", { previous: "on", parent: "ctx1" }),
      ev(from + HOUR, "light.alpha", "off", { previous: "on" }),
      ev(from + HOUR, "light.zebra", "dim"),
      ev(from + 23 * HOUR, "light.alpha", "on"), // the next day
    ]);
    const to = from + 23 * HOUR;
    const held = events.dayEvents(from, to);
    expect(held.length).toBe(5);
    const first = [...held];
    expect(first).toStrictEqual([
      { ts: from + MIN, entity: "light.zebra", state: "on", source: "ha", user: "u1" },
      { ts: from + HOUR - 1, entity: "light.alpha", state: "on", source: "ha", previous: "off", user: "u1" },
      { ts: from + HOUR, entity: "light.alpha", state: "off", source: "ha", previous: "on" },
      { ts: from + HOUR, entity: "light.zebra", state: "off", source: "ha", previous: "on", parent: "ctx1" },
      { ts: from + HOUR, entity: "light.zebra", state: "dim", source: "ha" },
    ]);
    expect(first).toStrictEqual(events.query({ from, to }));
    // Every kind iterates the day in turn: each pass gives the same events, as new objects.
    const second = [...held];
    expect(second).toStrictEqual(first);
    expect(second[0]).not.toBe(first[0]);
    expect([...events.dayEvents(to, to + HOUR)]).toEqual([
      { ts: to, entity: "light.alpha", state: "on", source: "ha" },
    ]);
    expect(events.dayEvents(to + HOUR, to + 2 * HOUR).length).toBe(0);
  });

  it("finds each entity's newest event before the day, however many hours back it was last seen", () => {
    const { events } = open();
    const dayStart = T0 + 48 * HOUR;
    events.append([
      ev(T0 + 5 * MIN, "binary_sensor.door", "on"), // seen once, 47 hours before the day
      ev(dayStart - 30 * HOUR, "light.hall", "on"),
      ev(dayStart - 30 * HOUR + MIN, "light.hall", "off", { previous: "on" }),
      ev(dayStart - 10 * MIN, "sensor.power", "12"),
      ev(dayStart - 5 * MIN, "sensor.power", "13"),
      ev(dayStart + 5 * MIN, "light.hall", "on"), // inside the day: not carry-in
    ]);
    const carry = events.lastPerEntity(dayStart - 48 * HOUR, dayStart);
    expect(carry.map((e) => [e.entity, e.state, e.ts - dayStart])).toEqual([
      ["binary_sensor.door", "on", -(48 * HOUR) + 5 * MIN],
      ["light.hall", "off", -30 * HOUR + MIN],
      ["sensor.power", "13", -5 * MIN],
    ]);
  });

  it("finds the carry-in when the day starts inside an hour (a zone half an hour off UTC)", () => {
    const { events } = open();
    const dayStart = T0 + 24 * HOUR + 30 * MIN;
    events.append([
      ev(dayStart - 50 * MIN, "light.porch", "on"), // the hour before
      ev(dayStart + 10 * MIN, "light.porch", "off"), // same hour as the day's start, but inside the day
      ev(dayStart - 20 * MIN, "light.kitchen", "on"),
    ]);
    const carry = events.lastPerEntity(dayStart - 48 * HOUR, dayStart);
    expect(carry.map((e) => [e.entity, e.state, e.ts - dayStart])).toEqual([
      ["light.porch", "on", -50 * MIN],
      ["light.kitchen", "on", -20 * MIN],
    ]);
  });

  it("takes the last state in key order when an entity has two events in its last millisecond", () => {
    const { events } = open();
    const dayStart = T0 + 24 * HOUR;
    events.append([ev(dayStart - MIN, "light.a", "on"), ev(dayStart - MIN, "light.a", "off")]);
    const carry = events.lastPerEntity(dayStart - 48 * HOUR, dayStart);
    expect(carry.map((e) => e.state)).toEqual(["off"]);
  });
});
