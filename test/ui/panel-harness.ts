// Runs the web service for the end-to-end tests: real SQLite stores, ingest and catalog, the simulated home as the source.
// It wires every piece the panel reads (layers, archive, catalog) the way src/app.ts will; patterns come from
// the simulator's planted routines fed through the real catalog, because the detectors are still being written.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AppEvents } from "../../src/core/app-events.js";
import { systemClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { createEntityFilter } from "../../src/ingest/entity-filter.js";
import { L2_KINDS, L3_KINDS } from "../../src/layers/kinds/index.js";
import { createLayerServices, type LayerServices } from "../../src/layers/layer-services.js";
import { IngestPipeline } from "../../src/ingest/ingest-pipeline.js";
import { AnomalyLog } from "../../src/patterns/anomaly-log.js";
import type { Finding, PatternType } from "../../src/patterns/finding.js";
import { PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import { SqlitePatternStore } from "../../src/patterns/sqlite-pattern-store.js";
import { createSimulatorSource, type SimulatorSource } from "../../src/sources/simulator/index.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { createWebApp } from "../../src/web/create-app.js";
import { createLayeredEntityProfiles, layeredAreaActivity } from "../../src/web/layered-profiles.js";
import { anomaliesRoutes } from "../../src/web/routes/anomalies-routes.js";
import { areasRoutes } from "../../src/web/routes/areas-routes.js";
import { entitiesRoutes } from "../../src/web/routes/entities-routes.js";
import { healthRoutes } from "../../src/web/routes/health-routes.js";
import { liveRoutes } from "../../src/web/routes/live-routes.js";
import { patternsRoutes } from "../../src/web/routes/patterns-routes.js";
import { statsRoutes } from "../../src/web/routes/stats-routes.js";
import { storageRoutes } from "../../src/web/routes/storage-routes.js";
import { suggestionsRoutes } from "../../src/web/routes/suggestions-routes.js";
import { startServer, type RunningServer } from "../../src/web/serve.js";

export interface PanelService {
  url: string;
  stores: SqliteStores;
  ingest: IngestPipeline;
  bus: TypedBus<AppEvents>;
  catalog: PatternCatalog;
  anomalies: AnomalyLog;
  source: SimulatorSource;
  layers: LayerServices;
  close(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Builds the panel into a temp folder, so a test never races another reader of ui/dist. */
export function buildPanel(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), "hp-ui-dist-"));
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-ui.mjs"), "--out", out], { stdio: "pipe" });
  return out;
}

export async function startPanelService(uiDir: string): Promise<PanelService> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-e2e-"));
  const logger = createMemoryLogger("warn");
  const clock = systemClock;
  const stores = openSqliteStores({ dataDir, logger, now: clock.now });
  const bus = new TypedBus<AppEvents>(logger);
  const ingest = new IngestPipeline({
    store: stores.events,
    cursors: stores.cursors,
    clock,
    logger,
    bus,
    filter: createEntityFilter({ include_domains: [], exclude_domains: [], include_entities: [], exclude_entities: [] }),
  });
  // Real time (speed 1): a handful of events a minute, so figures hold still while a test reads them.
  const source = createSimulatorSource({ clock, speed: 1, backfillDays: 7, seed: 7, size: "small", timeZone: "Europe/Berlin" });
  const home = source.home;
  stores.registry.upsertAreas(home.areas);
  stores.registry.upsertDevices(home.devices);
  stores.registry.upsertEntities(home.entities);
  await source.start(ingest);
  ingest.flush();

  const time = new LocalTime(home.timeZone);
  const layers = createLayerServices({
    stores,
    dataDir,
    kinds: L2_KINDS,
    periodKinds: L3_KINDS,
    time,
    clock,
    logger,
    bus,
    options: { raw_retention_days: 7, daily_retention_days: 90, weekly_retention_weeks: 52, storage_budget_mb: 64 },
  });
  // The closed days of the backfill: rolled up into L2/L3 and archived to Parquet, as the nightly cycle does.
  await layers.cycle.run("e2e");

  const patternStore = new SqlitePatternStore(stores.db);
  const catalog = new PatternCatalog(patternStore, clock);
  const anomalies = new AnomalyLog(patternStore, clock);
  seedCatalog(catalog, anomalies, source, clock.now());

  const profileDeps = { reader: layers.reader, events: stores.events, registry: stores.registry, time, clock };
  const startedAt = clock.now();
  const app = createWebApp({
    uiDir,
    logger,
    routes: [
      healthRoutes({
        version: "e2e",
        startedAt,
        clock,
        sources: () => [source.status()],
        stores: () => [{ name: "sqlite", status: "ok", detail: stores.file }],
      }),
      statsRoutes({ events: stores.events, clock, ingest: () => ingest.counters(), storeSizeBytes: () => fileSize(stores.file) + fileSize(`${stores.file}-wal`) }),
      entitiesRoutes({ registry: stores.registry, events: stores.events, clock, profiles: createLayeredEntityProfiles(profileDeps) }),
      areasRoutes({ registry: stores.registry, activity: () => layeredAreaActivity(profileDeps) }),
      storageRoutes({ report: () => layers.reporter.report(), analytics: layers.analytics }),
      patternsRoutes({ catalog, clock, bus }),
      // No Home Assistant here, as in the demo: creating an automation says so.
      suggestionsRoutes({ catalog, registry: stores.registry, clock, bus, logger }),
      anomaliesRoutes({ anomalies, clock }),
      liveRoutes({ bus, clock, logger }),
    ],
  });
  const server: RunningServer = await startServer({ app, host: "127.0.0.1", port: 0, logger });
  return {
    url: `${server.url}/`,
    stores,
    ingest,
    bus,
    catalog,
    anomalies,
    source,
    layers,
    close: async () => {
      await source.stop();
      ingest.close();
      await layers.stop();
      await server.close();
      stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The parameters a time_based detector reports (what the automation suggestion reads). */
function paramsOf(routine: unknown): Record<string, unknown> {
  const r = routine as { type: string; weekdays: number[]; target?: { state: string }; at?: { minuteOfDay: number; toleranceMinutes: number } };
  if (r.type !== "time_based" || !r.target || !r.at) return {};
  const days = r.weekdays.join(",");
  const dayType = days === "0,1,2,3,4" ? "weekdays" : days === "5,6" ? "weekends" : "daily";
  return { state: r.target.state, minuteOfDay: r.at.minuteOfDay, spreadMinutes: r.at.toleranceMinutes, dayType };
}

/** The planted routines as a detector would report them, and two anomalies, through the real catalog and log. */
function seedCatalog(catalog: PatternCatalog, anomalies: AnomalyLog, source: SimulatorSource, now: number): void {
  const truth = source.home.groundTruth();
  const byType = new Map<PatternType, Finding[]>();
  truth.routines.slice(0, 8).forEach((r, i) => {
    const finding: Finding = {
      type: r.type,
      key: `e2e|${r.id}`,
      entities: r.entities,
      area: r.area,
      summary: r.description,
      confidence: 0.9 - i * 0.03,
      support: 20 - i,
      opportunities: 28,
      usefulness: 100 - i,
      automated: r.automated,
      users: [],
      evidence: { days: [] },
      params: paramsOf(r),
    };
    byType.set(r.type, [...(byType.get(r.type) ?? []), finding]);
  });
  catalog.applyRun(byType);
  anomalies.raise({
    key: "e2e|missed|kitchen",
    kind: "missed_routine",
    entity: "light.kitchen",
    area: "kitchen",
    ts: now - 2 * 3_600_000,
    severity: "high",
    summary: "No kitchen activity this morning",
    expected: "the kitchen light on by 07:30",
    details: {},
  });
  anomalies.raise({
    key: "e2e|duration|fan",
    kind: "unusual_duration",
    entity: "switch.bathroom_fan",
    area: "bathroom",
    ts: now - 26 * 3_600_000,
    severity: "medium",
    summary: "Bathroom fan ran for 2 h 10 min",
    expected: "about 15 min",
    details: {},
  });
}
