// The per-entity cap: a chain through several devices is not crowded out by the single-entity findings it spans.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { Finding, PatternType } from "../../src/patterns/finding.js";
import { DEFAULT_CATALOG_SETTINGS, PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { MemoryPatternStore } from "../support/memory/memory-pattern-store.js";
import { findingOfType, sampleParams } from "../support/sample-findings.js";

const T0 = Date.UTC(2026, 2, 2, 3, 0, 0);

function finding(type: PatternType, entities: string[], minute: number, usefulness: number, state = "on"): Finding {
  const time = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  const f = findingOfType(type, {
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
  });
  // The state it reaches and its time of day, where its type has them.
  switch (f.type) {
    case "time_based":
      return { ...f, params: { ...f.params, state, minuteOfDay: minute, time, spreadMinutes: 10 } };
    case "day_type":
      return f.params.kind === "shift" ? { ...f, params: { ...f.params, state, weekdayMinuteOfDay: minute } } : f;
    case "contextual":
      return { ...f, params: { ...f.params, state } };
    default:
      return f;
  }
}

/** Three single-entity findings on `entity` at 04:00, 10:00 and 16:00, all more useful than the multi-entity ones. */
const threeOn = (entity: string) => [240, 600, 960].map((m, i) => finding("time_based", [entity], m, 0.9 - i * 0.05));

function catalogAfter(findings: Finding[]): string[] {
  const catalog = new PatternCatalog(
    new MemoryPatternStore(),
    new ManualClock(T0),
    new MemoryAuditLog(),
    DEFAULT_CATALOG_SETTINGS,
  );
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
    const keys = catalogAfter([...routine.flatMap(threeOn), finding("sequence", routine, 400, 0.5)]);
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

  it("shows what an automation already does beside a device's three habits, once for each state it sets", () => {
    const automated = (type: PatternType, state: string, minute: number, usefulness: number): Finding => ({
      ...finding(type, ["light.kitchen"], minute, usefulness, state),
      automated: true,
    });
    const keys = catalogAfter([
      ...threeOn("light.kitchen"),
      // The same automation seen twice (off when everyone leaves, off around 08:00): one line.
      automated("contextual", "off", 470, 0.37),
      automated("time_based", "off", 480, 0.3),
      automated("time_based", "on", 1290, 0.3),
      // Its on-time follows from when the automation switches it off: said already.
      {
        ...automated("duration", "off", 470, 0.4),
        type: "duration",
        params: sampleParams("duration", { medianSeconds: 3600, automatedState: "off" }),
      },
    ]);
    expect(keys).toEqual([
      "contextual|light.kitchen|07:50",
      "time_based|light.kitchen|04:00",
      "time_based|light.kitchen|10:00",
      "time_based|light.kitchen|16:00",
      "time_based|light.kitchen|21:30",
    ]);
  });

  it("leaves out a pair the kept morning chain already states, so the fan keeps a slot for its own habit", () => {
    const steps = [
      { entity: "light.bedroom", state: "off" },
      { entity: "binary_sensor.hallway_motion", state: "on" },
      { entity: "light.bathroom", state: "on" },
      { entity: "fan.bathroom", state: "on" },
    ];
    const chain: Finding = {
      ...finding(
        "sequence",
        steps.map((s) => s.entity),
        400,
        0.6,
      ),
      type: "sequence",
      params: sampleParams("sequence", { steps }),
    };
    const pair = (trigger: string, follower: string, usefulness: number): Finding => ({
      ...finding("co_occurrence", [trigger, follower], 410, usefulness),
      type: "co_occurrence",
      params: sampleParams("co_occurrence", {
        trigger: { entity: trigger, state: "on" },
        follower: { entity: follower, state: "on" },
        windowSeconds: 120,
      }),
    });
    const keys = catalogAfter([
      chain,
      pair("light.bathroom", "fan.bathroom", 0.85),
      // Bedroom light on (the chain has it going off) is no step of the chain: a pair of its own.
      pair("light.bedroom", "light.bathroom", 0.84),
      finding("day_type", ["fan.bathroom"], 415, 0.82),
      finding("duration", ["fan.bathroom"], 415, 0.79),
    ]);
    expect(keys).toEqual(
      [
        "co_occurrence|light.bedroom>light.bathroom|06:50",
        "duration|fan.bathroom|06:55",
        "day_type|fan.bathroom|06:55",
        "sequence|light.bedroom>binary_sensor.hallway_motion>light.bathroom>fan.bathroom|06:40",
      ].sort(),
    );
  });
});

describe("PatternCatalog run report", () => {
  it("counts as added only the new patterns the caps keep: each of them is announced, none other", () => {
    const catalog = new PatternCatalog(
      new MemoryPatternStore(),
      new ManualClock(T0),
      new MemoryAuditLog(),
      DEFAULT_CATALOG_SETTINGS,
    );
    // Four habits of one light; three fit its slots.
    const four = [240, 600, 960, 1200].map((m, i) => finding("time_based", ["light.desk"], m, 0.9 - i * 0.05));
    const update = catalog.applyRun(new Map([["time_based", four]]));
    expect(update.added).toBe(3);
    expect(update.removed).toBe(0);
    expect(update.changed.map((p) => p.key)).toEqual([
      "time_based|light.desk|04:00",
      "time_based|light.desk|10:00",
      "time_based|light.desk|16:00",
    ]);
    // The next night the fourth is found again, and again turned away: nothing added, nothing to announce.
    const again = catalog.applyRun(new Map([["time_based", four]]));
    expect([again.added, again.removed, again.changed.length]).toEqual([0, 0, 0]);
  });
});
