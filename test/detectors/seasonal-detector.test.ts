// Seasonal detector on half a year built by hand: a garden light for May and June weekends, a kitchen light all year.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { addDays, weekdayOf } from "../../src/core/local-time.js";
import { SeasonalDetector } from "../../src/detectors/seasonal-detector.js";
import { ReferenceWindowReader } from "../../src/layers/reference-window-reader.js";
import { MemoryEventStore } from "../../src/storage/memory/memory-event-store.js";
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
      "Garden light is used mostly in May to June: 18 of its 19 days in use, in 61 of 181 days",
      "The garden area is used mostly in May to June: 18 of its 19 days in use, in 61 of 181 days",
    ]);
    expect(findings[0]).toMatchObject({
      type: "seasonal",
      key: "seasonal|entity|light.garden|season|05,06",
      entities: ["light.garden"],
      area: "garden",
      confidence: 0.795,
      support: 18,
      opportunities: 19,
      params: { kind: "season", months: [5, 6], subject: "entity" },
    });
  });

  it("says nothing with fewer than three months of days", () => {
    expect(new SeasonalDetector().detect(input("2026-05-01"))).toEqual([]);
  });
});
