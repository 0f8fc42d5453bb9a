// The five detectors against the simulator's planted routines: 28 days of a seeded home, read through the reference path.
import { beforeAll, describe, expect, it } from "vitest";
import type { PlantedRoutine } from "../../bench/eval/truth/ground-truth.js";
import { groundTruthOf } from "../../bench/eval/truth/simulation-truth.js";
import { ManualClock } from "../../src/core/clock.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { addDays, circularMinuteDistance, LocalTime } from "../../src/core/local-time.js";
import { CoOccurrenceDetector } from "../../src/detectors/co-occurrence-detector.js";
import type { DetectorInput } from "../../src/detectors/detector.js";
import { DurationDetector } from "../../src/detectors/duration-detector.js";
import { RoomBasedDetector } from "../../src/detectors/room-based-detector.js";
import { SequenceDetector } from "../../src/detectors/sequence-detector.js";
import { TimeBasedDetector } from "../../src/detectors/time-based-detector.js";
import { timeBasedDaily } from "../../src/layers/kinds/time-based-daily.js";
import { ReferenceWindowReader } from "../../src/layers/reference-window-reader.js";
import type { Finding, PatternType } from "../../src/patterns/finding.js";
import { createSimulatedHome, createSimulation } from "../../src/sources/simulator/index.js";
import { MemoryEventStore } from "../support/memory/memory-event-store.js";
import { MemoryRegistryStore } from "../support/memory/memory-registry-store.js";
import { MemoWindowReader } from "./support/memo-window-reader.js";

const FROM = "2026-03-02";
const TO = addDays(FROM, 27);

function simulatedWindow(): {
  input: DetectorInput;
  noise: Set<string>;
  routines: PlantedRoutine[];
} {
  const options = { seed: 1, size: "default" } as const;
  const home = createSimulatedHome(options);
  const registry = new MemoryRegistryStore();
  registry.upsertAreas(home.areas);
  registry.upsertDevices(home.devices);
  registry.upsertEntities(home.entities);
  const time = new LocalTime(home.timeZone);
  const events: HomeEvent[] = [];
  // One day before the window, so the first day has its carry-in.
  for (const day of home.generate(addDays(FROM, -1), 29)) for (const e of day.events) events.push(e);
  const store = new MemoryEventStore();
  store.append(events);
  const clock = new ManualClock(time.toEpoch(addDays(TO, 1), 18 * 60));
  const reader = new MemoWindowReader(
    new ReferenceWindowReader({ events: store, time, clock, areaOf: (e) => registry.areaOf(e) }),
  );
  const truth = groundTruthOf(createSimulation(options), FROM, 28);
  return {
    input: { reader, from: FROM, to: TO, time, registry, settings: {} },
    noise: new Set(truth.noiseEntities),
    routines: truth.routines,
  };
}

describe("detectors on the simulated home (seed 1, 28 days)", () => {
  let input: DetectorInput;
  let noise: Set<string>;
  let routines: ReturnType<typeof simulatedWindow>["routines"];
  let findings: Finding[] = [];
  beforeAll(() => {
    ({ input, noise, routines } = simulatedWindow());
    findings = [
      new TimeBasedDetector(),
      new CoOccurrenceDetector(),
      new SequenceDetector(),
      new DurationDetector(),
      new RoomBasedDetector(),
    ].flatMap((d) => d.detect(input));
  });
  const ofType = <T extends PatternType>(type: T) =>
    findings.filter((f): f is Extract<Finding, { type: T }> => f.type === type);

  it("finds every planted time_based routine at its time", () => {
    const planted = routines.filter((r) => r.type === "time_based");
    expect(planted.map((r) => r.id)).toEqual([
      "kitchen-light-weekday-morning",
      "porch-light-off-2300-automation",
      "bedroom-light-on-at-bedtime",
      "bedroom-light-off-when-asleep",
      "living-room-light-off-at-bedtime",
      "evening-tv-off",
    ]);
    for (const r of planted) {
      if (r.type !== "time_based") continue;
      const times = r.byDayType
        ? [r.byDayType.weekday.minuteOfDay, r.byDayType.weekend.minuteOfDay]
        : [r.at.minuteOfDay];
      const near = (minute: unknown) => times.some((t) => circularMinuteDistance(Number(minute), t) <= 15);
      // A return to rest may come as its own finding or with the "on" before it ("…, off again around 23:20").
      const match = ofType("time_based").find(
        (f) =>
          f.entities[0] === r.target.entity &&
          ((f.params.state === r.target.state && near(f.params.minuteOfDay)) ||
            (f.params.endState === r.target.state && near(f.params.endMinuteOfDay))),
      );
      expect(match, r.id).toBeDefined();
      expect(match!.automated).toBe(r.automated);
    }
  });

  it("finds the planted co-occurrence with its short window", () => {
    const match = ofType("co_occurrence").find(
      (f) => f.key === "co_occurrence|binary_sensor.hallway_motion|on|light.hallway|on",
    );
    expect(match?.params.windowSeconds).toBe(30);
  });

  it("finds the planted morning sequence, all four steps in order", () => {
    expect(ofType("sequence").map((f) => f.key)).toContain(
      "sequence|light.bedroom:off>binary_sensor.hallway_motion:on>light.bathroom:on>switch.bathroom_fan:on",
    );
  });

  it("finds the planted durations within their range", () => {
    const minutes = (entity: string) =>
      Number(ofType("duration").find((f) => f.entities[0] === entity)?.params.medianSeconds) / 60;
    expect(minutes("switch.bathroom_fan")).toBeGreaterThanOrEqual(12);
    expect(minutes("switch.bathroom_fan")).toBeLessThanOrEqual(18);
    expect(minutes("switch.coffee_maker")).toBeGreaterThanOrEqual(3);
    expect(minutes("switch.coffee_maker")).toBeLessThanOrEqual(5);
  });

  it("reports nothing about the noise entities, and few findings in all", () => {
    expect(findings.filter((f) => f.entities.some((e) => noise.has(e))).map((f) => f.summary)).toEqual([]);
    // The goal: at most three findings per active entity, over all five detectors.
    const active = new Set([...input.reader.merged(timeBasedDaily, FROM, TO).values()].map((v) => v.entity));
    expect(findings.length / active.size).toBeLessThanOrEqual(3);
    for (const type of ["time_based", "co_occurrence", "sequence", "duration", "room_based"] as const)
      expect(ofType(type).length, type).toBeLessThanOrEqual(25);
  });
});
