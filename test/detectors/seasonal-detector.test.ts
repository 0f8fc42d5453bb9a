// Seasonal detector on months built by hand: a garden light for May and June weekends, a space heater on winter
// Wednesdays and Fridays, and lights used all year.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { addDays, weekdayOf } from "../../src/core/local-time.js";
import { SeasonalDetector } from "../../src/detectors/seasonal-detector.js";
import type { PeriodKind, WindowReader } from "../../src/layers/aggregate-kind.js";
import { ReferenceWindowReader } from "../../src/layers/reference-window-reader.js";
import { MemoryEventStore } from "../support/memory/memory-event-store.js";
import { BERLIN } from "./support/detector-fixture.js";
import { registryWith } from "./support/memory-registry.js";

const FROM = "2026-01-01";
const TO = "2026-06-30";

function halfYear(): HomeEvent[] {
  const events: HomeEvent[] = [];
  const at = (day: string, minute: number, entity: string, state: string) =>
    events.push({ ts: BERLIN.toEpoch(day, minute), entity, state, source: "test" });
  for (let day = FROM; day <= TO; day = addDays(day, 1)) {
    at(day, 7 * 60, "light.kitchen", "on");
    at(day, 7 * 60 + 30, "light.kitchen", "off");
    const month = Number(day.slice(5, 7));
    if ((month === 5 || month === 6) && weekdayOf(day) >= 5) {
      at(day, 20 * 60, "light.garden", "on");
      at(day, 22 * 60, "light.garden", "off");
    }
  }
  // One mild evening in February.
  at("2026-02-14", 20 * 60, "light.garden", "on");
  at("2026-02-14", 21 * 60, "light.garden", "off");
  return events;
}

function input(from: string) {
  const registry = registryWith(
    [
      { entityId: "light.kitchen", name: "Kitchen light", areaId: "kitchen" },
      { entityId: "light.garden", name: "Garden light", areaId: "garden" },
    ],
    ["kitchen", "garden"],
  );
  const store = new MemoryEventStore();
  store.append(halfYear());
  const clock = new ManualClock(BERLIN.toEpoch(addDays(TO, 1), 12 * 60));
  const reader = new ReferenceWindowReader({ events: store, time: BERLIN, clock, areaOf: (e) => registry.areaOf(e) });
  return { reader, from, to: TO, time: BERLIN, registry, settings: {} };
}

describe("seasonal detector", () => {
  it("finds the garden light's season and nothing about the all-year kitchen light", () => {
    const findings = new SeasonalDetector().detect(input(FROM));
    expect(findings.map((f) => f.summary)).toEqual([
      "Garden light is used mostly in May to June: on 18 of 18 Saturdays and Sundays then, against 1 of 34 in the other months",
      "The garden area is used mostly in May to June: on 18 of 18 Saturdays and Sundays then, against 1 of 34 in the other months",
    ]);
    expect(findings[0]).toMatchObject({
      type: "seasonal",
      key: "seasonal|entity|light.garden|season|05,06",
      entities: ["light.garden"],
      area: "garden",
      confidence: 0.795,
      support: 18,
      opportunities: 19,
      params: { kind: "season", months: [5, 6], weekdays: [5, 6], subject: "entity" },
    });
  });

  it("says nothing with fewer than three months of days", () => {
    expect(new SeasonalDetector().detect(input("2026-05-01"))).toEqual([]);
  });
});

// October to December 2026: Wednesdays and Fridays are 9 in October, 8 in November, 9 in December.
const AUTUMN_FROM = "2026-10-01";
const AUTUMN_TO = "2026-12-31";

function autumn(): HomeEvent[] {
  const events: HomeEvent[] = [];
  const at = (day: string, minute: number, entity: string, state: string) =>
    events.push({ ts: BERLIN.toEpoch(day, minute), entity, state, source: "test" });
  let deskDay = 0;
  for (let day = AUTUMN_FROM; day <= AUTUMN_TO; day = addDays(day, 1)) {
    at(day, 7 * 60, "light.kitchen", "on");
    at(day, 7 * 60 + 30, "light.kitchen", "off");
    const homeOffice = weekdayOf(day) === 2 || weekdayOf(day) === 4;
    if (!homeOffice) continue;
    // The heater on every home-office day in November and December but two, and once in October.
    const cold = day >= "2026-11-01" ? day !== "2026-11-13" && day !== "2026-12-25" : day === "2026-10-28";
    if (cold) {
      at(day, 9 * 60, "switch.space_heater", "on");
      at(day, 12 * 60, "switch.space_heater", "off");
    }
    // The desk lamp on 4 of October's 9 home-office days and 12 of the 17 after: more, but not twice as often.
    deskDay += 1;
    const desk = deskDay <= 9 ? deskDay % 2 === 0 : deskDay % 3 !== 0;
    if (desk) {
      at(day, 10 * 60, "light.desk", "on");
      at(day, 11 * 60, "light.desk", "off");
    }
  }
  return events;
}

/** The same months; `beforeWeekdays` strips the weekday split, as rows rolled up before it existed lack it. */
function autumnInput(beforeWeekdays = false) {
  const registry = registryWith(
    [
      { entityId: "light.kitchen", name: "Kitchen light", areaId: "kitchen" },
      { entityId: "switch.space_heater", name: "Space heater", areaId: "office" },
      { entityId: "light.desk", name: "Desk lamp", areaId: "study" },
    ],
    ["kitchen", "office", "study"],
  );
  const store = new MemoryEventStore();
  store.append(autumn());
  const clock = new ManualClock(BERLIN.toEpoch(addDays(AUTUMN_TO, 1), 12 * 60));
  const reference = new ReferenceWindowReader({
    events: store,
    time: BERLIN,
    clock,
    areaOf: (e) => registry.areaOf(e),
  });
  const reader: WindowReader = beforeWeekdays
    ? {
        merged: (kind, from, to) => reference.merged(kind, from, to),
        byDay: (kind, from, to) => reference.byDay(kind, from, to),
        coveredDays: (from, to) => reference.coveredDays(from, to),
        rolledUpDays: (from, to) => reference.rolledUpDays(from, to),
        byPeriod: <V>(kind: PeriodKind<V>, from: string, to: string) => {
          const periods = reference.byPeriod(kind, from, to);
          for (const rows of periods.values())
            for (const [key, v] of rows) rows.set(key, { ...v, weekdayDays: undefined });
          return periods;
        },
      }
    : reference;
  return { reader, from: AUTUMN_FROM, to: AUTUMN_TO, time: BERLIN, registry, settings: {} };
}

describe("seasonal detector on a habit of two weekdays", () => {
  it("finds a winter heater against its own weekdays, though winter fills two of the three months", () => {
    const findings = new SeasonalDetector().detect(autumnInput());
    expect(findings.map((f) => f.summary)).toEqual([
      "Space heater is used mostly in November to December: on 15 of 17 Wednesdays and Fridays then, against 1 of 9 in the other months",
      "The office area is used mostly in November to December: on 15 of 17 Wednesdays and Fridays then, against 1 of 9 in the other months",
    ]);
    expect(findings[0]).toMatchObject({
      key: "seasonal|entity|switch.space_heater|season|11,12",
      entities: ["switch.space_heater"],
      area: "office",
      confidence: 0.762,
      support: 15,
      opportunities: 16,
      params: { kind: "season", months: [11, 12], weekdays: [2, 4], subject: "entity" },
      evidence: {
        months: [
          { month: "2026-10", activeDays: 1, coveredDays: 9 },
          { month: "2026-11", activeDays: 7, coveredDays: 8 },
          { month: "2026-12", activeDays: 8, coveredDays: 9 },
        ],
      },
    });
  });

  it("finds the same seasons once the daily rows of the first months are purged: the months are counted from what was rolled up", () => {
    const input = autumnInput();
    const reference = input.reader;
    const purged: WindowReader = {
      merged: (kind, from, to) => reference.merged(kind, from, to),
      byDay: (kind, from, to) => reference.byDay(kind, from, to),
      byPeriod: (kind, from, to) => reference.byPeriod(kind, from, to),
      // Only the last month still has daily rows.
      coveredDays: (from, to) => reference.coveredDays(from, to).slice(-30),
      rolledUpDays: (from, to) => reference.rolledUpDays(from, to),
    };
    const summaries = (i: typeof input) => new SeasonalDetector().detect(i).map((f) => f.summary);
    expect(summaries({ ...input, reader: purged })).toEqual(summaries(input));
    expect(summaries(input).length).toBeGreaterThan(0);
  });

  it("says nothing of the heater when the months' rows carry no weekdays: 15 of 61 days against 1 of 31 is too close", () => {
    expect(new SeasonalDetector().detect(autumnInput(true))).toEqual([]);
  });
});
