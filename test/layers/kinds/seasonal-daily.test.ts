import { describe, expect, it } from "vitest";
import { seasonalDaily } from "../../../src/layers/kinds/seasonal-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10";

function day(d = D) {
  return dayInput(
    d,
    [at(BERLIN, d, "01:00", "light.porch", "off"), at(BERLIN, d, "20:00", "light.porch", "on", { user: "u1" })],
    {
      carryIn: [at(BERLIN, "2026-03-09", "22:00", "light.porch", "on")],
      areas: { "light.porch": "garden" },
    },
  );
}

describe("seasonal_daily", () => {
  it("sums changes and on-time within the day per entity and per area", () => {
    const rows = seasonalDaily.computeDay(day());
    expect(rows.get("entity|light.porch")).toEqual({
      subject: "entity",
      id: "light.porch",
      count: 2,
      onSec: 18_000,
      activeDays: 1,
      weekdayDays: [0, 1, 0, 0, 0, 0, 0],
      automated: 0,
      users: { u1: 1 },
    });
    expect(rows.get("area|garden")).toEqual({
      subject: "area",
      id: "garden",
      count: 2,
      onSec: 18_000,
      activeDays: 1,
      weekdayDays: [0, 1, 0, 0, 0, 0, 0],
      automated: 0,
      users: { u1: 1 },
    });
  });

  it("merges in any order and grouping", () => {
    const days = ["2026-03-09", D, "2026-03-11"].map((d) => day(d));
    expectMergeLaws(seasonalDaily, days);
    const merged = days
      .map((d) => seasonalDaily.computeDay(d).get("area|garden")!)
      .reduce((x, y) => seasonalDaily.merge(x, y));
    expect(merged).toMatchObject({ count: 6, activeDays: 3, weekdayDays: [1, 1, 1, 0, 0, 0, 0] });
  });

  it("drops the weekday split when merging with a row stored before it existed", () => {
    const today = seasonalDaily.computeDay(day()).get("area|garden")!;
    const older = { ...seasonalDaily.computeDay(day("2026-03-09")).get("area|garden")!, weekdayDays: undefined };
    expect(seasonalDaily.merge(older, today)).toEqual({
      subject: "area",
      id: "garden",
      count: 4,
      onSec: 32_400,
      activeDays: 2,
      automated: 0,
      users: { u1: 2 },
    });
  });
});
