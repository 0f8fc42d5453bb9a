// The nightly pass: judges one closed day's L2 rows against the days before it, with the online monitor's rules.

import { addDays, type LocalTime } from "../../core/local-time.js";
import type { DeviceClassOf } from "../../core/state-words.js";
import type { WindowReader } from "../../layers/aggregate-kind.js";
import { isActiveState } from "../../layers/kinds/entity-classes.js";
import { anomalyDaily, durationDaily, type TimeBasedValue, timeBasedDaily } from "../../layers/kinds/index.js";
import type { Anomaly } from "../../patterns/finding.js";
import { buildAnomalyBaselines, hourlyActivity, withoutAutomated } from "./anomaly-baseline.js";
import {
  activityHigh,
  activityLow,
  longOn,
  missedRoutine,
  type RuleContext,
  unavailable,
  unusualTime,
} from "./anomaly-rules.js";
import type { Sensitivity } from "./anomaly-settings.js";
import { expectationsFor, sameMissedStretch, subjectId } from "./routine-expectations.js";

export interface NightlyInput {
  reader: WindowReader;
  /** The day judged. */
  day: string;
  /** Days of baseline before it. */
  baselineDays: number;
  time: LocalTime;
  areaOf(entity: string): string | null;
  nameOf(entity: string): string;
  areaName(area: string): string;
  /** The device class of an entity, for its states in Home Assistant's words. */
  deviceClassOf?: DeviceClassOf;
  sensitivity: Sensitivity;
}

export function nightlyAnomalies(input: NightlyInput): Anomaly[] {
  const { reader, day, time } = input;
  if (reader.coveredDays(day, day).length === 0) return [];
  const baselines = buildAnomalyBaselines({
    reader,
    from: addDays(day, -input.baselineDays),
    to: addDays(day, -1),
    areaOf: input.areaOf,
  });
  if (baselines.days.length === 0) return [];
  const ctx: RuleContext = {
    baselines,
    sensitivity: input.sensitivity,
    time,
    areaOf: input.areaOf,
    nameOf: input.nameOf,
    areaName: input.areaName,
    deviceClassOf: input.deviceClassOf,
  };
  const today = reader.byDay(timeBasedDaily, day, day).get(day) ?? new Map<string, TimeBasedValue>();
  const out: Anomaly[] = [];
  const add = (a: Anomaly | null) => a && out.push(a);

  for (const v of today.values()) {
    if (!isActiveState(v.entity, v.state)) continue;
    const d = v.days[day];
    for (const minute of d ? withoutAutomated(d.minutes, d.automated) : []) {
      const a = unusualTime(ctx, v.entity, v.state, time.toEpoch(day, minute));
      if (a) {
        out.push(a);
        break;
      }
    }
  }
  const dayStart = time.dayBounds(day).start;
  for (const [entity, sec] of longestOnSpans(reader, day)) add(longOn(ctx, entity, dayStart, sec, false));
  for (const v of reader.byDay(anomalyDaily, day, day).get(day)?.values() ?? []) {
    if (v.subject === "entity" && (v.days[day]?.unavailable ?? 0) > 0) add(unavailable(ctx, v.id, dayStart, null));
  }

  const firsts = firstActivity(today, reader, day);
  const reported: number[] = [];
  const expected = expectationsFor(baselines.routines, day, input.sensitivity).sort(
    (a, b) => a.d.deadline - b.d.deadline,
  );
  for (const { e, d } of expected) {
    const first = firsts.get(subjectId(e.subject));
    if (first !== undefined && first <= d.deadline) continue;
    if (sameMissedStretch(reported, d.deadline)) continue;
    reported.push(d.deadline);
    out.push(missedRoutine(ctx, e, d, day));
  }

  const hourly = hourlyActivity(
    reader.byDay(anomalyDaily, day, day).get(day)?.values() ?? [],
    baselines.activityEntities,
    input.areaOf,
  );
  for (const [subject, hours] of hourly) {
    for (let hour = 0; hour < 24; hour++) {
      const a = activityHigh(ctx, subject, day, hour, hours[hour]);
      if (a) {
        out.push(a);
        break;
      }
    }
  }
  for (let hour = 0; hour < 24; hour++) {
    const a = activityLow(ctx, day, hour, hourly.get("home")!);
    if (a) {
      out.push(a);
      break;
    }
  }
  return out;
}

/**
 * The longest on-span of each entity on the day: whole intervals that ended that day (duration_daily)
 * or the part of one still on at midnight (anomaly_daily). Its start is not kept in L2, so the
 * anomaly is dated at the day's start; the anomaly log treats it and the online one as one occurrence.
 */
function longestOnSpans(reader: WindowReader, day: string): Map<string, number> {
  const longest = new Map<string, number>();
  const note = (entity: string, sec: number) => longest.set(entity, Math.max(longest.get(entity) ?? 0, sec));
  for (const v of reader.byDay(durationDaily, day, day).get(day)?.values() ?? []) note(v.entity, v.maxSec);
  for (const v of reader.byDay(anomalyDaily, day, day).get(day)?.values() ?? []) {
    const d = v.days[day];
    if (v.subject === "entity" && d) note(v.id, d.longestOnSec);
  }
  return longest;
}

/** First activity minute of the day per routine subject: entity activations (any cause) and areas (people only). */
function firstActivity(today: Map<string, TimeBasedValue>, reader: WindowReader, day: string): Map<string, number> {
  const firsts = new Map<string, number>();
  const note = (id: string, minute: number) => {
    const prev = firsts.get(id);
    if (prev === undefined || minute < prev) firsts.set(id, minute);
  };
  for (const v of today.values()) {
    const first = v.days[day]?.minutes[0];
    if (isActiveState(v.entity, v.state) && first !== undefined) note(v.entity, first);
  }
  for (const v of reader.byDay(anomalyDaily, day, day).get(day)?.values() ?? []) {
    const first = v.days[day]?.firstMinute;
    if (v.subject === "area" && first !== null && first !== undefined) note(`area:${v.id}`, first);
  }
  return firsts;
}
