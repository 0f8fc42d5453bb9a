// A small real home for the web tests: SQLite stores in a temp dir with three areas and a few entities.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HomeEvent } from "../../src/core/home-event.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

/** Monday 2024-01-15 12:00 UTC = 13:00 in Europe/Berlin. */
export const MONDAY_NOON_UTC = Date.UTC(2024, 0, 15, 12);
export const MIN = 60_000;
export const HOUR = 3_600_000;

export function openTestStores(): SqliteStores {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-web-"));
  const stores = openSqliteStores({ dataDir: dir, logger: createMemoryLogger(), now: () => 0 });
  stores.registry.upsertAreas([
    { areaId: "kitchen", name: "Kitchen" },
    { areaId: "hall", name: "Hall" },
    { areaId: "living_room", name: "Living Room" },
  ]);
  stores.registry.upsertDevices([{ deviceId: "dev-motion", name: "Hall motion", areaId: "hall" }]);
  stores.registry.upsertEntities([
    { entityId: "light.kitchen", name: "Kitchen light", areaId: "kitchen" },
    { entityId: "binary_sensor.hall_motion", name: "Hall motion", deviceId: "dev-motion" },
    { entityId: "media_player.tv", name: "TV", areaId: "living_room" },
  ]);
  return stores;
}

export function ev(ts: number, entity: string, state: string, extra: Partial<HomeEvent> = {}): HomeEvent {
  return { ts, entity, state, source: "simulator", ...extra };
}
