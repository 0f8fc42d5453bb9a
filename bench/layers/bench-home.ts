// A data dir with the layers over it and the simulated home's registry, for one benchmark configuration.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ManualClock } from "../../src/core/clock.js";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { L2_KINDS, L3_KINDS } from "../../src/layers/kinds/index.js";
import { createLayerServices, type LayerServices } from "../../src/layers/layer-services.js";
import type { AreaRecord, DeviceRecord, EntityRecord } from "../../src/storage/registry-store.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

export const BENCH_ZONE = "Europe/Berlin";

export interface BenchHome {
  dir: string;
  stores: SqliteStores;
  layers: LayerServices;
  clock: ManualClock;
  time: LocalTime;
  /** Stops the layers and closes the store; the data dir is removed unless `keepDir`. */
  dispose(opts?: { keepDir?: boolean }): Promise<void>;
}

export interface BenchRegistry {
  areas: AreaRecord[];
  devices: DeviceRecord[];
  entities: EntityRecord[];
}

/**
 * A new data dir with the registry written into it; or, with `reopen`, a data dir an earlier
 * process left (keepDir), its clock set where that process's clock stood.
 */
export function openBenchHome(
  opts:
    | { registry: BenchRegistry; rawRetentionDays: number; firstDay: string }
    | { reopen: { dir: string; clockMs: number }; rawRetentionDays: number },
): BenchHome {
  const dir = "reopen" in opts ? opts.reopen.dir : mkdtempSync(path.join(os.tmpdir(), "hp-bench-"));
  const time = new LocalTime(BENCH_ZONE);
  const clock = new ManualClock("reopen" in opts ? opts.reopen.clockMs : time.toEpoch(opts.firstDay, 0));
  const logger = createMemoryLogger("error");
  const stores = openSqliteStores({ dataDir: dir, logger, now: () => clock.now() });
  if ("registry" in opts) {
    stores.registry.upsertAreas(opts.registry.areas);
    stores.registry.upsertDevices(opts.registry.devices);
    stores.registry.upsertEntities(opts.registry.entities);
  }
  const layers = createLayerServices({
    stores,
    dataDir: dir,
    kinds: L2_KINDS,
    periodKinds: L3_KINDS,
    time,
    clock,
    logger,
    options: {
      raw_retention_days: opts.rawRetentionDays,
      daily_retention_days: 90,
      weekly_retention_weeks: 52,
      // The budget is measured, not enforced, here: nothing may be removed for space.
      storage_budget_mb: 100_000,
    },
  });
  return {
    dir,
    stores,
    layers,
    clock,
    time,
    dispose: async ({ keepDir = false } = {}) => {
      await layers.stop();
      stores.close();
      if (!keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
