import { describe, expect, it } from "vitest";
import { roomBasedDaily } from "../../../src/layers/kinds/room-based-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10"; // a Tuesday: hours of week 24..47
const AREAS = {
  "binary_sensor.kitchen_motion": "kitchen",
  "light.kitchen": "kitchen",
  "sensor.kitchen_temperature": "kitchen",
  "light.living": "living",
};

function day(d = D) {
  return dayInput(
    d,
    [
      at(BERLIN, d, "07:00", "binary_sensor.kitchen_motion", "on"),
      at(BERLIN, d, "07:02", "light.kitchen", "on", { user: "u1" }),
      at(BERLIN, d, "07:03", "sensor.kitchen_temperature", "21.5"),
      at(BERLIN, d, "07:05", "light.living", "on"),
      at(BERLIN, d, "07:30", "light.living", "off"),
      at(BERLIN, d, "08:00", "light.kitchen", "off"),
      at(BERLIN, d, "08:01", "light.kitchen", "on", { parent: "automation-ctx" }),
      at(BERLIN, d, "09:00", "light.garden", "on"),
    ],
    { areas: AREAS },
  );
}

describe("room_based_daily", () => {
  it("counts activity per area and hour of week, devices used and moves between areas", () => {
    const rows = roomBasedDaily.computeDay(day());
    expect([...rows.keys()].sort()).toEqual(["kitchen", "living"]);
    expect(rows.get("kitchen")).toEqual({
      area: "kitchen",
      events: 3,
      hourOfWeek: { 31: 2, 32: 1 },
      hourDays: { 31: 1, 32: 1 },
      entities: { "binary_sensor.kitchen_motion": 1, "light.kitchen": 2 },
      transitions: { living: 1 },
      activeDays: 1,
      automated: 1,
      users: { u1: 1 },
    });
    expect(rows.get("living")).toEqual({
      area: "living",
      events: 2,
      hourOfWeek: { 31: 2 },
      hourDays: { 31: 1 },
      entities: { "light.living": 2 },
      transitions: {},
      activeDays: 1,
      automated: 0,
      users: {},
    });
  });

  it("puts the repeated hour of the fall-back Sunday in hour 2", () => {
    const d = "2026-10-25";
    const { start } = BERLIN.dayBounds(d);
    const rows = roomBasedDaily.computeDay(
      dayInput(d, [{ ts: start + 210 * 60_000, entity: "light.kitchen", state: "on", source: "test" }], { areas: AREAS }),
    );
    expect(rows.get("kitchen")!.hourOfWeek).toEqual({ 146: 1 });
  });

  it("merges in any order and grouping; hourDays counts days", () => {
    const days = ["2026-03-03", D, "2026-03-17"].map((d) => day(d));
    expectMergeLaws(roomBasedDaily, days);
    const merged = days.map((d) => roomBasedDaily.computeDay(d).get("kitchen")!).reduce((x, y) => roomBasedDaily.merge(x, y));
    expect(merged).toMatchObject({ events: 9, hourOfWeek: { 31: 6, 32: 3 }, hourDays: { 31: 3, 32: 3 }, activeDays: 3, transitions: { living: 3 } });
  });
});
