// What each pattern type says in Finding.params: one shape per type, so readers need no casts.
// Type aliases rather than interfaces: they stay assignable to Record<string, unknown> for generic walks.

/** Which days a clock habit holds on. */
export type DayGroup = "daily" | "weekdays" | "weekends";

/** An entity reaching a state: one end of a pair, one step of a chain. */
export type StateStep = {
  entity: string;
  state: string;
};

export type TimeBasedParams = {
  state: string;
  dayType: DayGroup;
  /** Local minute of the day (0–1439) around which it happens. */
  minuteOfDay: number;
  /** The same as "HH:MM". */
  time: string;
  spreadMinutes: number;
  windowMinutes: number;
  /** The return to rest reported with it ("off around 07:10"), when it follows on the same days. */
  endState?: string;
  endMinuteOfDay?: number;
  endTime?: string;
};

export type CoOccurrenceParams = {
  trigger: StateStep;
  follower: StateStep;
  windowSeconds: number;
  /** How often the follower would fall in the window by chance. */
  chanceRate: number;
};

export type SequenceParams = {
  steps: StateStep[];
  meanDurationSeconds: number;
  /** Mean gap between step i and i + 1. */
  meanGapSeconds: number[];
  startMinuteOfDay: number;
  startTime: string;
  startSpreadMinutes: number;
  weekdayStartTime?: string;
  weekendStartTime?: string;
  /** The morning chain: rooms in order after a quiet night, each reached within gapMinutes. */
  kind?: "morning";
  areas?: string[];
  quietBeforeMinutes?: number;
  gapMinutes?: number;
  fromMinute?: number;
  toMinute?: number;
};

type RoomWindow = {
  dayType: DayGroup;
  /** Local hours [fromHour, toHour). */
  fromHour: number;
  toHour: number;
};

export type RoomBasedParams =
  | ({ kind: "activity" } & RoomWindow)
  | ({ kind: "transition"; fromArea: string; toArea: string; via: string | null } & RoomWindow);

export type DurationParams = {
  medianSeconds: number;
  lowerQuartileSeconds: number;
  upperQuartileSeconds: number;
  meanSeconds: number;
  sdSeconds: number;
  minSeconds: number;
  maxSeconds: number;
  /** Histogram bins [from, to] that hold the usual durations. */
  typicalBins?: [number, number];
  /** Three times in four it was on no longer than this, for certain: a timer waits at least this long. */
  upperQuartileCeilingSeconds?: number;
  /** What an automation does when it causes most of them: ends the on-time ("off") or starts it ("on"). */
  automatedState?: "on" | "off";
  /** A bed mat's night: stays joined across short get-ups, with its bedtime and waking time. */
  kind?: "night";
  minuteOfDay?: number;
  time?: string;
  wakeMinuteOfDay?: number;
  wakeTime?: string;
  windowMinutes?: number;
  joinGapMinutes?: number;
  minStayMinutes?: number;
};

/** Anomaly findings: an entity that is unavailable for long stretches. */
export type AnomalyParams = {
  kind: "unavailable";
};

export type SessionParams =
  | {
      kind?: undefined;
      dayType: DayGroup;
      /** Days of the week (0 = Monday) it holds for, when only some of its group's. */
      weekdays?: number[];
      minuteOfDay: number;
      time: string;
      spreadMinutes: number;
      durationMinutes: number;
      areas: string[];
      commonEntities: string[];
    }
  | {
      /** Leaving home: the door out, then the home quiet for at least minQuietMinutes. */
      kind: "leaving";
      dayType: DayGroup;
      minuteOfDay: number;
      time: string;
      spreadMinutes: number;
      windowMinutes: number;
      quietMinutes: number;
      minQuietMinutes: number;
      returnMinuteOfDay?: number;
      returnTime?: string;
      areas: string[];
    };

export type DayTypeParams =
  | {
      state: string;
      /** One time on weekdays, another at weekends. */
      kind: "shift";
      weekdayMinuteOfDay: number;
      weekendMinuteOfDay: number;
      weekdayTime: string;
      weekendTime: string;
      weekdaySpreadMinutes: number;
      weekendSpreadMinutes: number;
      shiftMinutes: number;
      windowMinutes: number;
    }
  | {
      state: string;
      /** On some days of the week and seldom on the others, at no time of its own. */
      kind: "days";
      weekdays: number[];
      /** Those days in words ("weekdays", "Wednesdays and Fridays"). */
      dayType: string;
    };

/** What one context analysis found: the context it names and its numbers. */
export type ContextClaimParams =
  | { context: "sunset" | "sunrise"; offsetMinutes: number; spreadMinutes: number; clockSpreadMinutes: number }
  | { context: "presence_left" | "presence_arrived"; windowMinutes: number }
  | { context: "weather"; weather: string[]; otherwiseUsed: number; otherwise: number }
  | { context: "temperature_below"; belowCelsius: number; otherwiseUsed: number; otherwise: number }
  | { context: "temperature_above"; aboveCelsius: number; otherwiseUsed: number; otherwise: number };

export type ContextualParams = { state: string } & ContextClaimParams;

export type SeasonalParams = {
  kind: "season" | "rising" | "falling";
  /** Months (1–12) it is used in most, or over which it rises or falls. */
  months: number[];
  weekdays: number[];
  subject: string;
};

/** Finding.params for each pattern type. */
/** An automation that ran on most days of its usual weeks and has been silent for twice its usual gap. */
export type AutomationQuietParams = {
  /** The automation's friendly name. */
  name: string;
  /** When it last ran, ISO 8601. */
  lastRun: string;
  /** Local day of its last run: part of the key, so a dismissal covers this silence only. */
  lastRunDay: string;
  /** Median gap between its run days. */
  usualGapDays: number;
  silentDays: number;
};

export type ParamsByType = {
  time_based: TimeBasedParams;
  co_occurrence: CoOccurrenceParams;
  sequence: SequenceParams;
  room_based: RoomBasedParams;
  duration: DurationParams;
  anomaly: AnomalyParams;
  session: SessionParams;
  day_type: DayTypeParams;
  contextual: ContextualParams;
  seasonal: SeasonalParams;
  automation_quiet: AutomationQuietParams;
};
