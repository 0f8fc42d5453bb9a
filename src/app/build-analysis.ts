// Builds what turns stored events into knowledge: the layers, the detectors, the catalog and online anomalies.

import type { AppEvents } from "../app-events.js";
import { SqliteAutomationRunStore } from "../automations/automation-run-days.js";
import { automationSwitchedOff } from "../automations/automation-switched-off.js";
import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { TypedBus } from "../core/event-bus.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import type { Sensitivity } from "../detectors/anomaly/anomaly-settings.js";
import { OnlineAnomalyMonitor } from "../detectors/anomaly/online-anomaly-monitor.js";
import { DetectorRunner } from "../detectors/detector-runner.js";
import { type DeviceProblem, deviceProblems } from "../detectors/device-health.js";
import { catalogSettings, createDetectors, detectorSettings } from "../detectors/registry.js";
import { areaName, entityName } from "../detectors/scoring/wording.js";
import type { IngestPipeline } from "../ingest/ingest-pipeline.js";
import { L2_KINDS, L3_KINDS } from "../layers/kinds/index.js";
import { lastDayWithEvents } from "../layers/last-day-with-events.js";
import { createLayerServices, type LayerServices } from "../layers/layer-services.js";
import { AnomalyLog } from "../patterns/anomaly-log.js";
import { catalogLayerSummary } from "../patterns/catalog-layer-summary.js";
import { PatternCatalog } from "../patterns/pattern-catalog.js";
import { SqlitePatternStore } from "../patterns/sqlite-pattern-store.js";
import type { AuditLog } from "../storage/audit-log.js";
import { SqliteAuditLog } from "../storage/sqlite/sqlite-audit-log.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import { TableSizes } from "../storage/sqlite/table-sizes.js";

export interface Analysis {
  layers: LayerServices;
  patterns: SqlitePatternStore;
  /** Who accepted, dismissed, created or deleted what. */
  audit: AuditLog;
  catalog: PatternCatalog;
  anomalies: AnomalyLog;
  runner: DetectorRunner;
  monitor: OnlineAnomalyMonitor;
  /** Automation runs per day, heard from Home Assistant: what the automation_quiet detector reads. */
  automationRuns: SqliteAutomationRunStore;
  /** Devices that drop out again and again over the days up to yesterday (recomputed after each rollup). */
  deviceHealth(): DeviceProblem[];
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
  /** Real time, for rate-limited log lines and work paced in real seconds (the demo's clock runs 60× faster). */
  wallClock: Clock;
  logger: Logger;
  bus: TypedBus<AppEvents>;
  /** Told how long each rollup cycle and detection run took, and why it failed (self-watching, metrics). */
  onRun?: (run: "rollup" | "detection", durationMs: number, error?: string) => void;
  /** Whether Home Assistant no longer has the automation (deleted, or disabled in its registry). */
  automationGone?: (automation: string) => boolean;
}

export function buildAnalysis(deps: AnalysisDeps): Analysis {
  const { config, stores, time, clock, bus } = deps;
  const logger = deps.logger;
  const patterns = new SqlitePatternStore(stores.db);
  // On the patterns' database, so feedback and its audit entry are one transaction.
  const audit = new SqliteAuditLog(stores.db);
  const catalog = new PatternCatalog(patterns, clock, audit, catalogSettings(config.options));
  const anomalies = new AnomalyLog(patterns, clock, audit);
  const tableSizes = new TableSizes({
    db: stores.db,
    file: stores.file,
    clock: deps.wallClock,
    logger: logger.child("storage"),
  });
  const sizes = () => tableSizes.get();
  const catalogLayer = catalogLayerSummary(stores.db, time, () => clock.now(), sizes);
  const automationRuns = new SqliteAutomationRunStore(stores.db);
  const layers = createLayerServices({
    stores,
    dataDir: config.dataDir,
    kinds: L2_KINDS,
    periodKinds: L3_KINDS,
    time,
    clock,
    wallClock: deps.wallClock,
    logger,
    bus,
    options: config.options,
    extraLayers: () => [catalogLayer()],
    tableSizes: sizes,
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
    deviceClassOf: (entity) => stores.registry.deviceClassOf(entity),
    sensitivity: (config.options.anomaly_sensitivity as Sensitivity | undefined) ?? "medium",
    recentEvents: (from, to) => stores.events.query({ from, to }),
  });
  const switchedOff = automationSwitchedOff(stores.events);
  const runner = new DetectorRunner({
    detectors: createDetectors(config.options, {
      automationRuns,
      automationOff: (a) => switchedOff(a) || deps.automationGone?.(a) === true,
    }),
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
    lastDayWithData: (upTo) => lastDayWithEvents(layers.aggregates, upTo),
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
  // Read once per closed day: the panel and the MQTT snapshot ask far more often than days change.
  let health: { day: string; problems: DeviceProblem[] } | null = null;
  const offHealth = bus.on("rolledUp", "device-health", () => {
    health = null;
  });
  const deviceHealth = () => {
    const day = addDays(time.dayOf(clock.now()), -1);
    if (health?.day !== day) health = { day, problems: deviceProblems(layers.reader, stores.registry, day) };
    return health.problems;
  };

  return {
    layers,
    patterns,
    audit,
    catalog,
    anomalies,
    runner,
    monitor,
    automationRuns,
    deviceHealth,
    async start() {
      await layers.start();
      // Nothing needed rolling up (a restart within the same day): detect once anyway, so the
      // online monitor has its baselines and the catalog reflects this version's detectors.
      if (runs === 0) detect();
    },
    async stop() {
      offRolledUp();
      offHealth();
      monitor.stop();
      await layers.stop();
    },
  };
}
