// Detector 9, contextual: usage that follows the sun, people coming and going, the weather or the cold better than the clock.
import { domainOf } from "../core/home-event.js";
import { weekdayOf } from "../core/local-time.js";
import { contextualDaily, type ContextExposureValue, type ContextUsageValue } from "../layers/kinds/contextual-daily.js";
import { isActiveState } from "../layers/kinds/entity-classes.js";
import { timeBasedDaily, type TimeBasedValue } from "../layers/kinds/time-based-daily.js";
import type { Finding } from "../patterns/finding.js";
import type { Detector, DetectorInput } from "./detector.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";
import { circularMinuteDistance, circularPeaks, circularSummary } from "./scoring/circular-time.js";
import { readSettings } from "./scoring/detector-settings.js";
import { HabitEntities } from "./scoring/habit-entities.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { entityName, stateVerb } from "./scoring/wording.js";
import { presenceChanges } from "./contextual-presence.js";

/** Day-level check: at least this many days without it, and context days this much more common among days with it. */
const MIN_UNUSED_DAYS = 3;
const MIN_DAY_SHARE_GAP = 0.2;
/** Fewer other uses than this and weather and temperature are judged against the clock's share of them. */
const MIN_POOLED_USES = 200;

export const CONTEXTUAL_DEFAULTS = {
  /** Long, so sunset moves enough to tell the sun from the clock (L2 keeps 90 days by default). */
  windowDays: 84,
  minConfidence: 0.5,
  minSupport: 6,
  /** Sun: a day's change this close to the sun-relative centre counts for it. */
  sunRadiusMinutes: 30,
  /** Sun: the spread around the sun must be at most this share of the spread of the best clock-time cluster. */
  maxSunToClockSpread: 0.6,
  /** Sun: changes further than this from sunrise or sunset do not follow it. */
  maxSunOffsetMinutes: 180,
  /** Weather and temperature gate only what happens on at most this share of the weekdays it happens on at all. */
  maxContextDayShare: 0.75,
  /** Presence: a change this soon after everyone left or the first one came home follows it. */
  presenceWindowMinutes: 20,
  /** Presence: lower bound of the share that follows, over the share of the day such windows cover. */
  minPresenceLift: 5,
  /** Presence: lower bound of the share of events it follows, over the chance of a change in any such window. */
  minPresenceFollowLift: 10,
  /** Weather and temperature: lower bound of the odds of the context at use over its odds overall. */
  minOddsRatio: 2.5,
  maxChangesPerDay: 80,
  includePassive: false,
};
export type ContextualSettings = typeof CONTEXTUAL_DEFAULTS;

interface Claim {
  context: string;
  summary: string;
  confidence: number;
  support: number;
  opportunities: number;
  lift: number;
  days: string[];
  params: Record<string, unknown>;
}

export class ContextualDetector implements Detector {
  readonly type = "contextual" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<ContextualSettings> = {}) {
    this.windowDays = defaults.windowDays ?? CONTEXTUAL_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): Finding[] {
    const s = readSettings({ ...CONTEXTUAL_DEFAULTS, ...this.defaults }, input.settings);
    if (input.reader.coveredDays(input.from, input.to).length === 0) return [];
    const entities = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, s);
    const timeBased = input.reader.byDay(timeBasedDaily, input.from, input.to);
    const contextualByDay = input.reader.byDay(contextualDaily, input.from, input.to);
    const contextual = input.reader.merged(contextualDaily, input.from, input.to);
    const exposure = contextual.get("context") as ContextExposureValue | undefined;
    const presence = presenceChanges(timeBased);
    // What the home is like while anyone does anything: weather and cold are judged against this, so
    // evening use is not "warm weather" just because evenings are warmer than nights.
    const pooled = pooledUsage(contextual);
    const rows = new Map<string, TimeBasedValue>();
    for (const dayRows of timeBased.values()) for (const [key, v] of dayRows) if (!rows.has(key)) rows.set(key, v);
    const findings: Finding[] = [];
    for (const [key, v] of rows) {
      if (!entities.allows(v.entity) || ["person", "device_tracker"].includes(domainOf(v.entity))) continue;
      if (!s.includePassive && !entities.controllable(v.entity)) continue;
      const claims: Claim[] = [];
      if (exposure && isActiveState(v.entity, v.state)) {
        for (const event of ["sunset", "sunrise"] as const) {
          const c = sunClaim(key, timeBased, exposure, event, s);
          if (c) claims.push(c);
        }
      }
      for (const kind of ["everyone_left", "first_arrived"] as const) {
        const c = presenceClaim(key, timeBased, presence, kind, s);
        if (c) claims.push(c);
      }
      const usage = contextual.get(`usage|${key}`) as ContextUsageValue | undefined;
      if (usage && exposure && isActiveState(v.entity, v.state) && !calendarExplains(timeBased, key, s.maxContextDayShare)) {
        const baseline = usageBaseline(pooled, usage, exposure);
        const days = dayContexts(contextualByDay);
        const w = weatherClaim(usage, baseline, s);
        if (w && daysAgree(timeBased, key, days, (d) => (w.params.weather as string[]).includes(d.weather))) claims.push(w);
        const t = temperatureClaim(usage, baseline, s);
        const below = t?.params.belowCelsius as number | undefined;
        const above = t?.params.aboveCelsius as number | undefined;
        if (t && daysAgree(timeBased, key, days, (d) => (below !== undefined ? d.coldest !== null && d.coldest < below : d.warmest !== null && d.warmest >= above!))) claims.push(t);
      }
      for (const c of claims) if (c.confidence >= s.minConfidence) findings.push(this.finding(v, key, c, timeBased, input));
    }
    return findings;
  }

  private finding(v: TimeBasedValue, key: string, c: Claim, timeBased: Map<string, Map<string, TimeBasedValue>>, input: DetectorInput): Finding {
    let automatedChanges = 0;
    let changes = 0;
    const users: Record<string, number> = {};
    for (const [day, rows] of timeBased) {
      const d = rows.get(key)?.days[day];
      if (!d) continue;
      changes += d.minutes.length;
      automatedChanges += d.automated.length;
      for (const u of d.users) users[u] = (users[u] ?? 0) + 1;
    }
    const automated = automatedChanges * 2 > changes;
    return {
      type: "contextual",
      key: `contextual|${v.entity}|${v.state}|${c.context}`,
      entities: [v.entity],
      area: input.registry.areaOf(v.entity),
      summary: `${entityName(v.entity, input.registry)} ${stateVerb(v.state)} ${c.summary}${automated ? " (already automated)" : ""}`,
      confidence: round3(c.confidence),
      support: c.support,
      opportunities: c.opportunities,
      lift: round3(c.lift),
      usefulness: usefulness({ confidence: c.confidence, regularity: c.support / Math.max(1, c.opportunities), automated, actionable: true }),
      automated,
      users: Object.entries(users).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([u]) => u),
      evidence: { days: c.days },
      params: { state: v.state, context: c.context, ...c.params },
    };
  }
}

/** Changes at a steady offset from sunset (or sunrise), where the clock time of the same changes drifts with the sun. */
function sunClaim(key: string, timeBased: Map<string, Map<string, TimeBasedValue>>, exposure: ContextExposureValue, event: "sunset" | "sunrise", s: ContextualSettings): Claim | null {
  const points: { day: string; minute: number; offset: number }[] = [];
  const sunDays: string[] = [];
  for (const [day, rows] of timeBased) {
    const sun = exposure.sun[day]?.[event];
    if (sun === null || sun === undefined) continue;
    sunDays.push(day);
    for (const minute of rows.get(key)?.days[day]?.minutes ?? []) points.push({ day, minute, offset: minute - sun });
  }
  if (points.length < s.minSupport) return null;
  // Offsets are within ±24 h; on the circle of the day they keep their order near the peak.
  const ring = (offset: number) => (((offset + 720) % 1440) + 1440) % 1440;
  const peak = circularPeaks(points.map((p) => ring(p.offset)), 10, 60)[0];
  if (!peak) return null;
  const hits = new Map<string, { minute: number; offset: number }>();
  for (const p of points) {
    const distance = circularMinuteDistance(ring(p.offset), peak.minute);
    const prev = hits.get(p.day);
    if (distance <= s.sunRadiusMinutes && (!prev || distance < circularMinuteDistance(ring(prev.offset), peak.minute))) hits.set(p.day, p);
  }
  if (hits.size < s.minSupport) return null;
  const chosen = [...hits.values()];
  const sunSpread = circularSummary(chosen.map((p) => ring(p.offset))).spread;
  const offset = Math.round(circularSummary(chosen.map((p) => ring(p.offset))).mean - 720);
  if (Math.abs(offset) > s.maxSunOffsetMinutes) return null;
  // Against the clock's own best cluster (not the same changes, which the sun picked): the sun must
  // hold as many days, tighter.
  const clock = bestClockCluster(points, s.sunRadiusMinutes);
  const clockSpread = clock.spread;
  if (hits.size < clock.days || sunSpread > s.maxSunToClockSpread * clockSpread) return null;
  const confidence = wilsonLowerBound(hits.size, sunDays.length);
  const when = offset === 0 ? `at ${event}` : `${Math.abs(offset)} min ${offset > 0 ? "after" : "before"} ${event}`;
  return {
    context: event,
    summary: `${when} (± ${Math.round(sunSpread)} min, against ± ${Math.round(clockSpread)} min on the clock) on ${hits.size} of ${sunDays.length} days`,
    confidence,
    support: hits.size,
    opportunities: sunDays.length,
    lift: clockSpread / Math.max(1, sunSpread),
    days: [...hits.keys()].sort(),
    params: { offsetMinutes: offset, spreadMinutes: round3(sunSpread), clockSpreadMinutes: round3(clockSpread) },
  };
}

/** The best fixed time of day (± radius): the days it holds and the spread of their changes. */
function bestClockCluster(points: { day: string; minute: number }[], radius: number): { days: number; spread: number } {
  let best = { days: 0, spread: 720 };
  for (const peak of circularPeaks(points.map((p) => p.minute), 10, 60).slice(0, 4)) {
    const byDay = new Map<string, number>();
    for (const p of points) {
      const d = circularMinuteDistance(p.minute, peak.minute);
      const prev = byDay.get(p.day);
      if (d <= radius && (prev === undefined || d < circularMinuteDistance(prev, peak.minute))) byDay.set(p.day, p.minute);
    }
    const spread = circularSummary([...byDay.values()]).spread;
    if (byDay.size > best.days || (byDay.size === best.days && spread < best.spread)) best = { days: byDay.size, spread };
  }
  return best;
}

/**
 * Changes that come soon after everyone left, or after the first person came home: either most of
 * the entity's changes follow such an event, or most such events are followed by the change.
 */
function presenceClaim(
  key: string,
  timeBased: Map<string, Map<string, TimeBasedValue>>,
  presence: Map<string, { everyone_left: number[]; first_arrived: number[] }>,
  kind: "everyone_left" | "first_arrived",
  s: ContextualSettings,
): Claim | null {
  let changes = 0;
  let covered = 0;
  const following = new Set<string>();
  let hits = 0;
  for (const [day, rows] of timeBased) {
    const minutes = rows.get(key)?.days[day]?.minutes ?? [];
    const events = presence.get(day)?.[kind] ?? [];
    changes += minutes.length;
    covered += events.length * s.presenceWindowMinutes;
    for (const m of minutes) {
      if (events.some((e) => m >= e && m - e <= s.presenceWindowMinutes)) {
        hits += 1;
        following.add(day);
      }
    }
  }
  if (hits < s.minSupport || changes === 0) return null;
  // Events at which it could happen: the entity was in another state just before (a light already off cannot go off).
  const [entity, state] = splitKey(key);
  let eventCount = 0;
  let followed = 0;
  for (const [day, rows] of timeBased) {
    const minutes = rows.get(key)?.days[day]?.minutes ?? [];
    for (const e of presence.get(day)?.[kind] ?? []) {
      const before = stateBefore(rows, entity, day, e);
      if (before === null || before === state) continue;
      eventCount += 1;
      if (minutes.some((m) => m >= e && m - e <= s.presenceWindowMinutes)) followed += 1;
    }
  }
  // Chance of a change in a window of that length at a random moment, and of a random moment in such a window.
  const perMinute = changes / (1440 * timeBased.size);
  const chanceFollow = 1 - (1 - Math.min(1, perMinute)) ** s.presenceWindowMinutes;
  const chanceShare = Math.min(1, covered / (1440 * timeBased.size));
  const share = wilsonLowerBound(hits, changes);
  const follow = wilsonLowerBound(followed, eventCount);
  const byShare = chanceShare > 0 && share / chanceShare >= s.minPresenceLift;
  const byFollow = eventCount > 0 && chanceFollow > 0 && follow / chanceFollow >= s.minPresenceFollowLift;
  if (!byShare && !byFollow) return null;
  const useFollow = byFollow && (!byShare || follow > share);
  const words = kind === "everyone_left" ? "when the last person leaves" : "when the first person comes home";
  return {
    context: kind === "everyone_left" ? "presence_left" : "presence_arrived",
    summary: useFollow
      ? `${words}: within ${s.presenceWindowMinutes} min after ${followed} of ${eventCount} times it happened while it was not ${state.replace(/_/g, " ")}`
      : `${words}: ${hits} of ${changes} times within ${s.presenceWindowMinutes} min after it`,
    confidence: useFollow ? follow : share,
    support: useFollow ? followed : hits,
    opportunities: useFollow ? eventCount : changes,
    lift: useFollow ? follow / chanceFollow : share / chanceShare,
    days: [...following].sort(),
    params: { windowMinutes: s.presenceWindowMinutes },
  };
}

/**
 * True when the calendar already says whether it happens: on the weekdays it happens on at all, it
 * happens on more than `share` of them. Weather or cold cannot gate what happens anyway, and what
 * happens every weekday morning would otherwise look "cold-weather" just because mornings are cold.
 */
function calendarExplains(timeBased: Map<string, Map<string, TimeBasedValue>>, key: string, share: number): boolean {
  const seen = [0, 0, 0, 0, 0, 0, 0];
  const used = [0, 0, 0, 0, 0, 0, 0];
  for (const [day, rows] of timeBased) {
    const w = weekdayOf(day);
    seen[w] += 1;
    if (rows.get(key)?.days[day]) used[w] += 1;
  }
  const active = [0, 1, 2, 3, 4, 5, 6].filter((w) => used[w] > 0 && used[w] * 2 >= seen[w] * 0.5);
  const daysOn = active.reduce((n, w) => n + seen[w], 0);
  const usedOn = active.reduce((n, w) => n + used[w], 0);
  return daysOn > 0 && usedOn > share * daysOn;
}

function splitKey(key: string): [string, string] {
  const bar = key.indexOf("|");
  return [key.slice(0, bar), key.slice(bar + 1)];
}

/** The state an entity last changed to before a minute of the day, or null when it did not change earlier that day. */
function stateBefore(rows: Map<string, TimeBasedValue>, entity: string, day: string, minute: number): string | null {
  let latest = -1;
  let state: string | null = null;
  for (const v of rows.values()) {
    if (v.entity !== entity) continue;
    for (const m of v.days[day]?.minutes ?? []) {
      if (m < minute && m > latest) {
        latest = m;
        state = v.state;
      }
    }
  }
  return state;
}

/** Each day's weather (the one that lasted longest) and its coldest and warmest outside temperature bucket held for an hour. */
interface DayContext {
  weather: string;
  coldest: number | null;
  warmest: number | null;
}

function dayContexts(byDay: Map<string, Map<string, unknown>>): Map<string, DayContext> {
  const out = new Map<string, DayContext>();
  for (const [day, rows] of byDay) {
    const c = rows.get("context") as ContextExposureValue | undefined;
    if (!c) continue;
    const weather = Object.entries(c.weatherMs).sort((a, b) => b[1] - a[1])[0]?.[0] ?? "unknown";
    const held = Object.entries(c.temperatureMs).filter(([b, ms]) => b !== "unknown" && ms >= 3_600_000).map(([b]) => Number(b));
    out.set(day, { weather, coldest: held.length ? Math.min(...held) : null, warmest: held.length ? Math.max(...held) + 5 : null });
  }
  return out;
}

/**
 * The day-level check of a weather or temperature claim: on the weekdays it happens at all, the
 * days it happened are context days clearly more often than the days it did not. Uses that merely
 * fall at a warm time of day (evenings) on days like any other fail it.
 */
function daysAgree(timeBased: Map<string, Map<string, TimeBasedValue>>, key: string, days: Map<string, DayContext>, inContext: (d: DayContext) => boolean): boolean {
  const used: boolean[] = [];
  const unused: boolean[] = [];
  const weekdaysUsed = new Set<number>();
  for (const [day, rows] of timeBased) if (rows.get(key)?.days[day]) weekdaysUsed.add(weekdayOf(day));
  for (const [day, rows] of timeBased) {
    const context = days.get(day);
    if (!context || !weekdaysUsed.has(weekdayOf(day))) continue;
    (rows.get(key)?.days[day] ? used : unused).push(inContext(context));
  }
  if (used.length === 0 || unused.length < MIN_UNUSED_DAYS) return false;
  const share = (list: boolean[]) => list.filter(Boolean).length / list.length;
  return share(used) >= share(unused) + MIN_DAY_SHARE_GAP;
}

interface ContextBaseline {
  weather: Record<string, number>;
  temperature: Record<string, number>;
  /** How the baseline reads in a summary: "of all other use" or "of the time". */
  words: string;
}

/** Weather and temperature counts of every use in the home. */
function pooledUsage(contextual: Map<string, unknown>): { weather: Record<string, number>; temperature: Record<string, number>; count: number } {
  const out = { weather: {} as Record<string, number>, temperature: {} as Record<string, number>, count: 0 };
  for (const v of contextual.values()) {
    const u = v as ContextUsageValue;
    if (u.type !== "usage") continue;
    out.count += u.count;
    for (const [k, n] of Object.entries(u.weather)) out.weather[k] = (out.weather[k] ?? 0) + n;
    for (const [k, n] of Object.entries(u.temperature)) out.temperature[k] = (out.temperature[k] ?? 0) + n;
  }
  return out;
}

/** The other uses' weather and temperature, or the share of the time when there are too few of them. */
function usageBaseline(pooled: ReturnType<typeof pooledUsage>, own: ContextUsageValue, exposure: ContextExposureValue): ContextBaseline {
  if (pooled.count - own.count < MIN_POOLED_USES) return { weather: exposure.weatherMs, temperature: exposure.temperatureMs, words: "of the time" };
  const minus = (all: Record<string, number>, mine: Record<string, number>) =>
    Object.fromEntries(Object.entries(all).map(([k, n]) => [k, Math.max(0, n - (mine[k] ?? 0))]));
  return { weather: minus(pooled.weather, own.weather), temperature: minus(pooled.temperature, own.temperature), words: "of all other use" };
}

/** Used in some weather states far more than those states last. */
function weatherClaim(usage: ContextUsageValue, exposure: ContextBaseline, s: ContextualSettings): Claim | null {
  const best = bestContextSet(usage.weather, exposure.weather, Object.keys(usage.weather).filter((w) => w !== "unknown"), s);
  if (!best) return null;
  return {
    context: "weather",
    summary: `in ${best.values.join(", ")} weather: ${best.k} of ${best.n} times, against ${Math.round(best.exposure * 100)} % ${exposure.words}`,
    confidence: best.share,
    support: best.k,
    opportunities: best.n,
    lift: best.oddsRatio,
    days: [],
    params: { weather: best.values },
  };
}

/** Used below (or above) an outside temperature far more than it is that cold (or warm). */
function temperatureClaim(usage: ContextUsageValue, exposure: ContextBaseline, s: ContextualSettings): Claim | null {
  const buckets = Object.keys(exposure.temperature).filter((b) => b !== "unknown").map(Number).sort((a, b) => a - b);
  let best: (NonNullable<ReturnType<typeof bestContextSet>> & { below?: number; above?: number }) | null = null;
  for (let i = 0; i < buckets.length; i++) {
    const below = bestContextSet(usage.temperature, exposure.temperature, [buckets.slice(0, i + 1).map(String)], s, true);
    if (below && (!best || below.share > best.share)) best = { ...below, below: buckets[i] + 5 };
    const above = bestContextSet(usage.temperature, exposure.temperature, [buckets.slice(i).map(String)], s, true);
    if (above && (!best || above.share > best.share)) best = { ...above, above: buckets[i] };
  }
  if (!best) return null;
  const words = best.below !== undefined ? `below ${best.below} °C outside` : `above ${best.above} °C outside`;
  return {
    context: best.below !== undefined ? "temperature_below" : "temperature_above",
    summary: `${words}: ${best.k} of ${best.n} times, against ${Math.round(best.exposure * 100)} % ${exposure.words}`,
    confidence: best.share,
    support: best.k,
    opportunities: best.n,
    lift: best.oddsRatio,
    days: [],
    params: best.below !== undefined ? { belowCelsius: best.below } : { aboveCelsius: best.above },
  };
}

/**
 * The set of context values (the most over-represented first, or the fixed sets given) whose share
 * of the uses has the best lower bound while its odds beat the context's own odds enough.
 */
function bestContextSet(uses: Record<string, number>, exposureMs: Record<string, number>, candidates: string[] | string[][], s: ContextualSettings, fixed = false) {
  const n = Object.values(uses).reduce((a, b) => a + b, 0);
  const total = Object.values(exposureMs).reduce((a, b) => a + b, 0);
  if (n < s.minSupport || total <= 0) return null;
  let sets: string[][];
  if (fixed) sets = candidates as string[][];
  else {
    // Only values over-represented at use (more than their share of the time) can be part of the context.
    const ratio = (c: string) => (uses[c] ?? 0) / n / (exposureMs[c] / total);
    const ordered = (candidates as string[])
      .filter((c) => (exposureMs[c] ?? 0) > 0 && ratio(c) > 1)
      .sort((a, b) => ratio(b) - ratio(a));
    sets = ordered.map((_, i) => ordered.slice(0, i + 1));
  }
  let best: { values: string[]; k: number; n: number; share: number; exposure: number; oddsRatio: number } | null = null;
  for (const values of sets) {
    const k = values.reduce((sum, v) => sum + (uses[v] ?? 0), 0);
    const exposure = values.reduce((sum, v) => sum + (exposureMs[v] ?? 0), 0) / total;
    if (k < s.minSupport || exposure <= 0 || exposure >= 1) continue;
    const share = wilsonLowerBound(k, n);
    const oddsRatio = share >= 1 ? Infinity : share / (1 - share) / (exposure / (1 - exposure));
    if (oddsRatio < s.minOddsRatio) continue;
    if (!best || share > best.share) best = { values, k, n, share, exposure, oddsRatio };
  }
  return best;
}
