// Runs every enabled detector over its window of L2/L3, keeps the findings in the catalog and tells the bus.
import type { AppEvents } from "../app-events.js";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { TypedBus } from "../core/event-bus.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import type { WindowReader } from "../layers/aggregate-kind.js";
import type { AnomalyLog } from "../patterns/anomaly-log.js";
import type { Anomaly, Finding, PatternType } from "../patterns/finding.js";
import type { CatalogUpdate, PatternCatalog } from "../patterns/pattern-catalog.js";
import type { RegistryStore } from "../storage/registry-store.js";
import type { Detector, DetectorInput } from "./detector.js";

/** A detector that also reports the last day's anomalies (the anomaly detector, nightly). */
export interface NightlyAnomalySource {
  /** Anomalies of input.to judged against the days before it in the window. */
  detectAnomalies(input: DetectorInput): Anomaly[];
}

export function isNightlyAnomalySource(d: Detector): d is Detector & NightlyAnomalySource {
  return typeof (d as Partial<NightlyAnomalySource>).detectAnomalies === "function";
}

/** Baselines that online checks take from L2 after each nightly run (the OnlineAnomalyMonitor). */
export interface BaselineConsumer {
  refreshBaselines(reader: WindowReader, to: string): void;
}

export interface DetectorRunnerDeps {
  /** The enabled detectors (createDetectors). */
  detectors: readonly Detector[];
  reader: WindowReader;
  catalog: PatternCatalog;
  anomalies: AnomalyLog;
  registry: RegistryStore;
  time: LocalTime;
  clock: Clock;
  logger: Logger;
  bus?: TypedBus<AppEvents>;
  /** Thresholds per detector from the options (detectorSettings). */
  settings?: (type: PatternType) => Record<string, unknown>;
  monitor?: BaselineConsumer;
  /** Anomalies older than this many days are forgotten after each run ("this is normal" answers stay). */
  anomalyRetentionDays?: number;
  /** The newest day up to `upTo` with recorded events (lastDayWithEvents), or null when none. */
  lastDayWithData?: (upTo: string) => string | null;
}

export interface DetectorOutcome {
  type: PatternType;
  from: string;
  to: string;
  findings: number;
  durationMs: number;
  error?: string;
}

export interface RunReport {
  /** Last day of every window: the newest closed local day. */
  to: string;
  detectors: DetectorOutcome[];
  catalog: CatalogUpdate;
  /** Anomalies raised by this run (new occurrences only). */
  anomalies: Anomaly[];
  findings: Finding[];
}

export class DetectorRunner {
  constructor(private readonly deps: DetectorRunnerDeps) {}

  /** Yesterday, or the last day with events when the days since hold none. */
  private defaultEnd(): string {
    const yesterday = addDays(this.deps.time.dayOf(this.deps.clock.now()), -1);
    const last = this.deps.lastDayWithData?.(yesterday) ?? null;
    return last !== null && last < yesterday ? last : yesterday;
  }

  /**
   * Runs every detector over the window that ends on `to` (default: yesterday, the newest day a
   * nightly rollup closed; or the last day with events when the days since hold none, so history
   * that went quiet is judged on what was recorded, not on empty days). A detector that throws is
   * logged by name and the others carry on. `only` runs those detectors alone; the catalog keeps
   * every other type's patterns as they are.
   */
  run(options: { to?: string; only?: readonly PatternType[] } = {}): RunReport {
    const { deps } = this;
    const log = deps.logger;
    const to = options.to ?? this.defaultEnd();
    const results = new Map<PatternType, Finding[]>();
    const outcomes: DetectorOutcome[] = [];
    const raised: Anomaly[] = [];
    const only = options.only;
    for (const detector of only ? deps.detectors.filter((d) => only.includes(d.type)) : deps.detectors) {
      const from = addDays(to, -(detector.windowDays - 1));
      const input: DetectorInput = {
        reader: deps.reader,
        from,
        to,
        time: deps.time,
        registry: deps.registry,
        settings: deps.settings?.(detector.type) ?? {},
      };
      const started = performance.now();
      try {
        const findings = detector.detect(input).filter((f) => f.type === detector.type);
        results.set(detector.type, findings);
        if (isNightlyAnomalySource(detector)) {
          for (const a of detector.detectAnomalies(input)) {
            const result = deps.anomalies.raise(a);
            if (result?.isNew) raised.push(result.anomaly);
          }
        }
        outcomes.push({
          type: detector.type,
          from,
          to,
          findings: findings.length,
          durationMs: performance.now() - started,
        });
      } catch (err) {
        log.error("detector failed", { detector: detector.type, from, to, error: errorMessage(err) });
        outcomes.push({
          type: detector.type,
          from,
          to,
          findings: 0,
          durationMs: performance.now() - started,
          error: errorMessage(err),
        });
      }
    }
    const update = deps.catalog.applyRun(results);
    const forgotten = deps.anomalyRetentionDays === undefined ? 0 : deps.anomalies.prune(deps.anomalyRetentionDays);
    try {
      if (!only) deps.monitor?.refreshBaselines(deps.reader, to);
    } catch (err) {
      log.error("online anomaly baselines could not be refreshed", { error: errorMessage(err) });
    }
    log.info("detection run", {
      to,
      detectors: outcomes.length,
      failed: outcomes.filter((o) => o.error).map((o) => o.type),
      added: update.added,
      staled: update.staled,
      active: update.active,
      anomalies: raised.length,
      forgottenAnomalies: forgotten,
    });
    deps.bus?.emit("patternsUpdated", { active: update.active, changed: update.changed });
    for (const a of raised) deps.bus?.emit("anomaly", a);
    return { to, detectors: outcomes, catalog: update, anomalies: raised, findings: [...results.values()].flat() };
  }
}
