// The one interface every detector implements; the runner calls each over its window.
import type { LocalTime } from "../core/local-time.js";
import type { WindowReader } from "../layers/aggregate-kind.js";
import type { Finding, PatternType } from "../patterns/finding.js";
import type { RegistryStore } from "../storage/registry-store.js";

export interface DetectorInput {
  reader: WindowReader;
  /** Inclusive local days of the window the detector looks at. */
  from: string;
  to: string;
  time: LocalTime;
  registry: RegistryStore;
  /** Per-detector thresholds from the options (min confidence, window days, ...). */
  settings: Record<string, unknown>;
}

export interface Detector {
  readonly type: PatternType;
  /** How many days of L2 (or weeks/months of L3) the detector reads. */
  readonly windowDays: number;
  detect(input: DetectorInput): Finding[];
}
