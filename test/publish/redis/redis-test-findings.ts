// The findings and anomalies the Redis publisher's tests publish.
import type { Anomaly, Finding } from "../../../src/patterns/finding.js";
import { sampleParams } from "../../support/sample-findings.js";

export const T0 = Date.UTC(2026, 10, 20, 7, 0, 0);

export const morningLight: Finding = {
  type: "time_based",
  key: "time_based:light.kitchen:on:weekday",
  entities: ["light.kitchen"],
  area: "kitchen",
  summary: "Kitchen light turns on around 06:55 on weekdays",
  confidence: 0.82,
  support: 18,
  opportunities: 20,
  usefulness: 0.7,
  automated: false,
  users: [],
  evidence: { days: ["2026-11-16"] },
  params: sampleParams("time_based", { minuteOfDay: 415, time: "06:55" }),
};
export const eveningTv: Finding = {
  ...morningLight,
  key: "time_based:media_player.tv:on:any",
  entities: ["media_player.tv"],
  area: null,
  summary: "TV on at 20:00",
};

export function anomaly(n: number): Anomaly {
  return {
    key: `activity_high:kitchen:${n}`,
    kind: "activity_high",
    entity: null,
    area: "kitchen",
    ts: T0 + n,
    severity: "medium",
    summary: `Kitchen unusually busy (${n})`,
    expected: "about 4 events this hour",
    details: { count: 30 + n },
  };
}
