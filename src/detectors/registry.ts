// The detectors by type, which of them the options switch on, and the settings each gets from the options.
import type { AutomationRunStore } from "../automations/automation-run-days.js";
import { MemoryAutomationRunStore } from "../automations/automation-run-days.js";
import type { Options } from "../config/config.js";
import type { PatternType } from "../patterns/finding.js";
import { PATTERN_TYPES } from "../patterns/finding.js";
import { type CatalogSettings, DEFAULT_CATALOG_SETTINGS } from "../patterns/pattern-catalog.js";
import { AnomalyDetector } from "./anomaly-detector.js";
import { AutomationQuietDetector } from "./automation-quiet-detector.js";
import { CoOccurrenceDetector } from "./co-occurrence-detector.js";
import { ContextualDetector } from "./contextual-detector.js";
import { DayTypeDetector } from "./day-type-detector.js";
import type { Detector } from "./detector.js";
import { DurationDetector } from "./duration-detector.js";
import { RoomBasedDetector } from "./room-based-detector.js";
import { SeasonalDetector } from "./seasonal-detector.js";
import { SequenceDetector } from "./sequence-detector.js";
import { SessionDetector } from "./session-detector.js";
import { TimeBasedDetector } from "./time-based-detector.js";

/** What some detectors read besides the layers. */
export interface DetectorSources {
  /** Automation runs per day (heard from Home Assistant); none when absent. */
  automationRuns?: AutomationRunStore;
  /** True for an automation a user switched off: it stops on purpose. */
  automationOff?: (automation: string) => boolean;
}

export const DETECTOR_FACTORIES: Record<PatternType, (sources: DetectorSources) => Detector> = {
  time_based: () => new TimeBasedDetector(),
  co_occurrence: () => new CoOccurrenceDetector(),
  sequence: () => new SequenceDetector(),
  room_based: () => new RoomBasedDetector(),
  duration: () => new DurationDetector(),
  anomaly: () => new AnomalyDetector(),
  session: () => new SessionDetector(),
  day_type: () => new DayTypeDetector(),
  contextual: () => new ContextualDetector(),
  seasonal: () => new SeasonalDetector(),
  automation_quiet: (sources) =>
    new AutomationQuietDetector(sources.automationRuns ?? new MemoryAutomationRunStore(), sources.automationOff),
};

/** The options the detectors and the catalog read; each may be left out (tests, the eval) for its default. */
export type DetectionOptions = Readonly<
  Partial<
    Pick<Options, "detectors" | "anomaly_sensitivity" | "max_patterns" | "max_patterns_per_entity" | "min_confidence">
  >
>;

/** The detectors the `detectors` option switches on, in the catalog's type order. */
export function createDetectors(options: DetectionOptions, sources: DetectorSources = {}): Detector[] {
  const enabled = new Set<PatternType>(options.detectors ?? PATTERN_TYPES);
  return PATTERN_TYPES.filter((t) => enabled.has(t)).map((t) => DETECTOR_FACTORIES[t](sources));
}

/** Per-detector settings the runner passes in DetectorInput.settings. */
export function detectorSettings(options: DetectionOptions): (type: PatternType) => Record<string, unknown> {
  const sensitivity = options.anomaly_sensitivity ?? "medium";
  return (type) => (type === "anomaly" ? { sensitivity } : {});
}

export function catalogSettings(options: DetectionOptions): CatalogSettings {
  return {
    ...DEFAULT_CATALOG_SETTINGS,
    maxPatterns: options.max_patterns ?? DEFAULT_CATALOG_SETTINGS.maxPatterns,
    maxPerEntity: options.max_patterns_per_entity ?? DEFAULT_CATALOG_SETTINGS.maxPerEntity,
    minConfidence: options.min_confidence ?? DEFAULT_CATALOG_SETTINGS.minConfidence,
  };
}
