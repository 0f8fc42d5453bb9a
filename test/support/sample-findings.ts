// Findings of any type for tests of the catalog, the publishers and the routes: valid params per type.
import type { Finding, FindingOf, PatternType } from "../../src/patterns/finding.js";
import type { ParamsByType } from "../../src/patterns/finding-params.js";

/** Params a detector of each type could have written: 07:00 on weekdays, the kitchen light, ... */
export const SAMPLE_PARAMS: ParamsByType = {
  time_based: {
    state: "on",
    dayType: "weekdays",
    minuteOfDay: 420,
    time: "07:00",
    spreadMinutes: 10,
    windowMinutes: 45,
  },
  co_occurrence: {
    trigger: { entity: "binary_sensor.kitchen_motion", state: "on" },
    follower: { entity: "light.kitchen", state: "on" },
    windowSeconds: 60,
    chanceRate: 0.05,
  },
  sequence: {
    steps: [
      { entity: "binary_sensor.hallway_motion", state: "on" },
      { entity: "light.kitchen", state: "on" },
    ],
    meanDurationSeconds: 40,
    meanGapSeconds: [40],
    startMinuteOfDay: 420,
    startTime: "07:00",
    startSpreadMinutes: 15,
  },
  room_based: { kind: "activity", dayType: "weekdays", fromHour: 6, toHour: 9 },
  duration: {
    medianSeconds: 900,
    lowerQuartileSeconds: 800,
    upperQuartileSeconds: 1000,
    meanSeconds: 900,
    sdSeconds: 60,
    minSeconds: 700,
    maxSeconds: 1100,
  },
  anomaly: { kind: "unavailable" },
  session: {
    dayType: "weekdays",
    minuteOfDay: 420,
    time: "07:00",
    spreadMinutes: 10,
    durationMinutes: 45,
    areas: ["kitchen"],
    commonEntities: ["light.kitchen"],
  },
  day_type: {
    state: "on",
    kind: "shift",
    weekdayMinuteOfDay: 420,
    weekendMinuteOfDay: 540,
    weekdayTime: "07:00",
    weekendTime: "09:00",
    weekdaySpreadMinutes: 10,
    weekendSpreadMinutes: 15,
    shiftMinutes: 120,
    windowMinutes: 45,
  },
  contextual: {
    state: "on",
    context: "sunset",
    offsetMinutes: 10,
    spreadMinutes: 5,
    clockSpreadMinutes: 40,
  },
  seasonal: { kind: "season", months: [11, 12, 1], weekdays: [0, 1, 2, 3, 4, 5, 6], subject: "light.kitchen" },
  automation_quiet: {
    name: "Morning lights",
    lastRun: "2026-11-20T06:00:00.000Z",
    lastRunDay: "2026-11-20",
    usualGapDays: 1,
    silentDays: 3,
  },
};

/** The sample params of a type, with some of them replaced. */
export function sampleParams<T extends PatternType>(type: T, extra: Partial<ParamsByType[T]> = {}): ParamsByType[T] {
  return { ...SAMPLE_PARAMS[type], ...extra };
}

/** A finding of `type` with the sample params: a test that names the type picks FindingOf, a loop over types Finding. */
export function sampleFinding<T extends PatternType>(
  type: T,
  base: Omit<FindingOf<T>, "type" | "params">,
  params: Partial<ParamsByType[T]> = {},
): FindingOf<T> {
  return { ...base, type, params: sampleParams(type, params) } as FindingOf<T>;
}

/** A finding of a type only known at run time (a loop over the pattern types). */
export function findingOfType(type: PatternType, base: Omit<Finding, "type" | "params">): Finding {
  // The type and its sample params are looked up together, so they always agree.
  return { ...base, type, params: SAMPLE_PARAMS[type] } as Finding;
}

/** A time-of-day habit of one entity, seen 20 of 28 days: the filter tests' plain row. */
export function entityHabit(entity: string, area: string | null): Finding {
  return findingOfType("time_based", {
    key: `time_based|${entity}`,
    entities: [entity],
    area,
    summary: `${entity} turns on around 07:00`,
    confidence: 0.8,
    support: 20,
    opportunities: 28,
    usefulness: 0.5,
    automated: false,
    users: [],
    evidence: { days: ["2026-02-27"] },
  });
}
