import { describe, expect, it } from "vitest";
import { LocalTime } from "../../../src/core/local-time.js";
import { timeBasedDaily } from "../../../src/layers/kinds/time-based-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10";

describe("time_based_daily", () => {
  it("keeps the minutes of day each entity entered each state, with who and whether automated", () => {
    const rows = timeBasedDaily.computeDay(
      dayInput(D, [
        at(BERLIN, D, "06:55", "light.kitchen", "on", { user: "u1" }),
        at(BERLIN, D, "07:30", "light.kitchen", "off", { previous: "on", parent: "ctx-auto" }),
        at(BERLIN, D, "19:02", "light.kitchen", "on", { previous: "off" }),
        at(BERLIN, D, "19:05", "light.kitchen", "on", { previous: "on" }), // attribute-only update
        at(BERLIN, D, "12:00", "sensor.temperature", "21.5"),
        at(BERLIN, D, "12:00", "sun.sun", "above_horizon"),
        at(BERLIN, D, "13:00", "light.kitchen", "unavailable"),
        at(BERLIN, D, "08:00", "scene.morning", "2026-03-10T07:00:00+00:00"),
      ]),
    );
    expect([...rows.keys()].sort()).toEqual(["light.kitchen|off", "light.kitchen|on", "scene.morning|triggered"]);
    expect(rows.get("light.kitchen|on")).toEqual({
      entity: "light.kitchen",
      state: "on",
      count: 2,
      automated: 0,
      users: { u1: 1 },
      days: { [D]: { minutes: [415, 1142], automated: [], users: ["u1"] } },
    });
    expect(rows.get("light.kitchen|off")).toEqual({
      entity: "light.kitchen",
      state: "off",
      count: 1,
      automated: 1,
      users: {},
      days: { [D]: { minutes: [450], automated: [450], users: [] } },
    });
  });

  it("puts events of the spring-forward day (23 hours) in their wall-clock minute", () => {
    const day = "2026-03-29";
    const { start, end } = BERLIN.dayBounds(day);
    expect(end - start).toBe(23 * 3_600_000);
    const rows = timeBasedDaily.computeDay(
      dayInput(day, [
        { ts: start + 90 * 60_000, entity: "light.hall", state: "on", source: "test" }, // 01:30 CET
        { ts: start + 150 * 60_000, entity: "light.hall", state: "off", source: "test" }, // 03:30 CEST
        { ts: start + 22 * 3_600_000 + 50 * 60_000, entity: "light.hall", state: "on", source: "test" }, // 23:50
      ]),
    );
    expect(rows.get("light.hall|on")!.days[day].minutes).toEqual([90, 1430]);
    expect(rows.get("light.hall|off")!.days[day].minutes).toEqual([210]);
  });

  it("repeats the wall-clock hour on the fall-back day (25 hours) and keeps minutes sorted", () => {
    const day = "2026-10-25";
    const { start, end } = BERLIN.dayBounds(day);
    expect(end - start).toBe(25 * 3_600_000);
    const rows = timeBasedDaily.computeDay(
      dayInput(day, [
        { ts: start + 150 * 60_000, entity: "light.hall", state: "on", source: "test" }, // 02:30 CEST
        { ts: start + 210 * 60_000, entity: "light.hall", state: "on", source: "test" }, // 02:30 CET again
        { ts: start + 200 * 60_000, entity: "switch.fan", state: "on", source: "test" }, // 02:20 CET
        { ts: start + 24 * 3_600_000 + 10 * 60_000, entity: "switch.fan", state: "on", source: "test" }, // 23:10
      ]),
    );
    expect(rows.get("light.hall|on")!.days[day].minutes).toEqual([150, 150]);
    expect(rows.get("switch.fan|on")!.days[day].minutes).toEqual([140, 1390]);
  });

  it("uses the home's zone, not the machine's", () => {
    const ny = new LocalTime("America/New_York");
    const rows = timeBasedDaily.computeDay(dayInput(D, [at(ny, D, "06:05", "light.porch", "on")], { time: ny }));
    expect(rows.get("light.porch|on")!.days[D].minutes).toEqual([365]);
  });

  it("merges days by union, in any order and grouping", () => {
    const days = ["2026-03-09", "2026-03-10", "2026-03-11"].map((d, i) =>
      dayInput(d, [
        at(BERLIN, d, `06:5${i}`, "light.kitchen", "on", { user: i === 1 ? "u2" : "u1" }),
        at(BERLIN, d, "23:50", "light.kitchen", "off", i === 2 ? { parent: "p" } : {}),
      ]),
    );
    expectMergeLaws(timeBasedDaily, days);
    const [a, b, c] = days.map((d) => timeBasedDaily.computeDay(d).get("light.kitchen|on")!);
    const merged = timeBasedDaily.merge(timeBasedDaily.merge(a, b), c);
    expect(merged.count).toBe(3);
    expect(merged.users).toEqual({ u1: 2, u2: 1 });
    expect(Object.keys(merged.days).sort()).toEqual(["2026-03-09", "2026-03-10", "2026-03-11"]);
    expect(merged.days["2026-03-11"].minutes).toEqual([412]);
  });
});
