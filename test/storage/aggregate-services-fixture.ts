// The whole layer stack (createLayerServices) over a real SQLite file and archive folder in a temp dir.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { addDays, LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { createLayerServices, type LayerServices } from "../../src/layers/layer-services.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { TEST_KINDS, TEST_PERIOD_KINDS } from "../layers/test-kinds.js";

export interface ServicesFixture {
  dir: string;
  clock: ManualClock;
  time: LocalTime;
  stores: SqliteStores;
  layers: LayerServices;
  bus: TypedBus<AppEvents>;
  logger: ReturnType<typeof createMemoryLogger>;
  storageEvents: AppEvents["storage"][];
  close(): Promise<void>;
}

export function servicesFixture(opts: {
  now: string;
  raw?: number;
  daily?: number;
  weeks?: number;
  budgetMb?: number;
  analyticsLimits?: { maxRows?: number; timeoutMs?: number };
}): ServicesFixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-services-"));
  const clock = new ManualClock(Date.parse(opts.now));
  const logger = createMemoryLogger();
  const bus = new TypedBus<AppEvents>(logger);
  const storageEvents: AppEvents["storage"][] = [];
  bus.on("storage", "test", (e) => void storageEvents.push(e));
  const stores = openSqliteStores({ dataDir: dir, logger, now: () => clock.now() });
  const time = new LocalTime("Europe/Berlin");
  const layers = createLayerServices({
    stores,
    dataDir: dir,
    kinds: TEST_KINDS,
    periodKinds: TEST_PERIOD_KINDS,
    time,
    clock,
    logger,
    bus,
    options: {
      raw_retention_days: opts.raw ?? 7,
      daily_retention_days: opts.daily ?? 90,
      weekly_retention_weeks: opts.weeks ?? 52,
      storage_budget_mb: opts.budgetMb ?? 1024,
    },
    analyticsLimits: opts.analyticsLimits,
  });
  return {
    dir,
    clock,
    time,
    stores,
    layers,
    bus,
    logger,
    storageEvents,
    close: async () => {
      await layers.stop();
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `perDay` events a day on [from, from + days), spread over the day, four lights. */
export function dailyEvents(time: LocalTime, from: string, days: number, perDay: number): HomeEvent[] {
  const out: HomeEvent[] = [];
  for (let d = 0; d < days; d++) {
    const { start, end } = time.dayBounds(addDays(from, d));
    const step = Math.floor((end - start) / perDay);
    for (let i = 0; i < perDay; i++) {
      out.push({ ts: start + i * step, entity: `light.l${i % 4}`, state: i % 8 < 4 ? "on" : "off", source: "test" });
    }
  }
  return out;
}
