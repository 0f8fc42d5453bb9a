import { describe, expect, it } from "vitest";
import { anomalyDaily } from "../../../src/layers/kinds/anomaly-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10"; // Tuesday: hour of week 24 + hour

function day(d = D) {
  return dayInput(
    d,
    [
      at(BERLIN, d, "06:50", "light.kitchen", "on", { user: "u1" }),
      at(BERLIN, d, "07:20", "light.kitchen", "off"),
      at(BERLIN, d, "07:25", "light.kitchen", "on", { parent: "automation-ctx" }),
      at(BERLIN, d, "07:40", "light.kitchen", "off", { parent: "automation-ctx" }),
      at(BERLIN, d, "12:00", "light.kitchen", "unavailable"),
      at(BERLIN, d, "12:00", "sensor.kitchen_power", "35.2"),
    ],
    { areas: { "light.kitchen": "kitchen" } },
  );
}

describe("anomaly_daily", () => {
  it("keeps per entity and area the hour-of-week counts and the day's first, last, on-time and outages", () => {
    const rows = anomalyDaily.computeDay(day());
    expect([...rows.keys()].sort()).toEqual(["area|kitchen", "entity|light.kitchen"]);
    expect(rows.get("entity|light.kitchen")).toEqual({
      subject: "entity",
      id: "light.kitchen",
      hourSum: { 30: 1, 31: 3 },
      hourSumSq: { 30: 1, 31: 9 },
      days: { [D]: { count: 4, firstMinute: 410, lastMinute: 440, onSec: 2700, longestOnSec: 1800, unavailable: 1 } },
      automated: 2,
      users: { u1: 1 },
    });
    expect(rows.get("area|kitchen")).toEqual({
      subject: "area",
      id: "kitchen",
      hourSum: { 30: 1, 31: 3 },
      hourSumSq: { 30: 1, 31: 9 },
      days: { [D]: { count: 4, firstMinute: 410, lastMinute: 440, onSec: 0, longestOnSec: 0, unavailable: 0 } },
      automated: 2,
      users: { u1: 1 },
    });
  });

  it("clips on-time at midnight for an entity that was on all night", () => {
    const rows = anomalyDaily.computeDay(
      dayInput(D, [at(BERLIN, D, "01:00", "light.porch", "off")], {
        carryIn: [at(BERLIN, "2026-03-09", "20:00", "light.porch", "on")],
      }),
    );
    expect(rows.get("entity|light.porch")!.days[D]).toMatchObject({ onSec: 3600, longestOnSec: 3600 });
  });

  it("sums counts and squares across days, so a baseline has mean and variance", () => {
    const days = ["2026-03-03", D, "2026-03-17"].map((d) => day(d));
    expectMergeLaws(anomalyDaily, days);
    const merged = days
      .map((d) => anomalyDaily.computeDay(d).get("entity|light.kitchen")!)
      .reduce((x, y) => anomalyDaily.merge(x, y));
    expect(merged.hourSum).toEqual({ 30: 3, 31: 9 });
    expect(merged.hourSumSq).toEqual({ 30: 3, 31: 27 });
    expect(Object.keys(merged.days).sort()).toEqual(["2026-03-03", D, "2026-03-17"]);
  });
});
