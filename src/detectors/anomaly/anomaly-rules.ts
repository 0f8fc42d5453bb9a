// The anomaly checks themselves, shared by the online monitor and the nightly pass so both judge alike.
import { circularMinuteDistance, type LocalTime } from "../../core/local-time.js";
import { type DeviceClassOf, hasStateWords, stateLabelInline } from "../../core/state-words.js";
import type { Anomaly } from "../../patterns/finding.js";
import {
  type AnomalyBaselines,
  type DurationProfile,
  MIN_DURATION_COUNT,
  MIN_USAGE_DAYS,
  RECUR_MINUTES,
  sameWeekday,
} from "./anomaly-baseline.js";
import { reportable, type Sensitivity, severityFor, THRESHOLDS } from "./anomaly-settings.js";
import { type RoutineDeadline, type RoutineExpectation, subjectId } from "./routine-expectations.js";

export interface RuleContext {
  baselines: AnomalyBaselines;
  sensitivity: Sensitivity;
  time: LocalTime;
  areaOf(entity: string): string | null;
  /** What a person calls the device and the room ("Kitchen light", "Living room"): summaries are read in HA and on phones. */
  nameOf(entity: string): string;
  areaName(area: string): string;
  /** The device class of an entity, to say its states as Home Assistant shows them ("open", "detected"). */
  deviceClassOf?: DeviceClassOf;
}

/** "went on", or "was open" / "was detected" when the device class gives the state its own word. */
function reached(ctx: RuleContext, entity: string, state: string): string {
  const deviceClass = ctx.deviceClassOf?.(entity);
  return hasStateWords(entity, state, deviceClass)
    ? `was ${stateLabelInline(entity, state, deviceClass)}`
    : `went ${state}`;
}

/** Flaky devices (unavailable on more than this share of days) are not reported each time. */
const FLAKY_SHARE = 0.2;
/**
 * unusual_time: usual times spread over at least this share of the clock that as many uses at
 * random times would cover are "any time": such an entity has no unusual hour.
 */
const RANDOM_COVERAGE_SHARE = 0.75;
/** activity_low: an hour counts as busy with at least this many changes. */
const MIN_BUSY_HOUR = 3;
/** Fewer baseline days of the same weekday than this and hour-of-week checks stay silent. */
const MIN_WEEKS = 3;

export function clockText(minute: number): string {
  const m = ((Math.round(minute) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

function durationText(sec: number): string {
  const min = Math.round(sec / 60);
  return min < 90 ? `${min} min` : `${(min / 60).toFixed(1)} h`;
}

/** An activation at a time of day the entity has never been used near. */
export function unusualTime(ctx: RuleContext, entity: string, state: string, ts: number): Anomaly | null {
  const profile = ctx.baselines.usage.get(entity);
  if (!profile || profile.days < MIN_USAGE_DAYS || looksRandom(profile.minutes.length, profile.coverage)) return null;
  const parts = ctx.time.parts(ts);
  const distance = nearestDistance(profile.minutes, parts.minuteOfDay);
  const n = profile.minutes.length;
  const gapAt = (level: Sensitivity) => {
    const t = THRESHOLDS[level];
    return Math.max(t.unusualTimeMinGap, 720 * (1 - t.unusualTimeChance ** (1 / n)));
  };
  const severity = severityFor((level) => distance >= gapAt(level));
  if (!reportable(severity, ctx.sensitivity)) return null;
  const [earliest, latest] = usualSpan(profile.minutes);
  return {
    key: `unusual_time|${entity}|${parts.day}`,
    kind: "unusual_time",
    entity,
    area: ctx.areaOf(entity),
    ts,
    severity: severity!,
    summary: `${ctx.nameOf(entity)} ${reached(ctx, entity, state)} at ${clockText(parts.minuteOfDay)}, ${Math.round(distance / 60)} h from any time it was used in ${ctx.baselines.days.length} days`,
    expected: `used between ${clockText(earliest)} and ${clockText(latest)}`,
    details: { state, minute: parts.minuteOfDay, distanceMinutes: distance, activations: n, days: profile.days },
  };
}

/** Whether n usual minutes covering `coverage` minutes (± RECUR_MINUTES each) are as spread as uses at random times. */
export function looksRandom(n: number, coverage: number): boolean {
  const window = (2 * RECUR_MINUTES + 1) / 1440;
  const expected = 1440 * (1 - (1 - window) ** n);
  return coverage >= RANDOM_COVERAGE_SHARE * expected;
}

/** Smallest circular distance from `minute` to any of the sorted minutes. */
export function nearestDistance(sorted: readonly number[], minute: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < minute) lo = mid + 1;
    else hi = mid;
  }
  const candidates = [sorted[lo % sorted.length], sorted[(lo - 1 + sorted.length) % sorted.length]];
  return Math.min(...candidates.map((m) => circularMinuteDistance(m, minute)));
}

/** The shortest stretch of the clock holding every minute: the largest gap is the unused part. */
function usualSpan(sorted: readonly number[]): [number, number] {
  let gapEnd = 0;
  let gap = sorted[0] + 1440 - sorted[sorted.length - 1];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] - sorted[i - 1] > gap) {
      gap = sorted[i] - sorted[i - 1];
      gapEnd = i;
    }
  }
  return [sorted[gapEnd], sorted[(gapEnd - 1 + sorted.length) % sorted.length]];
}

/** Seconds after which an on-interval is unusually long at a level, or null without enough history. */
export function longOnThreshold(profile: DurationProfile | undefined, level: Sensitivity): number | null {
  if (!profile || profile.count < MIN_DURATION_COUNT) return null;
  const t = THRESHOLDS[level];
  return Math.max(t.longOnFactor * profile.maxSec, profile.maxSec + t.longOnMinMinutes * 60);
}

/**
 * An entity on for far longer than it has ever been; `onSec` so far (still on) or in all. Without
 * `startKnown` (the nightly pass) `startTs` is the start of the day the span was seen on.
 */
export function longOn(
  ctx: RuleContext,
  entity: string,
  startTs: number,
  onSec: number,
  startKnown = true,
): Anomaly | null {
  const profile = ctx.baselines.durations.get(entity);
  const severity = severityFor((level) => {
    const limit = longOnThreshold(profile, level);
    return limit !== null && onSec >= limit;
  });
  if (!reportable(severity, ctx.sensitivity) || !profile) return null;
  const start = ctx.time.parts(startTs);
  const onWord = stateLabelInline(entity, "on", ctx.deviceClassOf?.(entity));
  return {
    key: `unusual_duration|${entity}|${start.day}`,
    kind: "unusual_duration",
    entity,
    area: ctx.areaOf(entity),
    ts: startTs,
    severity: severity!,
    summary: `${ctx.nameOf(entity)} ${onWord} for ${durationText(onSec)} ${startKnown ? `since ${clockText(start.minuteOfDay)}` : `on ${start.day}`}; its longest in ${ctx.baselines.days.length} days was ${durationText(profile.maxSec)}`,
    expected: `${onWord} for ${durationText(profile.meanSec)} on average, at most ${durationText(profile.maxSec)}`,
    details: {
      onSec,
      maxSec: profile.maxSec,
      meanSec: Math.round(profile.meanSec),
      intervals: profile.count,
      startKnown,
    },
  };
}

/** A regular routine with no activity by its deadline on `day`. */
export function missedRoutine(ctx: RuleContext, e: RoutineExpectation, d: RoutineDeadline, day: string): Anomaly {
  // The more regular the routine, the stronger the news that it did not happen.
  const severity =
    d.missChance <= THRESHOLDS.low.missChance
      ? "high"
      : d.missChance <= THRESHOLDS.medium.missChance
        ? "medium"
        : "low";
  const what = e.subject.kind === "entity" ? ctx.nameOf(e.subject.entity) : ctx.areaName(e.subject.area);
  const days = e.group === "all" ? "days" : `${e.group}s`;
  return {
    key: `missed_routine|${subjectId(e.subject)}|${day}`,
    kind: "missed_routine",
    entity: e.subject.kind === "entity" ? e.subject.entity : null,
    area: e.subject.kind === "area" ? e.subject.area : ctx.areaOf(e.subject.kind === "entity" ? e.subject.entity : ""),
    ts: ctx.time.toEpoch(day, d.deadline),
    severity,
    summary: `No ${e.subject.kind === "entity" ? `${what} activity` : `activity in ${what}`} by ${clockText(d.deadline)}; it starts by ${clockText(d.usual)} on ${d.hits} of ${e.eligible} ${days}`,
    expected: `starts around ${clockText(d.typical)}, by ${clockText(d.usual)}`,
    details: {
      group: e.group,
      usual: d.usual,
      typical: d.typical,
      deadline: d.deadline,
      hits: d.hits,
      eligible: e.eligible,
    },
  };
}

/**
 * Activity of a subject ("home" or "area:<id>") in one hour far above the same hour of the same
 * weekday in the baseline, and well above the busiest hour it had at all.
 */
export function activityHigh(
  ctx: RuleContext,
  subject: string,
  day: string,
  hour: number,
  count: number,
): Anomaly | null {
  const byDay = ctx.baselines.hourly.get(subject);
  if (!byDay) return null;
  const values = withoutExtreme(
    sameWeekday([...byDay.keys()], day).map((d) => byDay.get(d)![hour]),
    "highest",
  );
  if (values.length < MIN_WEEKS) return null;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  const peak = ctx.baselines.peakHour.get(subject) ?? 0;
  const severity = severityFor((level) => {
    const t = THRESHOLDS[level];
    return (
      count >= mean + t.highZ * Math.sqrt(variance + mean + 1) &&
      count >= t.highFactor * peak &&
      count - peak >= t.highMinExcess
    );
  });
  if (!reportable(severity, ctx.sensitivity)) return null;
  const area = subject.startsWith("area:") ? subject.slice(5) : null;
  const where = area === null ? "at home" : `in ${ctx.areaName(area)}`;
  return {
    key: `activity_high|${area === null ? "home" : `area:${area}`}|${day}`,
    kind: "activity_high",
    entity: null,
    area,
    ts: ctx.time.toEpoch(day, hour * 60),
    severity: severity!,
    summary: `${count} changes ${where} between ${clockText(hour * 60)} and ${clockText(hour * 60 + 60)}; usually about ${Math.round(mean)}, never more than ${peak} in any hour`,
    expected: `about ${Math.round(mean)} changes in that hour`,
    details: { hour, count, mean: Math.round(mean * 10) / 10, peak, weeks: values.length },
  };
}

/**
 * Home activity in the hours up to and including `endHour` of `day` (today's hourly counts)
 * far below what every baseline week had in the same hours.
 */
export function activityLow(ctx: RuleContext, day: string, endHour: number, today: readonly number[]): Anomaly | null {
  const home = ctx.baselines.hourly.get("home")!;
  const weeks = sameWeekday([...home.keys()], day);
  if (weeks.length < MIN_WEEKS) return null;
  const check = (level: Sensitivity) => {
    const t = THRESHOLDS[level];
    const first = endHour - t.lowRunHours + 1;
    if (first < 0) return null;
    const sum = (hours: readonly number[]) => hours.slice(first, endHour + 1).reduce((s, v) => s + v, 0);
    const observed = sum(today);
    // The quietest week is left out: an earlier day trip on the same weekday does not make the next one usual.
    const quietest =
      weeks.length > MIN_WEEKS ? weeks.reduce((q, d) => (sum(home.get(d)!) < sum(home.get(q)!) ? d : q)) : null;
    const days = weeks.filter((d) => d !== quietest);
    const least = Math.min(...days.map((d) => sum(home.get(d)!)));
    // Every hour of the run must be busy in every baseline week: a morning that merely started
    // a little later empties the hour before it, which is no news.
    const reliable = today
      .slice(first, endHour + 1)
      .every((_, i) => days.every((d) => home.get(d)![first + i] >= MIN_BUSY_HOUR));
    const ok = reliable && observed <= t.lowFraction * least;
    return ok ? { first, observed, least } : null;
  };
  const severity = severityFor((level) => check(level) !== null);
  if (!reportable(severity, ctx.sensitivity)) return null;
  const hit = check(ctx.sensitivity) ?? check("medium") ?? check("low")!;
  return {
    key: `activity_low|home|${day}`,
    kind: "activity_low",
    entity: null,
    area: null,
    ts: ctx.time.toEpoch(day, hit.first * 60),
    severity: severity!,
    summary: `Only ${hit.observed} changes at home between ${clockText(hit.first * 60)} and ${clockText(endHour * 60 + 60)}; never fewer than ${hit.least} on the same weekday`,
    expected: `at least ${hit.least} changes in those hours`,
    details: { from: hit.first, to: endHour + 1, observed: hit.observed, least: hit.least, weeks: weeks.length },
  };
}

/**
 * A device unavailable for `minutes` since `sinceTs`, unless it often is. With `minutes` null (the
 * nightly pass: L2 counts outages, not their length) the outage is news of medium weight, dated at
 * the start of its day.
 */
export function unavailable(ctx: RuleContext, entity: string, sinceTs: number, minutes: number | null): Anomaly | null {
  const { baselines } = ctx;
  if (!baselines.known.has(entity) || baselines.days.length === 0) return null;
  const times = baselines.unavailableDays.get(entity) ?? 0;
  if (times > FLAKY_SHARE * baselines.days.length) return null;
  const severity =
    minutes === null
      ? times === 0
        ? "medium"
        : null
      : severityFor((level) => minutes >= THRESHOLDS[level].unavailableMinutes);
  if (!reportable(severity, ctx.sensitivity)) return null;
  const since = ctx.time.parts(sinceTs);
  return {
    key: `unavailable|${entity}|${since.day}`,
    kind: "unavailable",
    entity,
    area: ctx.areaOf(entity),
    ts: sinceTs,
    severity: severity!,
    summary:
      minutes === null
        ? `${ctx.nameOf(entity)} went unavailable on ${since.day}`
        : `${ctx.nameOf(entity)} unavailable since ${clockText(since.minuteOfDay)} (${durationText(minutes * 60)})`,
    expected:
      times === 0
        ? `always available in ${baselines.days.length} days`
        : `unavailable on ${times} of ${baselines.days.length} days`,
    details: { minutes: minutes === null ? null : Math.round(minutes), unavailableDays: times },
  };
}

/** The values without their single most extreme one, once there are more than MIN_WEEKS of them. */
function withoutExtreme(values: number[], which: "highest" | "lowest"): number[] {
  if (values.length <= MIN_WEEKS) return values;
  const extreme = which === "highest" ? Math.max(...values) : Math.min(...values);
  const i = values.indexOf(extreme);
  return [...values.slice(0, i), ...values.slice(i + 1)];
}
