// What Home Patterns tells Home Assistant, computed at one instant from injected read functions.
import { addDays, type LocalTime, weekdayOf } from "../core/local-time.js";
import type { Anomaly, AnomalyKind } from "../patterns/finding.js";

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
  activePatterns(): readonly { key: string; type: string; summary: string; usefulness: number }[];
  /** Anomalies observed at or after `since` (epoch ms), any order. */
  anomaliesSince(since: number): readonly Anomaly[];
  /** Anomalies nobody has dismissed or called normal yet. */
  openAnomalyCount(): number;
  storageBytes(): number;
  /** Events stored during the last hour. */
  eventsLastHour(): number;
  areaActivity(): readonly AreaActivityReading[];
  topRoutines(): readonly RoutineForecast[];
  /** Problems of the service itself that self-watching has open (none when not watched). */
  serviceProblems?(): readonly { issue: string; summary: string }[];
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
  /** Open problems of the service itself: issue and summary. */
  serviceProblems: { issue: string; summary: string }[];
}

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
 * (`minuteOfDay`, local, and `dayType`: daily | weekdays | weekends). Other types are skipped:
 * they have no time of day of their own.
 */
export function timeBasedRoutineForecasts(
  patterns: readonly {
    key: string;
    type: string;
    summary: string;
    usefulness: number;
    params: Record<string, unknown>;
  }[],
  now: number,
  time: LocalTime,
): RoutineForecast[] {
  const out: RoutineForecast[] = [];
  for (const p of patterns) {
    const minute = p.params.minuteOfDay;
    if (p.type !== "time_based" || typeof minute !== "number" || !Number.isFinite(minute)) continue;
    const dayType = typeof p.params.dayType === "string" ? p.params.dayType : "daily";
    out.push({
      key: p.key,
      summary: p.summary,
      usefulness: p.usefulness,
      nextExpected: nextLocalOccurrence(minute, dayType, now, time),
    });
  }
  return out;
}

/** The first local wall time `minute` after `now` on a day of the type; a day has 23–25 hours, so each is computed. */
function nextLocalOccurrence(minute: number, dayType: string, now: number, time: LocalTime): number | null {
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
