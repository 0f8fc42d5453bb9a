// A real SQLite database in a temp dir with the layers built over it, on a manual clock.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { AggregateKind, PeriodKind } from "../../src/layers/aggregate-kind.js";
import { Rollup } from "../../src/layers/rollup.js";
import { SqliteAggregateStore } from "../../src/storage/sqlite/sqlite-aggregate-store.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { TEST_KINDS, TEST_PERIOD_KINDS } from "./test-kinds.js";

export const AREAS: Record<string, string> = {
  "light.kitchen": "kitchen",
  "light.hall": "hall",
  "binary_sensor.hall_motion": "hall",
  "light.bedroom": "bedroom",
};

export interface LayerFixture {
  dir: string;
  stores: SqliteStores;
  aggregates: SqliteAggregateStore;
  rollup: Rollup;
  clock: ManualClock;
  time: LocalTime;
  bus: TypedBus<AppEvents>;
  logger: ReturnType<typeof createMemoryLogger>;
  areaOf(entity: string): string | null;
  close(): void;
}

export function layerFixture(opts: {
  zone?: string;
  now: number;
  kinds?: AggregateKind<unknown>[];
  periodKinds?: PeriodKind<unknown>[];
  dir?: string;
}): LayerFixture {
  const dir = opts.dir ?? mkdtempSync(path.join(os.tmpdir(), "hp-layers-"));
  const clock = new ManualClock(opts.now);
  const logger = createMemoryLogger();
  const stores = openSqliteStores({ dataDir: dir, logger, now: () => clock.now() });
  const aggregates = new SqliteAggregateStore(stores.db);
  const time = new LocalTime(opts.zone ?? "Europe/Berlin");
  const bus = new TypedBus<AppEvents>(logger);
  const areaOf = (entity: string) => AREAS[entity] ?? null;
  const rollup = new Rollup({
    events: stores.events,
    store: aggregates,
    kinds: opts.kinds ?? TEST_KINDS,
    periodKinds: opts.periodKinds ?? TEST_PERIOD_KINDS,
    time,
    areaOf,
    clock,
    logger,
    bus,
  });
  return { dir, stores, aggregates, rollup, clock, time, bus, logger, areaOf, close: () => stores.close() };
}
