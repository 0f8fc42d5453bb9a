// Builds what turns stored events into knowledge: the layers, the ten detectors, the catalog and online anomalies.

import type { Config } from "../config/config.js";
import type { AppEvents } from "../core/app-events.js";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { TypedBus } from "../core/event-bus.js";
import type { LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import type { Sensitivity } from "../detectors/anomaly/anomaly-settings.js";
import { OnlineAnomalyMonitor } from "../detectors/anomaly/online-anomaly-monitor.js";
import { DetectorRunner } from "../detectors/detector-runner.js";
import { catalogSettings, createDetectors, detectorSettings } from "../detectors/registry.js";
import { areaName, entityName } from "../detectors/scoring/wording.js";
import type { IngestPipeline } from "../ingest/ingest-pipeline.js";
import { L2_KINDS, L3_KINDS } from "../layers/kinds/index.js";
import { createLayerServices, type LayerServices } from "../layers/layer-services.js";
import { AnomalyLog } from "../patterns/anomaly-log.js";
import { catalogLayerSummary } from "../patterns/catalog-layer-summary.js";
import { PatternCatalog } from "../patterns/pattern-catalog.js";
import { SqlitePatternStore } from "../patterns/sqlite-pattern-store.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";

export interface Analysis {
  layers: LayerServices;
  patterns: SqlitePatternStore;
  catalog: PatternCatalog;
  anomalies: AnomalyLog;
  runner: DetectorRunner;
  monitor: OnlineAnomalyMonitor;
  /** Catches up on closed days (running the detectors after), then schedules the nightly cycle. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AnalysisDeps {
  config: Config;
  stores: SqliteStores;
  ingest: IngestPipeline;
  time: LocalTime;
  clock: Clock;
  logger: Logger;
  bus: TypedBus<AppEvents>;
  /** Told how long each rollup cycle and detection run took, and why it failed (self-watching, metrics). */
  onRun?: (run: "rollup" | "detection", durationMs: number, error?: string) => void;
}

export function buildAnalysis(deps: AnalysisDeps): Analysis {
  const { config, stores, time, clock, bus } = deps;
  const logger = deps.logger;
  const patterns = new SqlitePatternStore(stores.db);
  const catalog = new PatternCatalog(patterns, clock, catalogSettings(config.options));
  const anomalies = new AnomalyLog(patterns, clock);
  const catalogLayer = catalogLayerSummary(stores.db, time, () => clock.now());
  const layers = createLayerServices({
    stores,
    dataDir: config.dataDir,
    kinds: L2_KINDS,
    periodKinds: L3_KINDS,
    time,
    clock,
    logger,
    bus,
    options: config.options,
    extraLayers: () => [catalogLayer()],
    onCycle: (ms, error) => deps.onRun?.("rollup", ms, error),
  });
  const areaOf = (entity: string) => stores.registry.areaOf(entity);
  const monitor = new OnlineAnomalyMonitor({
    clock,
    time,
    anomalies,
    logger: logger.child("anomalies"),
    bus,
    areaOf,
    nameOf: (entity) => entityName(entity, stores.registry),
    areaName: (area) => areaName(area, stores.registry),
    sensitivity: (config.options.anomaly_sensitivity as Sensitivity | undefined) ?? "medium",
    recentEvents: (from, to) => stores.events.query({ from, to }),
  });
  const runner = new DetectorRunner({
    detectors: createDetectors(config.options),
    reader: layers.reader,
    catalog,
    anomalies,
    registry: stores.registry,
    time,
    clock,
    logger: logger.child("detectors"),
    bus,
    settings: detectorSettings(config.options),
    monitor,
    // An anomaly is kept as long as the daily aggregates that show what was unusual about it.
    anomalyRetentionDays: Number(config.options.daily_retention_days ?? 90),
  });

  // Late events re-open their days; every committed batch is checked for anomalies as it arrives.
  deps.ingest.onCommitted("layers", (events) => void layers.markDirtyTimes(events.map((e) => e.ts)));
  deps.ingest.onCommitted("online-anomalies", (events) => void monitor.observe(events));
  // Detection follows each rollup: the nightly cycle, and the catch-up at start.
  let runs = 0;
  const detect = () => {
    runs++;
    const t0 = performance.now();
    try {
      runner.run();
      deps.onRun?.("detection", performance.now() - t0);
    } catch (err) {
      logger.error("detection run failed", { error: errorMessage(err) });
      deps.onRun?.("detection", performance.now() - t0, errorMessage(err));
    }
  };
  const offRolledUp = bus.on("rolledUp", "detectors", detect);

  return {
    layers,
    patterns,
    catalog,
    anomalies,
    runner,
    monitor,
    async start() {
      await layers.start();
      // Nothing needed rolling up (a restart within the same day): detect once anyway, so the
      // online monitor has its baselines and the catalog reflects this version's detectors.
      if (runs === 0) detect();
    },
    async stop() {
      offRolledUp();
      monitor.stop();
      await layers.stop();
    },
  };
}
