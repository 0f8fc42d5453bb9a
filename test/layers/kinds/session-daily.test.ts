import { describe, expect, it } from "vitest";
import { createSessionKind, sessionDaily } from "../../../src/layers/kinds/session-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10";
const AREAS = {
  "light.kitchen": "kitchen",
  "binary_sensor.kitchen_motion": "kitchen",
  "light.living": "living",
  "light.bedroom": "bedroom",
};

function day(d = D) {
  return dayInput(
    d,
    [
      at(BERLIN, d, "06:50", "light.kitchen", "on", { user: "u1" }),
      at(BERLIN, d, "07:00", "binary_sensor.kitchen_motion", "on"),
      at(BERLIN, d, "07:15", "light.living", "on"),
      at(BERLIN, d, "07:20", "sensor.power", "120"),
      at(BERLIN, d, "08:00", "light.kitchen", "off"),
      at(BERLIN, d, "08:05", "light.porch", "on", { parent: "automation-ctx" }),
      at(BERLIN, d, "22:00", "light.bedroom", "on", { user: "u2" }),
    ],
    { areas: AREAS },
  );
}

describe("session_daily", () => {
  it("cuts household activity into sessions at quiet gaps of 30 minutes", () => {
    const { start } = BERLIN.dayBounds(D);
    const rows = sessionDaily.computeDay(day());
    expect(rows.get("home")).toEqual({
      gapMinutes: 30,
      days: {
        [D]: [
          {
            start: 410,
            end: 435,
            startTs: start + 410 * 60_000,
            endTs: start + 435 * 60_000,
            events: 3,
            entities: 3,
            areas: ["kitchen", "living"],
            users: ["u1"],
          },
          {
            start: 480,
            end: 480,
            startTs: start + 480 * 60_000,
            endTs: start + 480 * 60_000,
            events: 1,
            entities: 1,
            areas: ["kitchen"],
            users: [],
          },
          {
            start: 1320,
            end: 1320,
            startTs: start + 1320 * 60_000,
            endTs: start + 1320 * 60_000,
            events: 1,
            entities: 1,
            areas: ["bedroom"],
            users: ["u2"],
          },
        ],
      },
      automated: 1,
      users: { u1: 1, u2: 1 },
    });
  });

  it("does not let a chattering sensor glue the day into one session", () => {
    const { start } = BERLIN.dayBounds(D);
    const flapping = Array.from({ length: 400 }, (_, k) => ({
      ts: start + k * 200_000,
      entity: "binary_sensor.garden_motion",
      state: k % 2 === 0 ? "on" : "off",
      source: "test",
    }));
    const rows = sessionDaily.computeDay(dayInput(D, [...day().events, ...flapping], { areas: AREAS }));
    expect(rows.get("home")!.days[D].map((s) => [s.start, s.end])).toEqual([
      [410, 435],
      [480, 480],
      [1320, 1320],
    ]);
  });

  it("takes the gap from its options", () => {
    const rows = createSessionKind({ gapMinutes: 60 }).computeDay(day());
    expect(rows.get("home")!.days[D].map((s) => [s.start, s.end, s.events])).toEqual([
      [410, 480, 4],
      [1320, 1320, 1],
    ]);
  });

  it("merges days in any order and grouping", () => {
    expectMergeLaws(
      sessionDaily,
      ["2026-03-09", D, "2026-03-11"].map((d) => day(d)),
    );
  });
});
