// What Home Patterns tells Home Assistant, computed at one instant from injected read functions.

import { addDays, type LocalTime, weekdayOf } from "../core/local-time.js";
import { type DeviceClassOf, hasStateWords, stateLabelInline } from "../core/state-words.js";
import type { Anomaly, AnomalyKind, Finding, TypedParams } from "../patterns/finding.js";
import type { DayGroup } from "../patterns/finding-params.js";

const DAY_MS = 86_400_000;
/** How many routines get a "next expected" sensor: enough to be useful, few enough not to flood the entity list. */
export const MAX_ROUTINE_SENSORS = 10;
/** How many pattern summaries the active-patterns sensor carries as attributes. */
export const TOP_PATTERN_SUMMARIES = 5;

export interface AreaActivityReading {
  /** Home Assistant area id (stable; names can be renamed). */
  areaId: string;
  name: string;
  /** Activity in this area now (events in the current hour, or whatever unit `usual` uses). */
  now: number;
  /** The usual level for this hour of the week, in the same unit. */
  usual: number;
}

export interface RoutineForecast {
  /** The pattern's stable key. */
  key: string;
  summary: string;
  /** The entity and state the routine is about, and when it happens ("weekday mornings"): its identity. */
  entity: string;
  state: string;
  when: string;
  /** Short words for people, e.g. "Kitchen light on, weekday mornings". */
  label: string;
  /** How useful the routine is to a person: the top ones get a sensor. */
  usefulness: number;
  /** When it is expected next, epoch ms; null when it cannot be said (e.g. not on any coming day). */
  nextExpected: number | null;
}

/**
 * Read functions over the stores, so publishers never depend on a concrete store. Each is called
 * once per refresh; they should be cheap (indexed queries, cached aggregates).
 */
export interface HaStateProvider {
  /** Patterns the user sees (active and accepted). */
  activePatterns(): readonly {
    key: string;
    type: string;
    summary: string;
    usefulness: number;
    /** The entities involved; the quiet-automations sensor names its automations from them. */
    entities?: readonly string[];
  }[];
  /** Anomalies observed at or after `since` (epoch ms), any order. */
  anomaliesSince(since: number): readonly Anomaly[];
  /** Anomalies nobody has dismissed or called normal yet. */
  openAnomalyCount(): number;
  storageBytes(): number;
  /** Events stored during the last hour. */
  eventsLastHour(): number;
  areaActivity(): readonly AreaActivityReading[];
  topRoutines(): readonly RoutineForecast[];
  /** Devices that drop out again and again (device health, not habits). */
  deviceProblems(): readonly { entity: string; summary: string }[];
  /** What a person will most likely operate next, most likely first. */
  nextActions(): readonly NextActionReading[];
  /** Problems of the service itself that self-watching has open (none when not watched). */
  serviceProblems?(): readonly { issue: string; summary: string }[];
}

export interface NextActionReading {
  entity: string;
  name: string;
  probability: number;
  reason: string;
}

export interface LatestAnomaly {
  key: string;
  kind: AnomalyKind;
  summary: string;
  severity: Anomaly["severity"];
  entity: string | null;
  area: string | null;
  expected: string;
  /** ISO 8601 with offset. */
  observedAt: string;
}

export interface AreaActivityState {
  areaId: string;
  name: string;
  /** Activity now as a percentage of the usual level; null when nothing is usual at this hour. */
  percentOfUsual: number | null;
  current: number;
  usual: number;
}

export interface RoutineState {
  key: string;
  summary: string;
  entity: string;
  state: string;
  when: string;
  label: string;
  /** ISO 8601 with offset, or null. */
  nextExpected: string | null;
}

export interface HaStateSnapshot {
  activePatterns: { count: number; topSummaries: string[]; byType: Record<string, number> };
  anomalies24h: { count: number; latest: LatestAnomaly | null };
  openAnomalies: number;
  /** Megabytes (10^6 bytes, as Home Assistant's data_size unit MB), two decimals. */
  storageMegabytes: number;
  eventsLastHour: number;
  /** Ordered by area id, so the published order never depends on the store's. */
  areas: AreaActivityState[];
  /** The most useful routines, at most MAX_ROUTINE_SENSORS, most useful first. */
  routines: RoutineState[];
  /** Devices that drop out again and again, by entity id. */
  deviceProblems: { entity: string; summary: string }[];
  /** At most MAX_NEXT_ACTIONS, most likely first. */
  nextActions: NextActionReading[];
  /** Automations that went quiet (automation_quiet findings not dismissed), by entity id. */
  quietAutomations: { entity: string; summary: string }[];
  /** Open problems of the service itself: issue and summary. */
  serviceProblems: { issue: string; summary: string }[];
}

/** A dashboard card shows a short list; Home Assistant's common controls show 8. */
export const MAX_NEXT_ACTIONS = 8;

export function takeHaStateSnapshot(provider: HaStateProvider, now: number): HaStateSnapshot {
  const patterns = [...provider.activePatterns()].sort(
    (a, b) => b.usefulness - a.usefulness || compareText(a.key, b.key),
  );
  const byType: Record<string, number> = {};
  for (const p of patterns) byType[p.type] = (byType[p.type] ?? 0) + 1;

  const anomalies = provider.anomaliesSince(now - DAY_MS);
  let latest: Anomaly | undefined;
  for (const a of anomalies) if (!latest || a.ts > latest.ts || (a.ts === latest.ts && a.key > latest.key)) latest = a;

  const areas = [...provider.areaActivity()]
    .sort((a, b) => compareText(a.areaId, b.areaId))
    .map((a) => ({
      areaId: a.areaId,
      name: a.name,
      percentOfUsual: a.usual > 0 ? Math.round((a.now / a.usual) * 100) : null,
      current: round2(a.now),
      usual: round2(a.usual),
    }));

  const routines = [...provider.topRoutines()]
    .sort((a, b) => b.usefulness - a.usefulness || compareText(a.key, b.key))
    .slice(0, MAX_ROUTINE_SENSORS)
    .map((r) => ({
      key: r.key,
      summary: r.summary,
      entity: r.entity,
      state: r.state,
      when: r.when,
      label: r.label,
      nextExpected: r.nextExpected === null ? null : isoWithOffset(r.nextExpected),
    }));

  return {
    activePatterns: {
      count: patterns.length,
      topSummaries: patterns.slice(0, TOP_PATTERN_SUMMARIES).map((p) => p.summary),
      byType,
    },
    anomalies24h: { count: anomalies.length, latest: latest ? describeAnomaly(latest) : null },
    openAnomalies: provider.openAnomalyCount(),
    storageMegabytes: round2(provider.storageBytes() / 1_000_000),
    eventsLastHour: provider.eventsLastHour(),
    areas,
    routines,
    deviceProblems: [...provider.deviceProblems()]
      .sort((a, b) => compareText(a.entity, b.entity))
      .map((d) => ({ entity: d.entity, summary: d.summary })),
    nextActions: provider
      .nextActions()
      .slice(0, MAX_NEXT_ACTIONS)
      .map((a) => ({ entity: a.entity, name: a.name, probability: a.probability, reason: a.reason })),
    quietAutomations: patterns
      .filter((p) => p.type === "automation_quiet")
      .map((p) => ({ entity: p.entities?.[0] ?? p.key, summary: p.summary }))
      .sort((a, b) => compareText(a.entity, b.entity)),
    serviceProblems: (provider.serviceProblems?.() ?? []).map((p) => ({ issue: p.issue, summary: p.summary })),
  };
}

export function describeAnomaly(a: Anomaly): LatestAnomaly {
  return {
    key: a.key,
    kind: a.kind,
    summary: a.summary,
    severity: a.severity,
    entity: a.entity,
    area: a.area,
    expected: a.expected,
    observedAt: isoWithOffset(a.ts),
  };
}

/**
 * Forecasts for time_based patterns, from the params the time_based detector writes
 * (`minuteOfDay`, local, and `dayType`: daily | weekdays | weekends) and its key
 * (`time_based|<entity>|<state>|<day type>|<hour>`, kept for the routine's life even when its
 * time drifts). Other types are skipped: they have no time of day of their own.
 */
export function timeBasedRoutineForecasts(
  patterns: readonly (Pick<Finding, "key" | "summary" | "usefulness"> & TypedParams)[],
  now: number,
  time: LocalTime,
  nameOf: (entity: string) => string,
  /** The device class of an entity, for its state in Home Assistant's words ("Front door open"). */
  deviceClassOf?: DeviceClassOf,
): RoutineForecast[] {
  const out: RoutineForecast[] = [];
  for (const p of patterns) {
    if (p.type !== "time_based") continue;
    const { minuteOfDay: minute, dayType } = p.params;
    const [, entity, state, , keyHour] = p.key.split("|");
    if (!entity || !state) continue;
    const hour = Number.isFinite(Number(keyHour)) ? Number(keyHour) : Math.floor(minute / 60);
    const when = routineWhen(dayType, hour);
    const dc = deviceClassOf?.(entity);
    out.push({
      key: p.key,
      summary: p.summary,
      entity,
      state,
      when,
      label: `${nameOf(entity)} ${hasStateWords(entity, state, dc) ? stateLabelInline(entity, state, dc) : state}, ${when}`,
      usefulness: p.usefulness,
      nextExpected: nextLocalOccurrence(minute, dayType, now, time),
    });
  }
  return out;
}

/** "weekday mornings", "evenings": the part of the day by the hour the routine was first learned at. */
export function routineWhen(dayType: string, hour: number): string {
  const h = ((Math.round(hour) % 24) + 24) % 24;
  const part =
    h >= 5 && h < 12 ? "mornings" : h >= 12 && h < 17 ? "afternoons" : h >= 17 && h < 22 ? "evenings" : "nights";
  return dayType === "weekdays" ? `weekday ${part}` : dayType === "weekends" ? `weekend ${part}` : part;
}

/** The first local wall time `minute` after `now` on a day of the type; a day has 23–25 hours, so each is computed. */
function nextLocalOccurrence(minute: number, dayType: DayGroup, now: number, time: LocalTime): number | null {
  const today = time.dayOf(now);
  const minuteOfDay = ((Math.round(minute) % 1440) + 1440) % 1440;
  for (let d = 0; d <= 7; d++) {
    const day = addDays(today, d);
    const weekend = weekdayOf(day) >= 5;
    if ((dayType === "weekdays" && weekend) || (dayType === "weekends" && !weekend)) continue;
    const ts = time.toEpoch(day, minuteOfDay);
    if (ts > now) return ts;
  }
  return null;
}

/** "2026-11-23T06:55:00+00:00": the form Home Assistant itself writes, parsed by every version. */
export function isoWithOffset(ts: number): string {
  return new Date(Math.floor(ts / 1000) * 1000).toISOString().replace(".000Z", "+00:00");
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
