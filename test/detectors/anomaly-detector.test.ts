// The anomaly detector's nightly pass over a closed day, and its one kind of pattern: a device that keeps dropping out.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { addDays } from "../../src/core/local-time.js";
import { AnomalyDetector } from "../../src/detectors/anomaly-detector.js";
import { binomialTail, deviceProblems } from "../../src/detectors/device-health.js";
import { ReferenceWindowReader } from "../../src/layers/reference-window-reader.js";
import { MemoryEventStore } from "../../src/storage/memory/memory-event-store.js";
import { BERLIN, everyDay, FROM, plus } from "./support/detector-fixture.js";
import { registryWith } from "./support/memory-registry.js";

const JUDGED = "2026-03-02";
const ENTITIES = [
  { entityId: "binary_sensor.hallway_motion", areaId: "hallway" },
  { entityId: "light.hallway", areaId: "hallway" },
  { entityId: "sensor.garage_door", areaId: "garage" },
  { entityId: "binary_sensor.garage_door", areaId: "garage" },
];

/** Ten motion changes every evening hour from 18:00 to 22:59, a few each morning, the hall light at 07:00. */
const usualDays = everyDay(({ index, at }) => [
  ...[6, 7].flatMap((h) =>
    [0, 20].flatMap((m) => [
      at(`0${h}:${m || "00"}`, "binary_sensor.hallway_motion", "on"),
      at(`0${h}:${m + 1}`, "binary_sensor.hallway_motion", "off"),
    ]),
  ),
  ...[18, 19, 20, 21, 22].flatMap((h) =>
    [0, 12, 24, 36, 48].flatMap((m) => [
      at(`${h}:${String(m).padStart(2, "0")}`, "binary_sensor.hallway_motion", "on"),
      at(`${h}:${String(m + 1).padStart(2, "0")}`, "binary_sensor.hallway_motion", "off"),
    ]),
  ),
  at("07:00", "light.hallway", "on"),
  at("07:10", "light.hallway", "off"),
  // The garage door sensor drops out every ninth day.
  ...(index % 9 === 4
    ? [at("12:00", "binary_sensor.garage_door", "unavailable"), at("12:05", "binary_sensor.garage_door", "off")]
    : []),
  at(plus("17:00", 0), "binary_sensor.garage_door", "on"),
  at(plus("17:02", 0), "binary_sensor.garage_door", "off"),
]);

function on(hhmm: string, entity: string, state: string): HomeEvent {
  const [h, m] = hhmm.split(":").map(Number);
  return { ts: BERLIN.toEpoch(JUDGED, h * 60 + m), entity, state, source: "test" };
}

function inputFor(judgedDay: HomeEvent[]) {
  const registry = registryWith(ENTITIES, ["hallway", "garage"]);
  const store = new MemoryEventStore();
  store.append([...usualDays, ...judgedDay]);
  const clock = new ManualClock(BERLIN.toEpoch(addDays(JUDGED, 1), 2 * 60));
  const reader = new ReferenceWindowReader({ events: store, time: BERLIN, clock, areaOf: (e) => registry.areaOf(e) });
  return {
    reader,
    from: addDays(JUDGED, -56),
    to: JUDGED,
    time: BERLIN,
    registry,
    settings: { sensitivity: "medium" },
  };
}

describe("anomaly detector, nightly", () => {
  it("raises a party evening: far more hallway activity than any evening before", () => {
    const party: HomeEvent[] = [];
    for (let s = 0; s < 3600; s += 40) {
      party.push({
        ...on("19:00", "binary_sensor.hallway_motion", "on"),
        ts: BERLIN.toEpoch(JUDGED, 19 * 60) + s * 1000,
      });
      party.push({
        ...on("19:00", "binary_sensor.hallway_motion", "off"),
        ts: BERLIN.toEpoch(JUDGED, 19 * 60) + (s + 20) * 1000,
      });
    }
    const anomalies = new AnomalyDetector().detectAnomalies(
      inputFor([on("07:00", "light.hallway", "on"), on("07:10", "light.hallway", "off"), ...party]),
    );
    expect(anomalies.filter((a) => a.kind === "activity_high").map((a) => [a.key, a.severity, a.summary])).toEqual([
      [
        "activity_high|home|2026-03-02",
        "high",
        "180 changes at home between 19:00 and 20:00; usually about 10, never more than 10 in any hour",
      ],
      [
        "activity_high|area:hallway|2026-03-02",
        "high",
        "180 changes in Hallway between 19:00 and 20:00; usually about 10, never more than 10 in any hour",
      ],
    ]);
  });

  it("raises a day with nobody about: the missed mornings (one per stretch of the day), the silent evening", () => {
    const anomalies = new AnomalyDetector().detectAnomalies(inputFor([]));
    expect(anomalies.map((a) => [a.kind, a.severity, a.summary])).toEqual([
      ["missed_routine", "medium", "No activity in Hallway by 07:30; it starts by 06:00 on 28 of 28 days"],
      ["missed_routine", "medium", "No activity in Garage by 18:30; it starts by 17:00 on 28 of 28 days"],
      [
        "activity_low",
        "medium",
        "Only 0 changes at home between 18:00 and 21:00; never fewer than 30 on the same weekday",
      ],
    ]);
  });

  it("is quiet on an ordinary day", () => {
    const ordinary = usualDays
      .filter((e) => BERLIN.dayOf(e.ts) === FROM)
      .map((e) => ({ ...e, ts: e.ts + 28 * 86_400_000 }));
    expect(new AnomalyDetector().detectAnomalies(inputFor(ordinary))).toEqual([]);
  });
});

describe("anomaly detector, patterns", () => {
  it("tells a device that drops out again and again as device health, not as a pattern", () => {
    const input = { ...inputFor([]), from: FROM, to: addDays(FROM, 27) };
    expect(new AnomalyDetector().detect(input)).toEqual([]);
    expect(deviceProblems(input.reader, input.registry, input.to)).toEqual([
      {
        entity: "binary_sensor.garage_door",
        area: "garage",
        kind: "unavailable",
        summary: "Garage door went unavailable on 3 of 28 days, last on 2026-02-24",
        days: 3,
        ofDays: 28,
        lastDay: "2026-02-24",
        certainty: 0.837,
      },
    ]);
  });

  it("computes the binomial tail it calibrates confidence with", () => {
    expect(binomialTail(28, 3, 0.05)).toBeCloseTo(0.1627, 4);
    expect(binomialTail(10, 0, 0.5)).toBe(1);
  });
});
