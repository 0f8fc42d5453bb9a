// What the simulator planted: the routines and anomalies detectors are scored against (precision/recall).
//
// How an evaluator should read it:
// - A finding is a true positive when it matches a routine's entities and states under the routine's
//   `type` or one of its `alsoDetectableAs` types, at the listed time within `toleranceMinutes`.
// - A routine happens on `probability` of its eligible days (weekdays, months, condition), so expect
//   support of about that share, not 100 %.
// - A finding that pairs a routine's entity with the motion sensor of its `area` follows from the
//   routine (someone is in the room when they flip the switch) and may be counted as matched.
// - `noiseEntities` carry no structure at all: any finding on them is a false positive.
// - `incidentalEntities` have real but unplanted structure (sensors following the weather, rooms
//   visited at random daytime hours); findings on them are neither rewarded nor punished.

import type { AnomalyKind } from "../../../src/sources/simulator/anomalies.js";
import type { ResidentInfo } from "../../../src/sources/simulator/residents.js";

export type { AnomalyKind, AnomalyPlan } from "../../../src/sources/simulator/anomalies.js";
export type { ResidentInfo } from "../../../src/sources/simulator/residents.js";

export type DetectorType =
  | "time_based"
  | "co_occurrence"
  | "sequence"
  | "room_based"
  | "duration"
  | "session"
  | "day_type"
  | "contextual"
  | "seasonal"
  | "anomaly";

export type RoutineType = Exclude<DetectorType, "anomaly">;
export type DayType = "weekday" | "weekend";

/** An entity reaching a state ("light.kitchen" → "on"). */
export interface StateTarget {
  entity: string;
  state: string;
}

/** A local wall-clock time; on DST days the routine stays at this wall time. */
export interface LocalClockTime {
  /** "HH:MM" in the home's time zone. */
  time: string;
  minuteOfDay: number;
  /** Planted times fall within ± this (drawn normally with sd = tolerance / 2, then clamped). */
  toleranceMinutes: number;
}

export interface SecondsRange {
  min: number;
  max: number;
}

interface RoutineBase {
  /** Stable id, also used by anomaly plans (`missed_routine`). */
  id: string;
  type: RoutineType;
  description: string;
  /** Every entity whose events make up the routine. */
  entities: string[];
  /** Area where it happens, or null for whole-home routines. */
  area: string | null;
  /** Weekdays it runs on: 0 = Monday … 6 = Sunday. */
  weekdays: number[];
  /** Share of eligible days on which it happens. */
  probability: number;
  /** Events carry a parent context (an automation did it): a detector should call it already automated. */
  automated: boolean;
  /** person.* entity of the resident who performs it, when one. */
  resident: string | null;
  /** Home Assistant user id its events carry (app or voice actions); null for wall switches and automations. */
  userId: string | null;
  /** Other detector types that legitimately find this routine. */
  alsoDetectableAs: DetectorType[];
  /** Only in these months (1–12); absent means all year. */
  months?: number[];
  /** When it applies, in words ("someone is home at sunset"). */
  condition?: string;
}

export interface TimeBasedRoutine extends RoutineBase {
  type: "time_based";
  target: StateTarget;
  /** Its time of day (the weekday one when `byDayType` is given). */
  at: LocalClockTime;
  /**
   * Weekday and weekend times, for a habit that moves with the day type by less than a day_type
   * shift: a detector may report the two apart or, where they lie close, as one daily time.
   */
  byDayType?: Record<DayType, LocalClockTime>;
}

export interface CoOccurrenceRoutine extends RoutineBase {
  type: "co_occurrence";
  trigger: StateTarget;
  follower: StateTarget;
  /** The follower comes within this many seconds after the trigger. */
  windowSeconds: number;
  delaySeconds: SecondsRange;
}

export interface SequenceRoutine extends RoutineBase {
  type: "sequence";
  steps: StateTarget[];
  /** Gap between step i and i + 1. */
  gapSeconds: SecondsRange[];
  /** Whole sequence fits in this many seconds. */
  windowSeconds: number;
  /** Typical start per day type. */
  startsAt: Partial<Record<DayType, LocalClockTime>>;
}

export interface AreaActivityRoutine extends RoutineBase {
  type: "room_based";
  kind: "area_activity";
  area: string;
  from: LocalClockTime;
  to: LocalClockTime;
  /** Hours of week (0 = Monday 00:00 … 167) during which the area is planted as active. */
  hoursOfWeek: number[];
}

export interface AreaTransitionRoutine extends RoutineBase {
  type: "room_based";
  kind: "area_transition";
  fromArea: string;
  toArea: string;
  /** Area walked through between them (its motion sensor fires in between), or null. */
  via: string | null;
  at: LocalClockTime;
}

export interface DurationRoutine extends RoutineBase {
  type: "duration";
  target: StateTarget;
  /** The state that ends it. */
  endState: string;
  minutes: { mean: number; sd: number; min: number; max: number };
}

export interface SessionRoutine extends RoutineBase {
  type: "session";
  name: string;
  start: LocalClockTime;
  end: LocalClockTime;
  /** Areas active during the burst. */
  areas: string[];
}

export interface DayTypeRoutine extends RoutineBase {
  type: "day_type";
  target: StateTarget;
  byDayType: Record<DayType, LocalClockTime>;
}

export type ContextTrigger =
  | { kind: "sun"; entity: "sun.sun"; event: "sunset" | "sunrise"; offsetMinutes: number; toleranceMinutes: number }
  | { kind: "presence"; event: "everyone_left" | "first_arrived"; entities: string[]; delaySeconds: SecondsRange }
  | { kind: "weather"; entity: string; states: string[]; otherwiseProbability: number }
  | { kind: "temperature"; entity: string; below?: number; above?: number };

export interface ContextualRoutine extends RoutineBase {
  type: "contextual";
  target: StateTarget;
  context: ContextTrigger;
}

export interface SeasonalRoutine extends RoutineBase {
  type: "seasonal";
  target: StateTarget;
  /** Months (1–12) in which it is used much more. */
  months: number[];
  inSeasonProbability: number;
  offSeasonProbability: number;
  at?: LocalClockTime;
  /** Expected share of eligible days per month (1–12) when it depends on the weather model. */
  monthlyShare?: Record<number, number>;
}

export type PlantedRoutine =
  | TimeBasedRoutine
  | CoOccurrenceRoutine
  | SequenceRoutine
  | AreaActivityRoutine
  | AreaTransitionRoutine
  | DurationRoutine
  | SessionRoutine
  | DayTypeRoutine
  | ContextualRoutine
  | SeasonalRoutine;

export interface PlantedAnomaly {
  id: string;
  kind: AnomalyKind;
  /** Local day "YYYY-MM-DD". */
  day: string;
  entities: string[];
  /** Epoch ms window in which the anomaly shows. */
  start: number;
  end: number;
  /** Local wall-clock "HH:MM" of start and end. */
  startTime: string;
  endTime: string;
  /** missed_routine: the routine that did not happen. */
  routineId?: string;
  /** What a normal day looks like instead. */
  expected: string;
  description: string;
}

export interface GroundTruth {
  seed: string;
  timeZone: string;
  latitude: number;
  longitude: number;
  residents: ResidentInfo[];
  routines: PlantedRoutine[];
  /** Anomalies on the days asked for (all explicit plans; the auto ones within the range). */
  anomalies: PlantedAnomaly[];
  noiseEntities: string[];
  incidentalEntities: string[];
}
