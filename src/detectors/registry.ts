// The detectors by type, which of them the options switch on, and the settings each gets from the options.

import type { AutomationRunStore } from "../automations/automation-run-days.js";
import { MemoryAutomationRunStore } from "../automations/automation-run-days.js";
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

/** The options the detectors and the catalog read (detectors, min_confidence, max_patterns, ...): the add-on's Options. */
export type DetectionOptions = Readonly<Record<string, unknown>>;

const numberOption = (options: DetectionOptions, name: string): number | undefined => {
  const v = options[name];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};

/** The detectors the `detectors` option switches on, in the catalog's type order; unknown names are ignored. */
export function createDetectors(options: DetectionOptions, sources: DetectorSources = {}): Detector[] {
  const listed = Array.isArray(options.detectors)
    ? (options.detectors as unknown[]).filter((d) => typeof d === "string")
    : PATTERN_TYPES;
  const enabled = new Set<string>(listed as string[]);
  return PATTERN_TYPES.filter((t) => enabled.has(t)).map((t) => DETECTOR_FACTORIES[t](sources));
}

/** Per-detector settings the runner passes in DetectorInput.settings. */
export function detectorSettings(options: DetectionOptions): (type: PatternType) => Record<string, unknown> {
  const sensitivity = typeof options.anomaly_sensitivity === "string" ? options.anomaly_sensitivity : "medium";
  return (type) => (type === "anomaly" ? { sensitivity } : {});
}

export function catalogSettings(options: DetectionOptions): CatalogSettings {
  return {
    ...DEFAULT_CATALOG_SETTINGS,
    maxPatterns: numberOption(options, "max_patterns") ?? DEFAULT_CATALOG_SETTINGS.maxPatterns,
    maxPerEntity: numberOption(options, "max_patterns_per_entity") ?? DEFAULT_CATALOG_SETTINGS.maxPerEntity,
    minConfidence: numberOption(options, "min_confidence") ?? DEFAULT_CATALOG_SETTINGS.minConfidence,
  };
}
