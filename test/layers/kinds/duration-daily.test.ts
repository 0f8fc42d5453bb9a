import { describe, expect, it } from "vitest";
import { durationBin, durationBinStart, durationDaily } from "../../../src/layers/kinds/duration-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10";
const NEXT = "2026-03-11";

function livingDay() {
  return dayInput(
    D,
    [
      at(BERLIN, D, "00:30", "light.living", "off"),
      at(BERLIN, D, "18:00", "light.living", "on", { user: "u2" }),
      at(BERLIN, D, "18:10:30", "light.living", "off", { parent: "timer-automation" }),
      at(BERLIN, D, "20:00", "light.living", "on"),
      at(BERLIN, D, "10:00", "switch.pump", "on"),
      at(BERLIN, D, "10:05", "switch.pump", "unavailable"),
      at(BERLIN, D, "10:10", "switch.pump", "off"),
      at(BERLIN, D, "21:00", "media_player.tv", "playing"),
      at(BERLIN, D, "21:20", "media_player.tv", "paused"), // a paused TV is still on
      at(BERLIN, D, "21:45", "media_player.tv", "off"),
    ],
    { carryIn: [at(BERLIN, "2026-03-09", "23:00", "light.living", "on")] },
  );
}

describe("duration_daily", () => {
  it("counts each on-interval in the day it ends, whole, including one that began the day before", () => {
    const rows = durationDaily.computeDay(livingDay());
    expect([...rows.keys()].sort()).toEqual(["light.living", "media_player.tv"]);
    expect(rows.get("light.living")).toEqual({
      entity: "light.living",
      count: 2,
      sumSec: 6030,
      sumSqSec: 29_556_900,
      minSec: 630,
      maxSec: 5400,
      histogram: { 18: 1, 24: 1 },
      endedByAutomation: 1,
      automated: 0,
      users: { u2: 1 },
    });
    expect(rows.get("media_player.tv")).toMatchObject({ count: 1, sumSec: 2700 });
  });

  it("finishes tonight's interval tomorrow, from carry-in", () => {
    const tomorrow = dayInput(NEXT, [at(BERLIN, NEXT, "07:00", "light.living", "off")], {
      carryIn: [at(BERLIN, D, "20:00", "light.living", "on")],
    });
    expect(durationDaily.computeDay(tomorrow).get("light.living")).toMatchObject({
      count: 1,
      sumSec: 39_600,
      minSec: 39_600,
    });
  });

  it("measures real elapsed time across the spring-forward hour", () => {
    const day = "2026-03-29";
    const rows = durationDaily.computeDay(
      dayInput(day, [at(BERLIN, day, "01:30", "light.hall", "on"), at(BERLIN, day, "03:30", "light.hall", "off")]),
    );
    expect(rows.get("light.hall")).toMatchObject({ count: 1, sumSec: 3600 });
  });

  it("bins durations in half powers of two", () => {
    expect([0.5, 1, 1.5, 2, 60, 3600].map(durationBin)).toEqual([0, 0, 1, 2, 11, 23]);
    expect(durationBinStart(2)).toBe(2);
    expect(durationBinStart(11)).toBeCloseTo(45.25, 2);
  });

  it("merges moments and histograms in any order and grouping", () => {
    const days = ["2026-03-09", D, NEXT].map((d) =>
      dayInput(d, [
        at(BERLIN, d, "18:00", "light.living", "on"),
        at(BERLIN, d, d === D ? "18:30" : "18:10", "light.living", "off"),
      ]),
    );
    expectMergeLaws(durationDaily, days);
    const merged = days
      .map((d) => durationDaily.computeDay(d).get("light.living")!)
      .reduce((x, y) => durationDaily.merge(x, y));
    expect(merged).toMatchObject({ count: 3, sumSec: 3000, minSec: 600, maxSec: 1800, histogram: { 18: 2, 21: 1 } });
  });
});
