// The area sensors' published figures held against counts made by hand from the raw events.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { areaActivityNow } from "../../src/app/area-activity-now.js";
import { ManualClock } from "../../src/core/clock.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { roomBasedDaily } from "../../src/layers/kinds/room-based-daily.js";
import { Rollup } from "../../src/layers/rollup.js";
import { StoredWindowReader } from "../../src/layers/stored-window-reader.js";
import { type HaStateProvider, takeHaStateSnapshot } from "../../src/publish/ha-state-snapshot.js";
import { SqliteAggregateStore } from "../../src/storage/sqlite/sqlite-aggregate-store.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { layeredAreaActivity } from "../../src/web/layered-profiles.js";

const time = new LocalTime("Europe/Berlin");
/** Monday 2026-11-23 08:40 in Berlin (07:40 UTC). */
const NOW = Date.UTC(2026, 10, 23, 7, 40);
/** Epoch ms of a local Berlin time in November (UTC+1). */
const berlin = (day: number, hour: number, minute: number) => Date.UTC(2026, 10, day, hour - 1, minute);

let dir: string | undefined;
let stores: SqliteStores | undefined;
afterEach(() => {
  stores?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  stores = dir = undefined;
});

function home(): { stores: SqliteStores; clock: ManualClock } {
  dir = mkdtempSync(path.join(os.tmpdir(), "hp-area-sensor-"));
  const clock = new ManualClock(NOW);
  stores = openSqliteStores({ dataDir: dir, logger: createMemoryLogger(), now: () => clock.now() });
  stores.registry.upsertAreas([
    { areaId: "kitchen", name: "Kitchen" },
    { areaId: "hall", name: "Hall" },
    { areaId: "bedroom", name: "Bedroom" },
    { areaId: "garden", name: "Garden" },
  ]);
  stores.registry.upsertEntities([
    { entityId: "light.kitchen", areaId: "kitchen" },
    { entityId: "input_boolean.kitchen_light", areaId: "kitchen" },
    { entityId: "sensor.kitchen_temperature", areaId: "kitchen" },
    { entityId: "binary_sensor.hall_motion", areaId: "hall" },
    { entityId: "light.bedroom", areaId: "bedroom" },
  ]);
  return { stores, clock };
}

const ev = (ts: number, entity: string, state: string, previous?: string, parent?: string): HomeEvent => ({
  ts,
  entity,
  state,
  source: "ha",
  ...(previous !== undefined ? { previous } : {}),
  ...(parent !== undefined ? { parent } : {}),
});

function sensors(s: SqliteStores, clock: ManualClock) {
  const aggregates = new SqliteAggregateStore(s.db);
  const reader = new StoredWindowReader(aggregates);
  const deps = { reader, events: s.events, registry: s.registry, time, clock };
  const provider: HaStateProvider = {
    activePatterns: () => [],
    anomaliesSince: () => [],
    openAnomalyCount: () => 0,
    storageBytes: () => 0,
    eventsLastHour: () => 0,
    areaActivity: () => areaActivityNow({ ...deps, profile: () => layeredAreaActivity(deps) }),
    topRoutines: () => [],
    deviceProblems: () => [],
    nextActions: () => [],
  };
  return takeHaStateSnapshot(provider, clock.now()).areas.map((a) => [a.areaId, a.percentOfUsual, a.current, a.usual]);
}

it("counts this hour and the usual hour by the same rule, as counted by hand from the raw events", async () => {
  const { stores: s, clock } = home();
  s.events.append([
    // Monday 2026-11-09, 08:00-09:00: kitchen light on and off (2), nothing else.
    ev(berlin(9, 8, 3), "light.kitchen", "on", "off"),
    ev(berlin(9, 8, 50), "light.kitchen", "off", "on"),
    // Monday 2026-11-16, 08:00-09:00: kitchen 3 (light on, off, helper on), hall 1 (motion on).
    ev(berlin(16, 8, 5), "light.kitchen", "on", "off"),
    ev(berlin(16, 8, 10), "input_boolean.kitchen_light", "on", "off"),
    ev(berlin(16, 8, 12), "binary_sensor.hall_motion", "on", "off"),
    ev(berlin(16, 8, 14), "binary_sensor.hall_motion", "off", "on"), // motion clearing: not activity
    ev(berlin(16, 8, 15), "sensor.kitchen_temperature", "22", "21"), // a reading
    ev(berlin(16, 8, 20), "light.kitchen", "off", "on"),
    ev(berlin(16, 8, 30), "light.kitchen", "on", "off", "automation-context"), // an automation did it
  ]);
  // Today: the bedroom light flaps 302 times before 08:00 (chatter), then once in this hour.
  const flaps: HomeEvent[] = [];
  for (let i = 0; i < 302; i++) {
    flaps.push(ev(berlin(23, 1, 0) + i * 60_000, "light.bedroom", i % 2 ? "off" : "on", i % 2 ? "on" : "off"));
  }
  s.events.append([
    ...flaps,
    ev(berlin(23, 7, 59), "light.kitchen", "on", "off"), // the hour before
    ev(berlin(23, 8, 1), "light.kitchen", "off", "on"),
    ev(berlin(23, 8, 5), "input_boolean.kitchen_light", "off", "on"),
    ev(berlin(23, 8, 10), "binary_sensor.hall_motion", "on", "off"),
    ev(berlin(23, 8, 11), "binary_sensor.hall_motion", "off", "on"),
    ev(berlin(23, 8, 12), "light.bedroom", "on", "off"),
    ev(berlin(23, 8, 15), "light.kitchen", "on", "off"),
    ev(berlin(23, 8, 16), "light.kitchen", "on", "on"), // a repeat
    ev(berlin(23, 8, 20), "sensor.kitchen_temperature", "23", "22"),
    ev(berlin(23, 8, 30), "light.kitchen", "off", "on", "automation-context"),
  ]);

  // Fresh install, nothing rolled up yet: every area has its sensor already.
  expect(sensors(s, clock).map(([area]) => area)).toEqual(["bedroom", "garden", "hall", "kitchen"]);

  const rollup = new Rollup({
    events: s.events,
    store: new SqliteAggregateStore(s.db),
    kinds: [roomBasedDaily],
    periodKinds: [],
    time,
    areaOf: (entity) => s.registry.areaOf(entity),
    clock,
    logger: createMemoryLogger(),
  });
  await rollup.rollupPending("test");

  // By hand: 14 closed days rolled up (2026-11-09 to 11-22) are 2 weeks. Usual for Monday 08:00:
  // kitchen (2 + 3) / 2 = 2.5, hall 1 / 2 = 0.5. Now (08:00-08:40): kitchen light off, helper
  // off, light on = 3; hall motion on = 1; the bedroom light is chatter today.
  expect(sensors(s, clock)).toEqual([
    ["bedroom", null, 0, 0],
    ["garden", null, 0, 0],
    ["hall", 200, 1, 0.5],
    ["kitchen", 120, 3, 2.5],
  ]);
});
