// Detector 6, anomaly: nightly, the closed day against its baseline.
import type { Anomaly, Finding } from "../patterns/finding.js";
import { sensitivityOf } from "./anomaly/anomaly-settings.js";
import { nightlyAnomalies } from "./anomaly/nightly-anomalies.js";
import type { Detector, DetectorInput } from "./detector.js";
import type { NightlyAnomalySource } from "./detector-runner.js";
import { areaName, entityName } from "./scoring/wording.js";

/** Baseline days before the judged day; the window is one day longer. */
export const ANOMALY_BASELINE_DAYS = 56;

export class AnomalyDetector implements Detector, NightlyAnomalySource {
  readonly type = "anomaly" as const;
  readonly windowDays = ANOMALY_BASELINE_DAYS + 1;

  /**
   * No patterns: what is unusual is told as anomalies, day by day. A device that drops out again
   * and again is a device problem, told apart (device-health.ts), not a habit at confidence 1.00.
   */
  detect(_input: DetectorInput): Finding[] {
    return [];
  }

  /** Anomalies of input.to, judged against the ANOMALY_BASELINE_DAYS before it. */
  detectAnomalies(input: DetectorInput): Anomaly[] {
    return nightlyAnomalies({
      reader: input.reader,
      day: input.to,
      baselineDays: ANOMALY_BASELINE_DAYS,
      time: input.time,
      areaOf: (entity) => input.registry.areaOf(entity),
      nameOf: (entity) => entityName(entity, input.registry),
      areaName: (area) => areaName(area, input.registry),
      deviceClassOf: (entity) => input.registry.deviceClassOf(entity),
      sensitivity: sensitivityOf(input.settings),
    });
  }
}
