// Detector 6, anomaly: nightly, the closed day against its baseline; as a pattern, devices that drop out again and again.
import { anomalyDaily } from "../layers/kinds/index.js";
import type { Anomaly, Finding } from "../patterns/finding.js";
import { sensitivityOf } from "./anomaly/anomaly-settings.js";
import { nightlyAnomalies } from "./anomaly/nightly-anomalies.js";
import type { Detector, DetectorInput } from "./detector.js";
import type { NightlyAnomalySource } from "./detector-runner.js";
import { areaName, entityName } from "./scoring/wording.js";

/** Baseline days before the judged day; the window is one day longer. */
export const ANOMALY_BASELINE_DAYS = 56;
/** A device unavailable on more than this share of days is flaky… */
const FLAKY_RATE = 0.05;
/** …and reported once it dropped out on at least this many days. */
const MIN_FLAKY_DAYS = 3;

export class AnomalyDetector implements Detector, NightlyAnomalySource {
  readonly type = "anomaly" as const;
  readonly windowDays = ANOMALY_BASELINE_DAYS + 1;

  /** Recurring unavailability: "sensor.garage_door goes unavailable on 6 of 57 days". */
  detect(input: DetectorInput): Finding[] {
    const covered = input.reader.coveredDays(input.from, input.to);
    const n = covered.length;
    if (n === 0) return [];
    const days = new Map<string, string[]>();
    for (const [day, rows] of input.reader.byDay(anomalyDaily, input.from, input.to)) {
      for (const v of rows.values()) {
        if (v.subject !== "entity" || !(v.days[day]?.unavailable > 0)) continue;
        days.set(v.id, [...(days.get(v.id) ?? []), day]);
      }
    }
    const out: Finding[] = [];
    for (const [entity, list] of days) {
      const k = list.length;
      if (k < MIN_FLAKY_DAYS) continue;
      // Confidence that it drops out on more than FLAKY_RATE of days: one minus the binomial tail at that rate.
      const confidence = 1 - binomialTail(n, k, FLAKY_RATE);
      out.push({
        type: "anomaly",
        key: `anomaly|unavailable|${entity}`,
        entities: [entity],
        area: input.registry.areaOf(entity),
        summary: `${entityName(entity, input.registry)} goes unavailable on ${k} of ${n} days`,
        confidence: round(confidence),
        support: k,
        opportunities: n,
        usefulness: round(confidence * Math.min(1, k / n / 0.25)),
        automated: false,
        users: [],
        evidence: { days: [...list].sort() },
        params: { kind: "unavailable" },
      });
    }
    return out;
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
      sensitivity: sensitivityOf(input.settings),
    });
  }
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialTail(n: number, k: number, p: number): number {
  let term = (1 - p) ** n; // P(X = 0)
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return Math.max(0, 1 - below);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
