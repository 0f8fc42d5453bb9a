import { describe, expect, it } from "vitest";
import { roomBasedDaily } from "../../../src/layers/kinds/room-based-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10"; // a Tuesday: hours of week 24..47
const AREAS = {
  "light.bedroom": "bedroom",
  "binary_sensor.hallway_motion": "hallway",
  "light.bathroom": "bathroom",
  "binary_sensor.kitchen_motion": "kitchen",
  "light.kitchen": "kitchen",
  "sensor.kitchen_temperature": "kitchen",
  "light.living": "living",
};

function day(d = D) {
  return dayInput(
    d,
    [
      at(BERLIN, d, "06:50:00", "light.bedroom", "on", { user: "u1" }),
      at(BERLIN, d, "06:55:00", "light.bedroom", "off"),
      at(BERLIN, d, "06:55:10", "binary_sensor.hallway_motion", "on"),
      at(BERLIN, d, "06:55:30", "binary_sensor.hallway_motion", "off"),
      at(BERLIN, d, "06:55:40", "light.bathroom", "on"),
      at(BERLIN, d, "07:30", "light.bathroom", "off"),
      at(BERLIN, d, "07:35", "binary_sensor.kitchen_motion", "on"),
      at(BERLIN, d, "07:36", "light.kitchen", "on", { user: "u2" }),
      at(BERLIN, d, "07:36:30", "sensor.kitchen_temperature", "21.5"),
      at(BERLIN, d, "07:37", "light.kitchen", "off", { parent: "automation-ctx" }),
      at(BERLIN, d, "09:00", "light.living", "on"),
      at(BERLIN, d, "09:30", "light.garden", "on"),
    ],
    { areas: AREAS },
  );
}

describe("room_based_daily", () => {
  it("counts activity per area and hour of week, devices used, and moves between areas through a hallway", () => {
    const rows = roomBasedDaily.computeDay(day());
    expect([...rows.keys()].sort()).toEqual(["bathroom", "bedroom", "hallway", "kitchen", "living"]);
    expect(rows.get("bedroom")).toEqual({
      area: "bedroom",
      events: 2,
      hourOfWeek: { 30: 2 },
      hourDays: { 30: 1 },
      entities: { "light.bedroom": 2 },
      transitions: { hallway: 1 },
      throughTransitions: { "hallway>bathroom": 1 },
      transitionHours: { "hallway|6": 1, "hallway>bathroom|6": 1 },
      activeDays: 1,
      automated: 0,
      users: { u1: 1 },
    });
    expect(rows.get("hallway")).toEqual({
      area: "hallway",
      events: 1,
      hourOfWeek: { 30: 1 },
      hourDays: { 30: 1 },
      entities: { "binary_sensor.hallway_motion": 1 },
      transitions: { bathroom: 1 },
      throughTransitions: {},
      transitionHours: { "bathroom|6": 1 },
      activeDays: 1,
      automated: 0,
      users: {},
    });
    // A 35-minute stay in the bathroom is no pass: the move to the kitchen is direct only.
    expect(rows.get("bathroom")).toMatchObject({
      transitions: { kitchen: 1 },
      throughTransitions: {},
      hourOfWeek: { 30: 1, 31: 1 },
    });
    // The automated switch-off counts only as automated; the living room comes 84 minutes later.
    expect(rows.get("kitchen")).toMatchObject({
      events: 2,
      hourOfWeek: { 31: 2 },
      automated: 1,
      users: { u2: 1 },
      transitions: {},
    });
    expect(rows.get("living")).toMatchObject({ events: 1, hourOfWeek: { 33: 1 } });
  });

  it("leaves a chattering entity (over 300 changes a day) out of the area's activity", () => {
    const { start } = BERLIN.dayBounds(D);
    const flapping = Array.from({ length: 302 }, (_, k) => ({
      ts: start + k * 240_000,
      entity: "binary_sensor.kitchen_motion",
      state: k % 2 === 0 ? "on" : "off",
      source: "test",
    }));
    const rows = roomBasedDaily.computeDay(
      dayInput(D, [...flapping, at(BERLIN, D, "12:00", "light.kitchen", "on")], { areas: AREAS }),
    );
    expect(rows.get("kitchen")).toMatchObject({ events: 1, entities: { "light.kitchen": 1 } });
  });

  it("puts the repeated hour of the fall-back Sunday in hour 2", () => {
    const d = "2026-10-25";
    const { start } = BERLIN.dayBounds(d);
    const rows = roomBasedDaily.computeDay(
      dayInput(d, [{ ts: start + 210 * 60_000, entity: "light.kitchen", state: "on", source: "test" }], {
        areas: AREAS,
      }),
    );
    expect(rows.get("kitchen")!.hourOfWeek).toEqual({ 146: 1 });
  });

  it("merges in any order and grouping; hourDays counts days", () => {
    const days = ["2026-03-03", D, "2026-03-17"].map((d) => day(d));
    expectMergeLaws(roomBasedDaily, days);
    const merged = days
      .map((d) => roomBasedDaily.computeDay(d).get("bedroom")!)
      .reduce((x, y) => roomBasedDaily.merge(x, y));
    expect(merged).toMatchObject({
      events: 6,
      hourOfWeek: { 30: 6 },
      hourDays: { 30: 3 },
      activeDays: 3,
      transitions: { hallway: 3 },
      throughTransitions: { "hallway>bathroom": 3 },
    });
  });
});
