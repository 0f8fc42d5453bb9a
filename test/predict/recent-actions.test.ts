import { describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import { RecentActions, seedRecentActions } from "../../src/predict/recent-actions.js";

const NOW = Date.parse("2026-12-07T08:00:00Z");
const MIN = 60_000;
const ev = (minutesAgo: number, entity: string, state: string, previous: string): HomeEvent => ({
  ts: NOW - minutesAgo * MIN,
  entity,
  state,
  previous,
  source: "ha",
});

describe("the last action, remembered for live predictions", () => {
  // The night: the bed at 23:00, then only a motion sensor and a temperature in the morning.
  const stored = [
    ev(540, "binary_sensor.bed_occupancy", "on", "off"),
    ev(90, "binary_sensor.hall_motion", "on", "off"),
    ev(5, "sensor.temperature", "20.5", "20.4"),
  ];

  it("is seeded from the store, reading further back only until an action turns up", () => {
    const recent = new RecentActions();
    const asked: number[] = [];
    seedRecentActions(
      recent,
      (from, to) => {
        asked.push((NOW - from) / MIN);
        return stored.filter((e) => e.ts >= from && e.ts < to);
      },
      NOW,
    );
    expect(asked).toEqual([10, 60, 720]);
    expect(recent.last(NOW)).toEqual({ entity: "binary_sensor.bed_occupancy", state: "on", ts: NOW - 540 * MIN });
  });

  it("stops at the first look-back that holds an action", () => {
    const recent = new RecentActions();
    const asked: number[] = [];
    const withLight = [...stored, ev(3, "light.kitchen", "on", "off")];
    seedRecentActions(
      recent,
      (from, to) => {
        asked.push((NOW - from) / MIN);
        return withLight.filter((e) => e.ts >= from && e.ts < to);
      },
      NOW,
    );
    expect(asked).toEqual([10]);
    expect(recent.last(NOW)?.entity).toBe("light.kitchen");
  });

  it("forgets an action more than 12 hours old", () => {
    const recent = new RecentActions();
    recent.observe([ev(721, "light.kitchen", "on", "off")]);
    expect(recent.last(NOW)).toBeUndefined();
  });
});
