// The per-entity cap: a chain through several devices is not crowded out by the single-entity findings it spans.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { Finding, PatternType } from "../../src/patterns/finding.js";
import { MemoryPatternStore } from "../../src/patterns/memory-pattern-store.js";
import { DEFAULT_CATALOG_SETTINGS, PatternCatalog } from "../../src/patterns/pattern-catalog.js";

const T0 = Date.UTC(2026, 2, 2, 3, 0, 0);

function finding(type: PatternType, entities: string[], minute: number, usefulness: number): Finding {
  const time = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  return {
    type,
    key: `${type}|${entities.join(">")}|${time}`,
    entities,
    area: null,
    summary: `${entities.join(" then ")} around ${time}`,
    confidence: 0.8,
    support: 20,
    opportunities: 28,
    usefulness,
    automated: false,
    users: [],
    evidence: { days: ["2026-03-01"] },
    params: { state: "on", minuteOfDay: minute, spreadMinutes: 10 },
  };
}

/** Three single-entity findings on `entity` at 04:00, 10:00 and 16:00, all more useful than the multi-entity ones. */
const threeOn = (entity: string) => [240, 600, 960].map((m, i) => finding("time_based", [entity], m, 0.9 - i * 0.05));

function catalogAfter(findings: Finding[]): string[] {
  const catalog = new PatternCatalog(new MemoryPatternStore(), new ManualClock(T0), DEFAULT_CATALOG_SETTINGS);
  const byType = new Map<PatternType, Finding[]>();
  for (const f of findings) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
  catalog.applyRun(byType);
  return catalog
    .list()
    .map((p) => p.key)
    .sort();
}

describe("PatternCatalog per-entity cap", () => {
  it("keeps a morning sequence over the weakest single-entity finding of each device it runs through", () => {
    const routine = ["light.bedroom", "binary_sensor.hallway_motion", "light.bathroom", "fan.bathroom"];
    const keys = catalogAfter([
      ...routine.flatMap(threeOn),
      finding("sequence", routine, 400, 0.5),
    ]);
    expect(keys).toEqual([
      "sequence|light.bedroom>binary_sensor.hallway_motion>light.bathroom>fan.bathroom|06:40",
      // The motion sensor is the sequence's trigger, not something it operates: its three findings stay.
      "time_based|binary_sensor.hallway_motion|04:00",
      "time_based|binary_sensor.hallway_motion|10:00",
      "time_based|binary_sensor.hallway_motion|16:00",
      "time_based|fan.bathroom|04:00",
      "time_based|fan.bathroom|10:00",
      "time_based|light.bathroom|04:00",
      "time_based|light.bathroom|10:00",
      "time_based|light.bedroom|04:00",
      "time_based|light.bedroom|10:00",
    ]);
  });

  it("ranks a chain through only two devices by usefulness, so the devices' own stronger findings keep their slots", () => {
    const keys = catalogAfter([
      ...threeOn("light.hallway"),
      ...threeOn("light.bedroom"),
      finding("sequence", ["binary_sensor.hallway_motion", "light.hallway", "light.bedroom"], 1365, 0.5),
    ]);
    expect(keys).toEqual([
      "time_based|light.bedroom|04:00",
      "time_based|light.bedroom|10:00",
      "time_based|light.bedroom|16:00",
      "time_based|light.hallway|04:00",
      "time_based|light.hallway|10:00",
      "time_based|light.hallway|16:00",
    ]);
  });

  it("charges a motion-and-light pair only to the light, and ranks it by usefulness among the light's findings", () => {
    const keys = catalogAfter([
      ...threeOn("binary_sensor.hall_motion"),
      ...threeOn("light.hall"),
      finding("co_occurrence", ["binary_sensor.hall_motion", "light.hall"], 1200, 0.5),
      finding("co_occurrence", ["binary_sensor.hall_motion", "light.porch"], 1260, 0.5),
    ]);
    expect(keys).toEqual([
      "co_occurrence|binary_sensor.hall_motion>light.porch|21:00",
      "time_based|binary_sensor.hall_motion|04:00",
      "time_based|binary_sensor.hall_motion|10:00",
      "time_based|binary_sensor.hall_motion|16:00",
      "time_based|light.hall|04:00",
      "time_based|light.hall|10:00",
      "time_based|light.hall|16:00",
    ]);
  });
});
