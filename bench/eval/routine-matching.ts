// Which planted routine a finding describes: right entity and state, time within ±15 min, right pair, chain, context or area.
import { circularMinuteDistance, monthOf, weekdayOf } from "../../src/core/local-time.js";
import type { Finding, PatternType } from "../../src/patterns/finding.js";
import { describesRoom, roomFindingHolds } from "./room-truth.js";
import type { GroundTruth, PlantedRoutine } from "./truth/ground-truth.js";
import type { MeasuredRoomTruth } from "./truth/measured-room-truth.js";

export const TIME_TOLERANCE = 15;

export type Verdict =
  | { kind: "match"; routine: PlantedRoutine }
  | { kind: "holds" }
  | { kind: "incidental" }
  | { kind: "false" };

/** Routines a detector type is expected to find: planted as that type (primary) or listed as also detectable. */
export function routinesFor(truth: GroundTruth, type: PatternType, primaryOnly: boolean): PlantedRoutine[] {
  return truth.routines.filter(
    (r) => r.type === type || (!primaryOnly && (r.alsoDetectableAs as readonly PatternType[]).includes(type)),
  );
}

/** Whether a routine can show in a window: its months overlap the window, and a season needs three months of it. */
export function applicable(
  r: PlantedRoutine,
  type: PatternType,
  days: readonly string[],
  reached?: Map<string, Set<string>>,
): boolean {
  const months = new Set(days.map((d) => Number(monthOf(d).slice(5))));
  if (r.months && !r.months.some((m) => months.has(m))) return false;
  if (r.type === "contextual" && (r.context.kind === "weather" || r.context.kind === "temperature") && reached) {
    // Weather or cold can only be seen to gate a routine in a window where it sometimes happened
    // on its days and sometimes did not (in deep winter it is cold every time Sam sits down).
    const eligible = days.filter((d) => r.weekdays.includes(weekdayOf(d)));
    const happened = eligible.filter((d) => reached.get(d)?.has(`${r.target.entity}|${r.target.state}`)).length;
    if (happened < 6 || happened > 0.9 * eligible.length) return false;
  }
  if (type !== "seasonal") return true;
  // A season shows only in three months or more that hold both some of it and some of the rest of the year,
  // each as most of a month (20 days): the five April days after a winter, or one November day after
  // an autumn, are no rest of the year to set a season against.
  if (new Set(days.map(monthOf)).size < 3 || r.months === undefined) return false;
  const daysPerMonth = new Map<number, number>();
  for (const d of days) {
    const m = Number(monthOf(d).slice(5));
    daysPerMonth.set(m, (daysPerMonth.get(m) ?? 0) + 1);
  }
  const whole = [...daysPerMonth].filter(([, n]) => n >= 20).map(([m]) => m);
  if (!whole.some((m) => r.months!.includes(m)) || whole.every((m) => r.months!.includes(m))) return false;
  // And it must have happened on six days or more of its months here (the bar of the weather and cold check above):
  // three garden evenings at the end of a summer are no habit the data can tell from chance.
  const target = targetOf(r);
  if (!reached || target === null) return true;
  const key = `${target.entity}|${target.state}`;
  return days.filter((d) => r.months!.includes(Number(monthOf(d).slice(5))) && reached.get(d)?.has(key)).length >= 6;
}

/** Target entity and state of a routine, when it has one. */
function targetOf(r: PlantedRoutine): { entity: string; state: string } | null {
  if ("target" in r) return r.target;
  if (r.type === "co_occurrence") return r.follower;
  return null;
}

/** The routine's time of day for a day type ("weekdays", "weekends", "daily"), when it has one. */
function timesOf(r: PlantedRoutine, dayType: string | undefined): number[] {
  const pick = (byType: Partial<Record<"weekday" | "weekend", { minuteOfDay: number }>>) => {
    if (dayType === "weekdays") return byType.weekday ? [byType.weekday.minuteOfDay] : [];
    if (dayType === "weekends") return byType.weekend ? [byType.weekend.minuteOfDay] : [];
    return [byType.weekday, byType.weekend].filter((t) => t !== undefined).map((t) => t!.minuteOfDay);
  };
  switch (r.type) {
    case "time_based":
      return r.byDayType ? pick(r.byDayType) : [r.at.minuteOfDay];
    case "day_type":
      return pick(r.byDayType);
    case "sequence":
      return pick(r.startsAt);
    case "session":
      return [r.start.minuteOfDay];
    case "seasonal":
      return r.at ? [r.at.minuteOfDay] : [];
    default:
      return [];
  }
}

const near = (times: number[], minute: unknown) =>
  typeof minute === "number" && times.some((t) => circularMinuteDistance(t, minute) <= TIME_TOLERANCE);

const entityStateMatch = (
  f: Finding,
  r: PlantedRoutine,
  state: unknown = "state" in f.params ? f.params.state : undefined,
): boolean => {
  const entity = f.entities[0];
  const steps = r.type === "sequence" ? r.steps : [];
  const targets = [targetOf(r), ...steps, ...(r.type === "co_occurrence" ? [r.trigger] : [])].filter((t) => t !== null);
  if (targets.some((t) => t!.entity === entity && (state === undefined || t!.state === state))) return true;
  return state === undefined && r.entities.includes(entity);
};

/** Does finding f describe routine r, in the strict sense of f's own type? */
export function describes(f: Finding, r: PlantedRoutine): boolean {
  switch (f.type) {
    case "time_based": {
      const times = timesOf(r, f.params.dayType);
      if (entityStateMatch(f, r) && (times.length === 0 || near(times, f.params.minuteOfDay))) return true;
      // "…, off again around 23:20": the return to rest reported with an "on" is a planted clock time of its own.
      return (
        r.type === "time_based" &&
        f.params.endState !== undefined &&
        entityStateMatch(f, r, f.params.endState) &&
        near(times, f.params.endMinuteOfDay)
      );
    }
    case "day_type": {
      if (!entityStateMatch(f, r)) return false;
      if (f.params.kind !== "shift") return true;
      const weekday = timesOf(r, "weekdays");
      const weekend = timesOf(r, "weekends");
      return (
        (weekday.length === 0 || near(weekday, f.params.weekdayMinuteOfDay)) &&
        (weekend.length === 0 || near(weekend, f.params.weekendMinuteOfDay))
      );
    }
    case "co_occurrence": {
      const [a, b] = f.entities;
      if (r.entities.includes(a) && r.entities.includes(b)) return true;
      // A routine's entity paired with the motion sensor of its area follows from the routine.
      const motion = r.area ? `binary_sensor.${r.area}_motion` : null;
      return motion !== null && ((a === motion && r.entities.includes(b)) || (b === motion && r.entities.includes(a)));
    }
    case "sequence":
      return f.entities.every((e) => r.entities.includes(e)) && f.entities.length >= 2;
    case "duration":
      return (
        entityStateMatch(f, r) &&
        (r.type === "duration" || r.alsoDetectableAs.includes("duration") || r.type === "seasonal")
      );
    case "room_based":
      return r.type === "room_based" && describesRoom(f, r);
    case "session": {
      if (r.type !== "session") return false;
      const group = f.params.dayType;
      const weekendOnly = r.weekdays.every((d) => d >= 5);
      const weekdayOnly = r.weekdays.every((d) => d < 5);
      if ((group === "weekdays" && weekendOnly) || (group === "weekends" && weekdayOnly)) return false;
      return near([r.start.minuteOfDay], f.params.minuteOfDay);
    }
    case "contextual": {
      if (!entityStateMatch(f, r)) return false;
      if (r.type !== "contextual") return true;
      const context = String(f.params.context);
      const c = r.context;
      if (c.kind === "sun") return context === c.event;
      if (c.kind === "presence")
        return context === (c.event === "everyone_left" ? "presence_left" : "presence_arrived");
      if (c.kind === "weather") return context === "weather";
      return context.startsWith("temperature");
    }
    case "seasonal": {
      const entity = f.entities[0];
      if (entity === undefined)
        return (
          f.area !== null && f.area === r.area && (r.type === "seasonal" || r.alsoDetectableAs.includes("seasonal"))
        );
      return r.entities.includes(entity) && (r.type === "seasonal" || r.alsoDetectableAs.includes("seasonal"));
    }
    case "anomaly":
    case "automation_quiet":
      return false;
  }
}

/** A finding's verdict for precision: describes some planted routine, touches only incidental entities, or neither. */
export function verdict(f: Finding, truth: GroundTruth, rooms?: MeasuredRoomTruth): Verdict {
  const noise = new Set(truth.noiseEntities);
  if (f.entities.some((e) => noise.has(e))) return { kind: "false" };
  // Rooms are judged by where the residents really were: a true busy hour or move need not be one of the strongest.
  if (f.type === "room_based" && rooms) return roomFindingHolds(f, rooms) ? { kind: "holds" } : { kind: "false" };
  for (const r of truth.routines) if (describes(f, r)) return { kind: "match", routine: r };
  const incidental = new Set(truth.incidentalEntities);
  if (f.entities.length > 0 && f.entities.every((e) => incidental.has(e))) return { kind: "incidental" };
  return { kind: "false" };
}
