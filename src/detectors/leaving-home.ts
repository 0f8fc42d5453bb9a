// Leaving home: the front door opens and then nothing in the home stirs for a long while, at a usual time.
import { addDays, weekdayOf } from "../core/local-time.js";
import { isActiveState } from "../layers/kinds/entity-classes.js";
import type { TimeBasedValue } from "../layers/kinds/time-based-daily.js";
import type { Finding } from "../patterns/finding.js";
import type { RegistryStore } from "../storage/registry-store.js";
import { withoutAutomated } from "./anomaly/anomaly-baseline.js";
import { circularMinuteDistance, circularPeaks, circularSummary, formatMinuteOfDay } from "./scoring/circular-time.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { entityName, formatSeconds } from "./scoring/wording.js";

export const LEAVING_DEFAULTS = {
  /** The home must stay this quiet after the door for it to be a leaving (not the post fetched). */
  quietMinutes: 60,
  radiusMinutes: 60,
  /** People leave less sharply than a light is switched: a 45-min spread is still "a usual time". */
  maxSpreadMinutes: 45,
  minSupportDays: 5,
  minConfidence: 0.5,
  /** The leaving rate must beat leavings at random times this many times. */
  minLift: 3,
};
export type LeavingSettings = typeof LEAVING_DEFAULTS;

/**
 * The door out of the home, known by how HA users name it: "front door", "main door", "entrance
 * door", or any door of the entrance or hall. A cupboard or a fridge door is never one (act words),
 * and a back door to the garden or a garage door is not leaving.
 */
const OUT_WORDS = /(^|_)(front|main|entrance|entry|street|exterior|outer|outside)_door(_|$)/;
const ENTRANCE_AREAS = /^(entrance|entry|hall|hallway|foyer|porch|lobby|vestibule)$/;
const NOT_OUT =
  /(^|_)(back|garden|patio|garage|cupboard|cabinet|fridge|freezer|oven|microwave|dishwasher|washer|washing|dryer|toilet|bathroom|bedroom|kitchen|closet)(_|$)/;

export function isDoorOut(entity: string, area: string | null): boolean {
  if (!entity.startsWith("binary_sensor.")) return false;
  const id = entity.slice("binary_sensor.".length);
  if (OUT_WORDS.test(id)) return true;
  return /(^|_)door(_|$)/.test(id) && !NOT_OUT.test(id) && area !== null && ENTRANCE_AREAS.test(area.toLowerCase());
}

/**
 * The days someone was at home: any change that counts. A day the home sent nothing at all (away
 * for the whole day, or nothing recorded) is no day one could have left on.
 */
export function daysAtHome(
  days: readonly string[],
  byDay: Map<string, Map<string, TimeBasedValue>>,
  counts: (entity: string) => boolean,
): string[] {
  return days.filter((day) =>
    [...(byDay.get(day)?.values() ?? [])].some((v) => counts(v.entity) && (v.days[day]?.minutes.length ?? 0) > 0),
  );
}

/** One day's leaving: the door's minute, how long the home stayed quiet, and when it stirred again. */
export interface Leaving {
  minute: number;
  quietMinutes: number;
  /** Minute of day of the first change after the quiet; null when it was still quiet at the end of data. */
  back: number | null;
}

type DayRows = Map<string, TimeBasedValue> | undefined;

/** Each day's leavings by the door: an opening followed by the quiet the settings ask for. */
export function leavingsOf(
  door: string,
  days: readonly string[],
  byDay: Map<string, Map<string, TimeBasedValue>>,
  counts: (entity: string) => boolean,
  s: LeavingSettings,
): Map<string, Leaving[]> {
  const changes = (rows: DayRows, day: string): [number, string, string][] => {
    const out: [number, string, string][] = [];
    for (const v of rows?.values() ?? []) {
      const d = v.days[day];
      if (!d || !(v.entity === door || counts(v.entity))) continue;
      for (const m of new Set(withoutAutomated(d.minutes, d.automated))) out.push([m, v.entity, v.state]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  };
  const out = new Map<string, Leaving[]>();
  days.forEach((day, i) => {
    const today = changes(byDay.get(day), day);
    // The quiet may run past midnight: the next covered day's changes continue it.
    const next = days[i + 1] === addDays(day, 1) ? days[i + 1] : undefined;
    const tomorrow = next ? changes(byDay.get(next), next).map(([m, e, st]) => [m + 1440, e, st] as const) : [];
    const all = [...today, ...tomorrow];
    const leavings: Leaving[] = [];
    for (let j = 0; j < today.length; j++) {
      const [minute, entity, state] = today[j];
      if (entity !== door || state !== "on") continue;
      // Someone stirs when anything turns on again (a sensor clearing, a door closing is no one).
      const stir = all.find(
        ([m, e, st], k) => k > j && m >= minute && isActiveState(e, st) && !(e === door && m === minute),
      );
      const end = stir ? stir[0] : next ? 2880 : 1440;
      const quiet = end - minute;
      if (quiet >= s.quietMinutes) leavings.push({ minute, quietMinutes: quiet, back: stir ? stir[0] % 1440 : null });
    }
    out.set(day, leavings);
  });
  return out;
}

type DayGroup = "daily" | "weekdays" | "weekends";
const GROUP_WORDS: Record<DayGroup, string> = { daily: "days", weekdays: "weekdays", weekends: "weekend days" };

interface LeavingCluster {
  group: DayGroup;
  days: readonly string[];
  centre: number;
  spread: number;
  hits: Map<string, Leaving>;
  confidence: number;
  lift: number;
}

/** The usual leaving time over the days, when there is one. */
export function leavingCluster(
  leavings: Map<string, Leaving[]>,
  days: readonly string[],
  s: LeavingSettings,
  group: DayGroup = "daily",
): LeavingCluster | null {
  if (days.length === 0) return null;
  const minutes = days.flatMap((d) => (leavings.get(d) ?? []).map((l) => l.minute));
  let best: LeavingCluster | null = null;
  for (const peak of circularPeaks(minutes, 15, s.radiusMinutes).slice(0, 4)) {
    let hits = nearest(leavings, days, peak.minute, s.radiusMinutes);
    if (hits.size === 0) continue;
    const first = circularSummary([...hits.values()].map((l) => l.minute));
    hits = nearest(leavings, days, first.mean, s.radiusMinutes);
    const summary = circularSummary([...hits.values()].map((l) => l.minute));
    const width = Math.min(1, (2 * s.radiusMinutes + 1) / 1440);
    let chance = 0;
    for (const d of days) chance += 1 - (1 - width) ** (leavings.get(d)?.length ?? 0);
    chance /= days.length;
    const rate = hits.size / days.length;
    const c: LeavingCluster = {
      group,
      days,
      centre: summary.mean,
      spread: summary.spread,
      hits,
      confidence: wilsonLowerBound(hits.size, days.length),
      lift: chance > 0 ? rate / chance : Infinity,
    };
    const passes =
      hits.size >= s.minSupportDays &&
      c.confidence >= s.minConfidence &&
      c.spread <= s.maxSpreadMinutes &&
      c.lift >= s.minLift;
    if (passes && (!best || c.hits.size > best.hits.size)) best = c;
  }
  return best;
}

function nearest(leavings: Map<string, Leaving[]>, days: readonly string[], centre: number, radius: number) {
  const hits = new Map<string, Leaving>();
  for (const d of days) {
    let best: Leaving | null = null;
    for (const l of leavings.get(d) ?? []) {
      const distance = circularMinuteDistance(l.minute, centre);
      if (distance <= radius && (!best || distance < circularMinuteDistance(best.minute, centre))) best = l;
    }
    if (best) hits.set(d, best);
  }
  return hits;
}

/**
 * The leaving habit over the days at home: every day when that says it best, else weekdays and
 * weekends apart (someone who leaves for work at 08:10 and stays in at weekends leaves on weekdays).
 */
export function leavingFindings(
  door: string,
  home: readonly string[],
  byDay: Map<string, Map<string, TimeBasedValue>>,
  counts: (entity: string) => boolean,
  registry: RegistryStore,
  s: LeavingSettings,
): Finding[] {
  const leavings = leavingsOf(door, home, byDay, counts, s);
  const daily = leavingCluster(leavings, home, s);
  const weekdays = leavingCluster(
    leavings,
    home.filter((d) => weekdayOf(d) < 5),
    s,
    "weekdays",
  );
  const weekends = leavingCluster(
    leavings,
    home.filter((d) => weekdayOf(d) >= 5),
    s,
    "weekends",
  );
  const apart = [weekdays, weekends].filter((c): c is LeavingCluster => c !== null);
  const best = Math.max(0, ...apart.map((c) => c.confidence));
  const chosen = daily && daily.confidence >= best ? [daily] : apart;
  return chosen.map((c) => leavingFinding(door, c, registry, s));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function leavingFinding(door: string, c: LeavingCluster, registry: RegistryStore, s: LeavingSettings): Finding {
  const days = c.days;
  const hitDays = [...c.hits.keys()].sort();
  const stays = hitDays.map((d) => c.hits.get(d)!);
  const quiet = median(stays.map((l) => l.quietMinutes));
  const backs = stays.map((l) => l.back).filter((b): b is number => b !== null);
  const back = backs.length * 2 >= stays.length ? Math.round(circularSummary(backs).mean) : null;
  const time = formatMinuteOfDay(c.centre);
  const area = registry.areaOf(door);
  return {
    type: "session",
    key: `session|leaving|${door}|${c.group}|${String(Math.round(c.centre / 60) % 24).padStart(2, "0")}`,
    entities: [door],
    area,
    summary:
      `Leaves home by the ${entityName(door, registry).toLowerCase()} around ${time} ± ${Math.round(c.spread)} min on ${hitDays.length} of ${days.length} ${GROUP_WORDS[c.group]} at home` +
      `; the home then stays quiet for about ${formatSeconds(quiet * 60)}` +
      (back !== null ? ` (back around ${formatMinuteOfDay(back)})` : ""),
    confidence: round3(c.confidence),
    support: hitDays.length,
    opportunities: days.length,
    lift: round3(c.lift),
    usefulness: usefulness({
      confidence: c.confidence,
      regularity: hitDays.length / days.length,
      automated: false,
      actionable: false,
    }),
    automated: false,
    users: [],
    evidence: { days: hitDays, minutes: stays.map((l) => l.minute), quiet: stays.map((l) => l.quietMinutes) },
    params: {
      kind: "leaving" as const,
      dayType: c.group,
      minuteOfDay: c.centre,
      time,
      spreadMinutes: round3(c.spread),
      windowMinutes: s.radiusMinutes,
      quietMinutes: quiet,
      minQuietMinutes: s.quietMinutes,
      ...(back !== null ? { returnMinuteOfDay: back, returnTime: formatMinuteOfDay(back) } : {}),
      areas: area ? [area] : [],
    },
  };
}
