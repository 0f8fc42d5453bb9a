import { describe, expect, it } from "vitest";
import { dayTypeDaily } from "../../../src/layers/kinds/day-type-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

function day(d: string, first: string) {
  return dayInput(d, [
    at(BERLIN, d, first, "light.kitchen", "on", { user: "u1" }),
    at(BERLIN, d, "12:00", "light.kitchen", "off"),
    at(BERLIN, d, "19:30", "light.kitchen", "on", { parent: "automation-ctx" }),
  ]);
}

describe("day_type_daily", () => {
  it("keeps per entity and state each day's count, first and last time and weekday", () => {
    const rows = dayTypeDaily.computeDay(day("2026-03-14", "09:15")); // a Saturday
    expect(rows.get("light.kitchen|on")).toEqual({
      entity: "light.kitchen",
      state: "on",
      days: { "2026-03-14": { weekday: 5, count: 2, first: 555, last: 1170, automated: 1 } },
      automated: 1,
      users: { u1: 1 },
    });
  });

  it("merges days in any order and grouping, keeping each day apart", () => {
    const days = [day("2026-03-13", "06:45"), day("2026-03-14", "09:15"), day("2026-03-15", "09:40")];
    expectMergeLaws(dayTypeDaily, days);
    const merged = days
      .map((d) => dayTypeDaily.computeDay(d).get("light.kitchen|on")!)
      .reduce((x, y) => dayTypeDaily.merge(x, y));
    expect(Object.entries(merged.days).map(([d, v]) => [d, v.weekday, v.first])).toEqual([
      ["2026-03-13", 4, 405],
      ["2026-03-14", 5, 555],
      ["2026-03-15", 6, 580],
    ]);
  });
});
