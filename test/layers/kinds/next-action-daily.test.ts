import { describe, expect, it } from "vitest";
import { causeOf, causeShares } from "../../../src/layers/kinds/change-cause.js";
import { isManualAction } from "../../../src/layers/kinds/manual-action.js";
import { nextActionDaily } from "../../../src/layers/kinds/next-action-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10";
const NEXT = "2026-03-11";

function eveningDay(day = D) {
  return dayInput(
    day,
    [
      at(BERLIN, day, "07:00", "person.alex", "home"),
      at(BERLIN, day, "07:05", "light.hallway", "on"),
      at(BERLIN, day, "07:06", "binary_sensor.hallway_motion", "on"), // motion: where, not what
      at(BERLIN, day, "07:08", "light.kitchen", "on", { previous: "off" }),
      at(BERLIN, day, "07:09", "media_player.radio", "playing", { previous: "off" }),
      at(BERLIN, day, "07:20", "media_player.radio", "buffering", { previous: "playing" }), // the stream
      at(BERLIN, day, "08:00", "person.alex", "not_home"),
      at(BERLIN, day, "08:30", "light.kitchen", "off", { parent: "leaving-automation" }),
      at(BERLIN, day, "12:00", "binary_sensor.front_door", "on"), // nobody home: a visitor or a break-in
      at(BERLIN, day, "19:00", "light.hallway", "off", { user: "u-alex" }),
    ],
    { carryIn: [at(BERLIN, "2026-03-09", "22:00", "person.alex", "home")] },
  );
}

describe("next_action_daily", () => {
  it("counts a person's actions by hour, what each followed within ten minutes, and who caused every change", () => {
    const rows = nextActionDaily.computeDay(eveningDay());
    expect(rows.get("light.kitchen")).toEqual({
      entity: "light.kitchen",
      actions: 1,
      days: 1,
      hours: Array.from({ length: 24 }, (_, h) => (h === 7 ? 1 : 0)),
      away: 0,
      after: { "light.hallway|on": [1, 0, 0, 0] },
      followed: { on: [1, 0, 0, 0] },
      afterLate: {},
      followedLate: {},
      causes: { physical: 1, app: 0, automation: 1, own: 0 },
    });
    expect(rows.get("media_player.radio")?.actions).toBe(1);
    expect(rows.get("media_player.radio")?.after).toEqual({ "light.kitchen|on": [1, 0, 0, 0] });
    expect(rows.get("binary_sensor.front_door")).toMatchObject({ actions: 1, away: 1, after: {} });
    expect(rows.get("light.hallway")).toMatchObject({
      actions: 2,
      followed: { on: [1, 0, 0, 0] },
      causes: { physical: 1, app: 1, automation: 0, own: 0 },
    });
    // Motion is counted by cause but never as an action.
    expect(rows.get("binary_sensor.hallway_motion")).toMatchObject({ actions: 0, causes: { physical: 1 } });
  });

  it("counts what came next after a longer gap apart, across midnight too", () => {
    const rows = nextActionDaily.computeDay(eveningDay());
    // The front door at noon, five hours after the radio: a late follow, in the afternoon.
    expect(rows.get("binary_sensor.front_door")?.afterLate).toEqual({ "media_player.radio|playing": [0, 1, 0, 0] });
    expect(rows.get("media_player.radio")?.followedLate).toEqual({ playing: [0, 1, 0, 0] });
    expect(rows.get("light.hallway")?.afterLate).toEqual({ "binary_sensor.front_door|on": [0, 0, 1, 0] });

    // The night's bed sensor, on at 23:30 and off at 06:50: the morning's first action follows it.
    const morning = nextActionDaily.computeDay(
      dayInput(NEXT, [at(BERLIN, NEXT, "07:10", "binary_sensor.toilet_flush", "on", { previous: "off" })], {
        carryIn: [at(BERLIN, NEXT, "06:50", "binary_sensor.bed_occupancy", "off", { previous: "on" })],
      }),
    );
    expect(morning.get("binary_sensor.toilet_flush")?.afterLate).toEqual({
      "binary_sensor.bed_occupancy|on": [1, 0, 0, 0],
    });
    // An evening more than 12 hours before is too long ago to say anything.
    const late = nextActionDaily.computeDay(
      dayInput(NEXT, [at(BERLIN, NEXT, "12:10", "binary_sensor.toilet_flush", "on", { previous: "off" })], {
        carryIn: [at(BERLIN, D, "23:30", "light.desk", "off", { previous: "on" })],
      }),
    );
    expect(late.get("binary_sensor.toilet_flush")?.afterLate).toEqual({});
  });

  it("merges windows by adding, in any order", () => {
    expectMergeLaws(nextActionDaily, [eveningDay(D), eveningDay(NEXT), eveningDay("2026-03-12")]);
    const two = nextActionDaily.merge(
      nextActionDaily.computeDay(eveningDay(D)).get("light.kitchen")!,
      nextActionDaily.computeDay(eveningDay(NEXT)).get("light.kitchen")!,
    );
    expect(two).toMatchObject({ actions: 2, days: 2, after: { "light.hallway|on": [2, 0, 0, 0] } });
  });
});

describe("change causes", () => {
  it("tells physical, app, automation and our own changes apart", () => {
    expect(causeOf({})).toBe("physical");
    expect(causeOf({ user: "u1" })).toBe("app");
    expect(causeOf({ user: "u1", parent: "c1" })).toBe("automation");
    expect(causeOf({ user: "hp-user" }, "hp-user")).toBe("own");
    expect(causeShares({ physical: 3, app: 1, automation: 0, own: 0 })).toEqual({
      physical: 0.75,
      app: 0.25,
      automation: 0,
      own: 0,
    });
  });

  it("counts operating a device as an action, not a motion sensor or a stream's buffering", () => {
    const e = (entity: string, state: string, previous?: string) => ({ ts: 0, entity, state, previous, source: "t" });
    expect(isManualAction(e("light.desk", "off", "on"))).toBe(true);
    expect(isManualAction(e("binary_sensor.fridge_door", "on", "off"))).toBe(true);
    expect(isManualAction(e("binary_sensor.fridge_door", "off", "on"))).toBe(false);
    expect(isManualAction(e("binary_sensor.bed_occupancy", "on", "off"))).toBe(true);
    expect(isManualAction(e("binary_sensor.kitchen_motion", "on", "off"))).toBe(false);
    expect(isManualAction(e("media_player.tv", "paused", "playing"))).toBe(false);
    expect(isManualAction(e("media_player.tv", "off", "paused"))).toBe(true);
    expect(isManualAction(e("sensor.power", "12.5", "3"))).toBe(false);
  });
});
