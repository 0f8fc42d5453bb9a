import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { createWebApp } from "../../src/web/create-app.js";
import { createL1EntityProfiles, l1AreaActivity } from "../../src/web/l1-profiles.js";
import { areasRoutes } from "../../src/web/routes/areas-routes.js";
import { entitiesRoutes } from "../../src/web/routes/entities-routes.js";
import { ev, HOUR, MIN, MONDAY_NOON_UTC, openTestStores } from "./web-fixture.js";

let stores: SqliteStores;
const clock = new ManualClock(MONDAY_NOON_UTC + 2 * HOUR); // Monday 15:00 in Berlin
const time = new LocalTime("Europe/Berlin");

beforeAll(() => {
  stores = openTestStores();
  const sunday8 = MONDAY_NOON_UTC - 29 * HOUR; // Sunday 08:00 local
  stores.events.append([
    ev(sunday8, "binary_sensor.hall_motion", "on", { deviceClass: "motion" }),
    ev(sunday8 + 2 * MIN, "light.kitchen", "on", { previous: "off", user: "u-anna" }),
    ev(sunday8 + 32 * MIN, "light.kitchen", "off", { previous: "on" }),
    ev(MONDAY_NOON_UTC, "binary_sensor.hall_motion", "off"), // Monday 13:00
    ev(MONDAY_NOON_UTC + 3 * MIN, "light.kitchen", "on", { previous: "off", parent: "ctx-automation" }),
    ev(MONDAY_NOON_UTC + 5 * MIN, "light.kitchen", "off", { previous: "on" }),
    ev(MONDAY_NOON_UTC + 6 * MIN, "sensor.unregistered_temp", "21.5", { unit: "°C" }),
  ]);
});
afterAll(() => stores.close());

function app() {
  return createWebApp({
    routes: [
      entitiesRoutes({
        registry: stores.registry,
        events: stores.events,
        clock,
        profiles: createL1EntityProfiles({ events: stores.events, time, clock }),
      }),
      areasRoutes({
        registry: stores.registry,
        activity: () => l1AreaActivity({ events: stores.events, registry: stores.registry, time, clock }),
      }),
    ],
    uiDir: "/nonexistent",
    logger: createMemoryLogger(),
  });
}

describe("GET /api/entities", () => {
  it("lists registry entities and entities only seen in events, with last state and count", async () => {
    const res = await app().request("/api/entities");
    expect(await res.json()).toEqual([
      {
        entityId: "binary_sensor.hall_motion",
        name: "Hall motion",
        domain: "binary_sensor",
        areaId: "hall",
        areaName: "Hall",
        deviceId: "dev-motion",
        platform: null,
        entityCategory: null,
        disabled: false,
        inRegistry: true,
        lastEventAt: MONDAY_NOON_UTC,
        lastState: "off",
        deviceClass: "motion",
        unit: null,
        events: 2,
      },
      {
        entityId: "light.kitchen",
        name: "Kitchen light",
        domain: "light",
        areaId: "kitchen",
        areaName: "Kitchen",
        deviceId: null,
        platform: null,
        entityCategory: null,
        disabled: false,
        inRegistry: true,
        lastEventAt: MONDAY_NOON_UTC + 5 * MIN,
        lastState: "off",
        deviceClass: null,
        unit: null,
        events: 4,
      },
      {
        entityId: "media_player.tv",
        name: "TV",
        domain: "media_player",
        areaId: "living_room",
        areaName: "Living Room",
        deviceId: null,
        platform: null,
        entityCategory: null,
        disabled: false,
        inRegistry: true,
        lastEventAt: null,
        lastState: null,
        deviceClass: null,
        unit: null,
        events: 0,
      },
      {
        entityId: "sensor.unregistered_temp",
        name: null,
        domain: "sensor",
        areaId: null,
        areaName: null,
        deviceId: null,
        platform: null,
        entityCategory: null,
        disabled: false,
        inRegistry: false,
        lastEventAt: MONDAY_NOON_UTC + 6 * MIN,
        lastState: "21.5",
        deviceClass: null,
        unit: "°C",
        events: 1,
      },
    ]);
  });

  it("gives an entity's recent timeline, oldest first, marking automated changes", async () => {
    const res = await app().request("/api/entities/light.kitchen/timeline?hours=6");
    expect(await res.json()).toEqual({
      entityId: "light.kitchen",
      unit: null,
      from: MONDAY_NOON_UTC - 4 * HOUR + 1,
      to: MONDAY_NOON_UTC + 2 * HOUR + 1,
      events: [
        {
          ts: MONDAY_NOON_UTC + 3 * MIN,
          state: "on",
          previous: "off",
          source: "simulator",
          user: null,
          automated: true,
        },
        {
          ts: MONDAY_NOON_UTC + 5 * MIN,
          state: "off",
          previous: "on",
          source: "simulator",
          user: null,
          automated: false,
        },
      ],
      truncated: false,
    });
  });

  it("names the unit a numeric entity's timeline states are in", async () => {
    const res = await app().request("/api/entities/sensor.unregistered_temp/timeline?hours=6");
    expect(await res.json()).toMatchObject({
      entityId: "sensor.unregistered_temp",
      unit: "°C",
      events: [{ ts: MONDAY_NOON_UTC + 6 * MIN, state: "21.5", previous: null }],
    });
  });

  it("keeps the newest events when the limit cuts the timeline", async () => {
    const body = (await (await app().request("/api/entities/light.kitchen/timeline?hours=48&limit=1")).json()) as {
      events: { ts: number }[];
      truncated: boolean;
    };
    expect(body.events.map((e) => e.ts)).toEqual([MONDAY_NOON_UTC + 5 * MIN]);
    expect(body.truncated).toBe(true);
  });

  it("refuses bad parameters with a 400 and a message", async () => {
    const cases: [string, string][] = [
      ["hours=abc", 'hours must be an integer between 1 and 168, got "abc"'],
      ["hours=0", "hours must be an integer between 1 and 168, got 0"],
      ["hours=500", "hours must be an integer between 1 and 168, got 500"],
      ["limit=1.5", 'limit must be an integer between 1 and 5000, got "1.5"'],
    ];
    for (const [query, error] of cases) {
      const res = await app().request(`/api/entities/light.kitchen/timeline?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toEqual({ error, parameter: query.split("=")[0], accepted: ["hours", "limit"] });
    }
  });

  it("answers 404 for an entity nobody knows", async () => {
    const res = await app().request("/api/entities/light.nowhere/heatmap");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "unknown entity: light.nowhere" });
  });

  it("counts an entity's events per local weekday and hour over the last 7 days the home was heard", async () => {
    const body = (await (await app().request("/api/entities/light.kitchen/heatmap")).json()) as {
      source: string;
      days: string[];
      cells: number[][];
    };
    expect(body.source).toBe("l1");
    // The first raw event is Sunday's: the days before it were never listened to.
    expect(body.days).toEqual(["2024-01-14", "2024-01-15"]);
    const nonZero = body.cells.flatMap((row, day) => row.map((n, hour) => ({ day, hour, n }))).filter((c) => c.n > 0);
    expect(nonZero).toEqual([
      { day: 0, hour: 13, n: 2 }, // Monday 13:00
      { day: 6, hour: 8, n: 2 }, // Sunday 08:00
    ]);
  });

  it("bins the on-durations", async () => {
    const body = await (await app().request("/api/entities/light.kitchen/durations")).json();
    expect(body).toEqual({
      entityId: "light.kitchen",
      source: "l1",
      days: ["2024-01-14", "2024-01-15"],
      intervals: 2,
      medianSec: 960,
      bins: [
        { fromSec: 0, toSec: 60, count: 0 },
        { fromSec: 60, toSec: 300, count: 1 },
        { fromSec: 300, toSec: 900, count: 0 },
        { fromSec: 900, toSec: 1800, count: 0 },
        { fromSec: 1800, toSec: 3600, count: 1 },
        { fromSec: 3600, toSec: 7200, count: 0 },
        { fromSec: 7200, toSec: 14400, count: 0 },
        { fromSec: 14400, toSec: null, count: 0 },
      ],
    });
  });
});

describe("GET /api/areas", () => {
  it("lists areas by name with the entities in each (device areas included)", async () => {
    expect(await (await app().request("/api/areas")).json()).toEqual([
      { areaId: "hall", name: "Hall", floorId: null, entities: 1 },
      { areaId: "kitchen", name: "Kitchen", floorId: null, entities: 1 },
      { areaId: "living_room", name: "Living Room", floorId: null, entities: 1 },
    ]);
  });

  it("gives activity by hour of week and the moves between areas by the room rule: no readings, no motion clearing, no automations", async () => {
    stores.registry.upsertEntities([{ entityId: "sensor.kitchen_temperature", areaId: "kitchen" }]);
    stores.events.append([ev(MONDAY_NOON_UTC + 30 * MIN, "sensor.kitchen_temperature", "21.5")]);
    const body = (await (await app().request("/api/areas/activity")).json()) as {
      days: string[];
      areas: { areaId: string; total: number; hourOfWeek: number[] }[];
      transitions: unknown[];
    };
    expect(body.days).toEqual(["2024-01-14", "2024-01-15"]);
    expect(body.areas.map((a) => [a.areaId, a.total])).toEqual([
      ["kitchen", 3],
      ["hall", 1],
    ]);
    expect(body.areas[0].hourOfWeek[6 * 24 + 8]).toBe(2); // Sunday 08:00
    expect(body.areas[0].hourOfWeek[13]).toBe(1); // Monday 13:00, the automation's change left out
    expect(body.transitions).toEqual([{ from: "hall", to: "kitchen", count: 1 }]);
  });
});

describe("the raw days' window", () => {
  it("keeps all 7 days when the home was heard before them", async () => {
    const older = openTestStores();
    try {
      older.events.append([
        ev(MONDAY_NOON_UTC - 10 * 24 * HOUR, "light.kitchen", "on"),
        ev(MONDAY_NOON_UTC, "light.kitchen", "off"),
      ]);
      const heatmap = await createL1EntityProfiles({ events: older.events, time, clock }).heatmap("light.kitchen");
      expect(heatmap.days).toEqual([
        "2024-01-09",
        "2024-01-10",
        "2024-01-11",
        "2024-01-12",
        "2024-01-13",
        "2024-01-14",
        "2024-01-15",
      ]);
    } finally {
      older.close();
    }
  });
});
