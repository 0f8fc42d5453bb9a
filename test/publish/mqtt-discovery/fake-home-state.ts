// A home whose published numbers a test can change between refreshes.
import type { Anomaly } from "../../../src/patterns/finding.js";
import type {
  AreaActivityReading,
  HaStateProvider,
  NextActionReading,
  RoutineForecast,
} from "../../../src/publish/ha-state-snapshot.js";

/** 2026-11-23T10:00:00Z */
export const T0 = Date.UTC(2026, 10, 23, 10, 0);

export interface FakeHomeState {
  patterns: { key: string; type: string; summary: string; usefulness: number; entities?: string[] }[];
  anomalies: Anomaly[];
  openAnomalies: number;
  storageBytes: number;
  eventsLastHour: number;
  areas: AreaActivityReading[];
  routines: RoutineForecast[];
  deviceProblems: { entity: string; summary: string }[];
  nextActions: NextActionReading[];
}

export const MORNING_LIGHT: Anomaly = {
  key: "missed_routine:light.kitchen:2026-11-23",
  kind: "missed_routine",
  entity: "light.kitchen",
  area: "kitchen",
  ts: T0 - 2 * 3_600_000,
  severity: "medium",
  summary: "Kitchen light did not turn on this morning",
  expected: "usually on by 07:10",
  details: { usual_minute: 415, days_seen: 21 },
};

export function fakeHome(): { state: FakeHomeState; provider: HaStateProvider; sinceAsked: number[] } {
  const state: FakeHomeState = {
    patterns: [
      {
        key: "time_based:light.kitchen:on:weekday",
        type: "time_based",
        summary: "Kitchen light turns on around 06:55 on weekdays",
        usefulness: 0.9,
      },
      {
        key: "sequence:light.hall>light.bathroom",
        type: "sequence",
        summary: "Hall light, then bathroom light within 2 min",
        usefulness: 0.7,
      },
      {
        key: "time_based:cover.bedroom:open:weekend",
        type: "time_based",
        summary: "Bedroom cover opens around 09:30 on weekends",
        usefulness: 0.5,
      },
    ],
    anomalies: [MORNING_LIGHT],
    openAnomalies: 1,
    deviceProblems: [
      {
        entity: "binary_sensor.garage_door",
        summary: "Garage door went unavailable on 43 of 57 days, last on 2026-11-22",
      },
    ],
    nextActions: [
      {
        entity: "light.kitchen",
        name: "Kitchen light",
        probability: 0.71,
        reason: "Kitchen light followed 20 of 28 times after Hallway light turns on in the morning.",
      },
      {
        entity: "switch.coffee",
        name: "Coffee",
        probability: 0.18,
        reason: "Coffee is used around 07:00: 8 times in the last 30 days.",
      },
    ],
    storageBytes: 12_345_678,
    eventsLastHour: 240,
    areas: [
      { areaId: "living_room", name: "Living room", now: 3, usual: 12 },
      { areaId: "kitchen", name: "Kitchen", now: 18, usual: 12 },
    ],
    routines: [
      {
        key: "time_based|light.kitchen|on|weekdays|07",
        summary: "Kitchen light turns on around 06:55 on weekdays",
        entity: "light.kitchen",
        state: "on",
        when: "weekday mornings",
        label: "Kitchen light on, weekday mornings",
        usefulness: 0.9,
        nextExpected: Date.UTC(2026, 10, 24, 5, 55),
      },
    ],
  };
  const sinceAsked: number[] = [];
  const provider: HaStateProvider = {
    activePatterns: () => state.patterns,
    anomaliesSince: (since) => {
      sinceAsked.push(since);
      return state.anomalies.filter((a) => a.ts >= since);
    },
    openAnomalyCount: () => state.openAnomalies,
    storageBytes: () => state.storageBytes,
    eventsLastHour: () => state.eventsLastHour,
    areaActivity: () => state.areas,
    topRoutines: () => state.routines,
    deviceProblems: () => state.deviceProblems,
    nextActions: () => state.nextActions,
  };
  return { state, provider, sinceAsked };
}
