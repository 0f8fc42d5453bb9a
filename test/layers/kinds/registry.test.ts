import { describe, expect, it } from "vitest";
import { L2_KINDS, L3_KINDS } from "../../../src/layers/kinds/index.js";
import { at, BERLIN, dayInput } from "./day-input.js";

describe("kind registry", () => {
  it("lists every L2 and L3 table once, each L3 built on a listed L2 kind", () => {
    expect(L2_KINDS.map((k) => k.name)).toEqual([
      "time_based_daily",
      "co_occurrence_daily",
      "sequence_daily",
      "room_based_daily",
      "duration_daily",
      "anomaly_daily",
      "session_daily",
      "day_type_daily",
      "contextual_daily",
      "seasonal_daily",
      "next_action_daily",
    ]);
    expect(L3_KINDS.map((k) => [k.name, k.period, k.source.name])).toEqual([
      ["session_weekly", "week", "session_daily"],
      ["day_type_weekly", "week", "day_type_daily"],
      ["contextual_monthly", "month", "contextual_daily"],
      ["seasonal_monthly", "month", "seasonal_daily"],
    ]);
    for (const k of L3_KINDS) expect(L2_KINDS).toContain(k.source);
  });

  it("every kind computes an empty day without rows that need merging with nothing", () => {
    const input = dayInput("2026-03-10", []);
    const sizes = Object.fromEntries(L2_KINDS.map((k) => [k.name, k.computeDay(input).size]));
    expect(sizes).toEqual({
      time_based_daily: 0,
      co_occurrence_daily: 1,
      sequence_daily: 0,
      room_based_daily: 0,
      duration_daily: 0,
      anomaly_daily: 0,
      session_daily: 1,
      day_type_daily: 0,
      contextual_daily: 1,
      seasonal_daily: 0,
      next_action_daily: 0,
    });
  });

  it("every value survives a JSON round trip unchanged (storage keeps JSON)", () => {
    const d = "2026-03-10";
    const input = dayInput(
      d,
      [
        at(BERLIN, d, "07:00", "binary_sensor.hall_motion", "on"),
        at(BERLIN, d, "07:00:10", "light.hall", "on", { user: "u1" }),
        at(BERLIN, d, "07:02", "light.kitchen", "on"),
        at(BERLIN, d, "07:30", "light.hall", "off", { parent: "p" }),
      ],
      { areas: { "light.hall": "hall" } },
    );
    for (const kind of L2_KINDS) {
      const rows = Object.fromEntries(kind.computeDay(input));
      expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
    }
  });
});
