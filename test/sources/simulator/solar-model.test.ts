import { describe, expect, it } from "vitest";
import { LocalTime } from "../../../src/core/local-time.js";
import { sunEventsOfDay, sunStateAtDayStart } from "../../../src/sources/simulator/solar-model.js";

const berlin = new LocalTime("Europe/Berlin");
const clockOf = (local: LocalTime, ts: number) => local.parts(ts).minuteOfDay;

describe("solar model", () => {
  // Published times for Berlin (52.52 N, 13.405 E), within the model's couple of minutes.
  it.each([
    ["2026-06-21", 4 * 60 + 43, 21 * 60 + 33],
    ["2026-12-21", 8 * 60 + 15, 15 * 60 + 54],
    ["2026-03-29", 6 * 60 + 51, 19 * 60 + 34],
    ["2026-10-25", 6 * 60 + 48, 16 * 60 + 53],
  ])("puts sunrise and sunset in Berlin on %s at local wall-clock time", (day, sunrise, sunset) => {
    const events = sunEventsOfDay(berlin, 52.52, 13.405, day);
    expect(events.map((e) => e.state)).toEqual(["above_horizon", "below_horizon"]);
    expect(Math.abs(clockOf(berlin, events[0].ts) - sunrise)).toBeLessThanOrEqual(3);
    expect(Math.abs(clockOf(berlin, events[1].ts) - sunset)).toBeLessThanOrEqual(3);
    expect(sunStateAtDayStart(berlin, 52.52, 13.405, day)).toBe("below_horizon");
  });

  it("finds the local day's events for a zone far from Greenwich", () => {
    const auckland = new LocalTime("Pacific/Auckland");
    const events = sunEventsOfDay(auckland, -36.85, 174.76, "2026-01-10");
    expect(events.map((e) => [e.state, Math.round(clockOf(auckland, e.ts) / 10)])).toEqual([
      ["above_horizon", 37], // about 06:12
      ["below_horizon", 124], // about 20:43
    ]);
  });

  it("has no change at all in the polar summer and winter, with the right steady state", () => {
    const tromso = new LocalTime("Europe/Oslo");
    expect(sunEventsOfDay(tromso, 69.65, 18.96, "2026-06-21")).toEqual([]);
    expect(sunStateAtDayStart(tromso, 69.65, 18.96, "2026-06-21")).toBe("above_horizon");
    expect(sunEventsOfDay(tromso, 69.65, 18.96, "2026-12-21")).toEqual([]);
    expect(sunStateAtDayStart(tromso, 69.65, 18.96, "2026-12-21")).toBe("below_horizon");
  });
});
