import { describe, expect, it } from "vitest";
import { measureRoomTruth, movesOf } from "../../../bench/eval/truth/measured-room-truth.js";
import { roomTruthOf } from "../../../bench/eval/truth/simulation-truth.js";
import { LocalTime } from "../../../src/core/local-time.js";
import type { DayContext, Whereabouts } from "../../../src/sources/simulator/day-context.js";
import { createSimulation } from "../../../src/sources/simulator/index.js";

const utc = new LocalTime("UTC");
const at = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00Z`);

function day(
  date: string,
  weekend: boolean,
  stays: [string, string, string, string, Whereabouts["activity"]][],
): DayContext {
  const whereabouts = stays.map(([person, area, from, to, activity]) => ({
    person,
    area,
    from: at(date, from),
    to: at(date, to),
    activity,
  }));
  return { weekend, world: { local: utc }, whereabouts } as unknown as DayContext;
}

const observable = new Set(["bedroom", "hallway", "kitchen", "entrance", "living_room"]);

describe("room truth measured from where residents were", () => {
  const monday = day("2026-03-02", false, [
    ["alex", "bedroom", "00:00", "06:50", "asleep"],
    ["alex", "bedroom", "06:50", "06:55", "active"],
    ["alex", "hallway", "06:55", "06:56", "passing"],
    ["alex", "kitchen", "06:56", "07:40", "active"],
    ["alex", "hallway", "07:40", "07:41", "passing"],
    ["alex", "entrance", "07:41", "07:41", "passing"],
    ["alex", "entrance", "17:45", "17:46", "sitting"],
    ["alex", "hallway", "17:46", "17:47", "passing"],
    ["alex", "living_room", "17:47", "22:40", "sitting"],
  ]);
  const tuesday = day("2026-03-03", false, [
    ["alex", "bedroom", "00:00", "07:10", "asleep"],
    ["alex", "hallway", "07:10", "07:11", "passing"],
    ["alex", "kitchen", "07:11", "07:30", "active"],
  ]);

  it("counts the hours someone was awake in an area, as a share of the days (sleep and unsensed rooms do not count)", () => {
    const truth = measureRoomTruth([monday, tuesday], observable);
    expect(truth.days).toEqual({ weekdays: 2, weekends: 0 });
    expect(truth.areaHours.weekdays.kitchen.slice(6, 9)).toEqual([0.5, 1, 0]);
    expect(truth.areaHours.weekdays.bedroom.slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0.5, 0]);
    expect(truth.areaHours.weekdays.living_room.slice(17, 23)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it("tells moves between rooms through the corridor, leaving by the front door and coming back in, in two-hour windows", () => {
    const truth = measureRoomTruth([monday, tuesday], observable);
    const moves = truth.moveHours.weekdays;
    // Bedroom → kitchen through the hallway at 06:56 on Monday (windows 05–07 and 06–08) and 07:11 on Tuesday (06–08, 07–09).
    expect(moves["bedroom>kitchen"].slice(4, 9)).toEqual([0, 0.5, 1, 0.5, 0]);
    expect(moves["bedroom>hallway>kitchen"][6]).toBe(1);
    expect(moves["hallway>kitchen"][6]).toBe(1);
    expect(moves["kitchen>entrance"][7]).toBe(0.5);
    expect(moves["kitchen>hallway>entrance"][7]).toBe(0.5);
    expect(moves["entrance>living_room"][17]).toBe(0.5);
    expect(moves["entrance>hallway>living_room"][16]).toBe(0.5);
    expect(Object.keys(moves).some((k) => k.startsWith("kitchen>living_room"))).toBe(false);
  });

  it("marks a move that leaves someone else behind in the room: sensors without names cannot show it", () => {
    const breakfast = day("2026-03-04", false, [
      ["alex", "kitchen", "07:00", "07:40", "active"],
      ["alex", "hallway", "07:40", "07:41", "passing"],
      ["alex", "entrance", "07:41", "07:41", "passing"],
      ["sam", "kitchen", "07:10", "08:10", "active"],
      ["sam", "hallway", "08:10", "08:11", "passing"],
      ["sam", "entrance", "08:11", "08:11", "passing"],
    ]);
    const leaving = movesOf(breakfast.whereabouts, observable).filter((m) => m.key === "kitchen>entrance");
    expect(leaving.map((m) => [new Date(m.ts).toISOString().slice(11, 16), m.emptiesOrigin])).toEqual([
      ["07:41", false],
      ["08:11", true],
    ]);
    const truth = measureRoomTruth([breakfast], observable);
    expect(truth.moveHours.weekdays["kitchen>entrance"].slice(6, 9)).toEqual([1, 1, 1]);
    expect(truth.emptyingMoveHours.weekdays["kitchen>entrance"].slice(6, 9)).toEqual([0, 1, 1]);
  });

  it("measures a simulated home's weekday mornings: the kitchen is busy at 06:00–08:00 on every weekday", () => {
    const truth = roomTruthOf(createSimulation({ seed: 3, anomalies: "none" }), "2026-03-02", 14);
    expect(truth.days).toEqual({ weekdays: 10, weekends: 4 });
    expect(truth.areaHours.weekdays.kitchen[6] + truth.areaHours.weekdays.kitchen[7]).toBeGreaterThanOrEqual(1.9);
    expect(truth.areaHours.weekdays.kitchen[3]).toBe(0);
  });
});
