import { describe, expect, it } from "vitest";
import { contextualDaily, sunBin, temperatureBucket } from "../../../src/layers/kinds/contextual-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10";
const PREV = "2026-03-09";

function day(d = D) {
  const prev = d === D ? PREV : "2026-03-08";
  return dayInput(
    d,
    [
      at(BERLIN, d, "06:45", "sun.sun", "above_horizon"),
      at(BERLIN, d, "18:15", "sun.sun", "below_horizon"),
      at(BERLIN, d, "08:00", "person.alex", "not_home"),
      at(BERLIN, d, "17:00", "person.alex", "home"),
      at(BERLIN, d, "12:00", "weather.home", "rainy"),
      at(BERLIN, d, "13:00", "sensor.outdoor_temperature", "7.9"),
      at(BERLIN, d, "10:00", "light.living", "on", { parent: "automation-ctx" }),
      at(BERLIN, d, "18:20", "light.living", "on", { previous: "off", user: "u1" }),
    ],
    {
      carryIn: [
        at(BERLIN, prev, "18:00", "person.alex", "home"),
        at(BERLIN, prev, "20:00", "weather.home", "cloudy"),
        at(BERLIN, prev, "23:00", "sensor.outdoor_temperature", "4.2"),
      ],
    },
  );
}

describe("contextual_daily", () => {
  it("records each habit change with sun-relative time, presence, weather and outside temperature", () => {
    const rows = contextualDaily.computeDay(day());
    expect([...rows.keys()].sort()).toEqual(["context", "usage|light.living|on"]);
    expect(rows.get("usage|light.living|on")).toEqual({
      type: "usage",
      entity: "light.living",
      state: "on",
      count: 2,
      clock: { 40: 1, 73: 1 },
      sunset: { "-33": 1, 0: 1 },
      sunrise: { 13: 1, 46: 1 },
      presence: { away: 1, home: 1 },
      weather: { cloudy: 1, rainy: 1 },
      temperature: { 0: 1, 5: 1 },
      activeDays: 1,
      automated: 1,
      users: { u1: 1 },
    });
  });

  it("measures how long each context lasted: the baseline a usage share is compared with", () => {
    const rows = contextualDaily.computeDay(day());
    expect(rows.get("context")).toEqual({
      type: "context",
      days: 1,
      presenceMs: { home: 54_000_000, away: 32_400_000 },
      weatherMs: { cloudy: 43_200_000, rainy: 43_200_000 },
      temperatureMs: { 0: 46_800_000, 5: 39_600_000 },
      sun: { [D]: { sunrise: 405, sunset: 1095 } },
      hourly: {
        [D]: {
          weather: [...Array<string>(12).fill("cloudy"), ...Array<string>(12).fill("rainy")],
          temperature: [...Array<string>(13).fill("0"), ...Array<string>(11).fill("5")],
        },
      },
    });
  });

  it("keeps per hour the weather and temperature that lasted longest in it: what it was like when a habit did not happen", () => {
    const rows = contextualDaily.computeDay(
      dayInput(D, [
        at(BERLIN, D, "09:20", "weather.home", "rainy"),
        at(BERLIN, D, "10:40", "weather.home", "sunny"),
        at(BERLIN, D, "10:50", "sensor.outdoor_temperature", "-3"),
      ]),
    );
    const hourly = (rows.get("context") as { hourly: Record<string, { weather: string[]; temperature: string[] }> })
      .hourly[D];
    expect(hourly.weather.slice(8, 12)).toEqual(["unknown", "rainy", "rainy", "sunny"]);
    expect(hourly.temperature.slice(9, 12)).toEqual(["unknown", "unknown", "-5"]);
  });

  it("merges rows stored before the hourly context was kept with the days that have it", () => {
    const stored = contextualDaily.computeDay(day("2026-03-09")).get("context")!;
    const { hourly: _dropped, ...old } = stored as { hourly?: unknown };
    const merged = contextualDaily.merge(old as typeof stored, contextualDaily.computeDay(day()).get("context")!);
    expect(Object.keys((merged as { hourly: object }).hourly)).toEqual([D]);
  });

  it("says unknown when the home has no person, weather or outside temperature", () => {
    const rows = contextualDaily.computeDay(dayInput(D, [at(BERLIN, D, "10:00", "light.living", "on")]));
    expect(rows.get("usage|light.living|on")).toMatchObject({
      presence: { unknown: 1 },
      weather: { unknown: 1 },
      temperature: { unknown: 1 },
      sunset: {},
    });
  });

  it("bins sun offsets by quarter hour within ±12 h and temperatures by 5 °C", () => {
    expect([-1, 0, 14 * 60_000, 15 * 60_000, -13 * 3_600_000, 13 * 3_600_000].map(sunBin)).toEqual([
      -1, 0, 0, 1, -48, 47,
    ]);
    expect([-0.5, 0, 4.9, 5, 23.4].map(temperatureBucket)).toEqual(["-5", "0", "0", "5", "20"]);
  });

  it("merges in any order and grouping", () => {
    expectMergeLaws(
      contextualDaily,
      ["2026-03-09", D, "2026-03-11"].map((d) => day(d)),
    );
  });
});
