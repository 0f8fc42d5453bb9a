// Contextual weather and temperature analyses: a habit that happens at its usual time when it is gloomy (or cold) and not otherwise.
import { monthOf, weekdayOf } from "../../core/local-time.js";
import { withUnit } from "../../core/state-with-unit.js";
import { type HourlyContext, TEMPERATURE_BUCKET } from "../../layers/kinds/contextual-daily.js";
import type { TimeBasedValue } from "../../layers/kinds/time-based-daily.js";
import { circularMinuteDistance, circularPeaks, circularSummary } from "../scoring/circular-time.js";
import { wilsonLowerBound, wilsonUpperBound } from "../scoring/confidence-bounds.js";
import type { Claim } from "./contextual-claim.js";
import type { ContextualSettings } from "./contextual-settings.js";

/** Two-sided 95 %: the rates in and out of the context differ only when these intervals part. */
const SEPARATION_Z = 1.96;

/**
 * One chance for the habit: a day it could have happened (a weekday it is used on) at one of its
 * usual times, whether it happened there, and the weather and temperature at that hour.
 */
export interface Opportunity {
  day: string;
  used: boolean;
  weather: string;
  temperature: string;
}

/**
 * The habit's chances: each of its usual times of day (where its changes cluster) on each day of the
 * weekdays it is used on, in the months it is used in. A day counts as used at a time when it changed within the radius of it,
 * and the context is read at the hour it changed, or at the usual time when it did not.
 */
export function opportunities(
  key: string,
  timeBased: Map<string, Map<string, TimeBasedValue>>,
  hourly: Record<string, HourlyContext>,
  s: ContextualSettings,
): Opportunity[] {
  const byWeekday = [0, 0, 0, 0, 0, 0, 0];
  const months = new Set<string>();
  const minutes: number[] = [];
  for (const [day, rows] of timeBased) {
    const m = rows.get(key)?.days[day]?.minutes;
    if (!m?.length) continue;
    byWeekday[weekdayOf(day)] += 1;
    months.add(monthOf(day));
    minutes.push(...m);
  }
  // Its weekdays: a stray use on another weekday does not make every such day a chance it missed.
  const most = Math.max(...byWeekday);
  const weekdays = new Set([0, 1, 2, 3, 4, 5, 6].filter((w) => byWeekday[w] > 0 && byWeekday[w] * 4 >= most));
  const slots: number[] = [];
  for (const peak of circularPeaks(minutes, 15, s.contextSlotRadiusMinutes)) {
    const near = minutes.filter((m) => circularMinuteDistance(m, peak.minute) <= s.contextSlotRadiusMinutes);
    if (near.length >= s.minSupport) slots.push(circularSummary(near).mean);
  }
  const out: Opportunity[] = [];
  for (const [day, rows] of timeBased) {
    const hours = hourly[day];
    // Months without any use are left out: the heating stops in May whatever the weather, and warm
    // May days would otherwise make it look like it follows the cold.
    if (!hours || !weekdays.has(weekdayOf(day)) || !months.has(monthOf(day))) continue;
    const changes = rows.get(key)?.days[day]?.minutes ?? [];
    for (const slot of slots) {
      const hit = changes.find((m) => circularMinuteDistance(m, slot) <= s.contextSlotRadiusMinutes);
      const hour = Math.floor((hit ?? slot) / 60) % 24;
      out.push({
        day,
        used: hit !== undefined,
        weather: hours.weather[hour] ?? "unknown",
        temperature: hours.temperature[hour] ?? "unknown",
      });
    }
  }
  return out;
}

interface Contrast {
  inUsed: number;
  inAll: number;
  outUsed: number;
  outAll: number;
  confidence: number;
}

/**
 * How often it happened at its times in the context and outside it. It holds when the two rates'
 * intervals part and the rate in the context is the larger by `minContextRateRatio`; the confidence
 * is the lower bound of the share of its uses that fall in the context.
 * The lower bound of the share of its absences that fall outside the context must be half or more.
 */
function contrast(list: Opportunity[], inContext: (o: Opportunity) => boolean, s: ContextualSettings): Contrast | null {
  let inUsed = 0;
  let inAll = 0;
  let outUsed = 0;
  let outAll = 0;
  for (const o of list) {
    if (inContext(o)) {
      inAll += 1;
      if (o.used) inUsed += 1;
    } else {
      outAll += 1;
      if (o.used) outUsed += 1;
    }
  }
  if (inUsed < s.minSupport || outAll === 0) return null;
  const low = wilsonLowerBound(inUsed, inAll, SEPARATION_Z);
  if (low <= wilsonUpperBound(outUsed, outAll, SEPARATION_Z)) return null;
  if (inUsed / inAll < s.minContextRateRatio * (outUsed / outAll)) return null;
  // And the context must be what keeps it away: most of the times it did not happen were outside it.
  // A TV on most evenings in any weather but snow is no "not in the snow" habit.
  const missed = inAll - inUsed + (outAll - outUsed);
  if (wilsonLowerBound(outAll - outUsed, missed) < 0.5) return null;
  return { inUsed, inAll, outUsed, outAll, confidence: wilsonLowerBound(inUsed, inUsed + outUsed) };
}

const words = (c: Contrast) =>
  `at its usual time on ${c.inUsed} of ${c.inAll} such days, against ${c.outUsed} of ${c.outAll} otherwise`;

/** Happens in some weather states (the ones it happens in most, taken together) and seldom in the rest. */
export function weatherClaim(list: Opportunity[], s: ContextualSettings): Claim | null {
  const rate = new Map<string, number>();
  for (const w of new Set(list.map((o) => o.weather))) {
    if (w === "unknown") continue;
    const of = list.filter((o) => o.weather === w);
    rate.set(w, of.filter((o) => o.used).length / of.length);
  }
  const ordered = [...rate.keys()].sort((a, b) => rate.get(b)! - rate.get(a)! || (a < b ? -1 : 1));
  let best: { values: string[]; c: Contrast } | null = null;
  for (let i = 1; i < ordered.length; i++) {
    const values = ordered.slice(0, i);
    const c = contrast(
      list.filter((o) => o.weather !== "unknown"),
      (o) => values.includes(o.weather),
      s,
    );
    if (c && (!best || c.confidence > best.c.confidence)) best = { values, c };
  }
  if (!best) return null;
  const { values, c } = best;
  return {
    summary: `in ${values.join(", ")} weather: ${words(c)}`,
    confidence: c.confidence,
    support: c.inUsed,
    opportunities: c.inUsed + c.outUsed,
    lift: c.inUsed / c.inAll / Math.max(c.outUsed / c.outAll, 1 / (c.outAll + 1)),
    days: [...new Set(list.filter((o) => o.used && values.includes(o.weather)).map((o) => o.day))].sort(),
    params: { context: "weather", weather: values, otherwiseUsed: c.outUsed, otherwise: c.outAll },
  };
}

/**
 * Happens below (or above) an outside temperature and seldom on the other side of it; the
 * threshold is told in `unit`, the outside sensor's (outsideTemperatureUnit).
 */
export function temperatureClaim(list: Opportunity[], s: ContextualSettings, unit: string): Claim | null {
  const known = list.filter((o) => o.temperature !== "unknown");
  const buckets = [...new Set(known.map((o) => Number(o.temperature)))].sort((a, b) => a - b);
  let best: { below?: number; above?: number; c: Contrast } | null = null;
  for (let i = 1; i < buckets.length; i++) {
    // Split between buckets i - 1 and i: told as the nearest edge the readings support (below the
    // top of the colder bucket, or from the bottom of the warmer one).
    const cold = (o: Opportunity) => Number(o.temperature) < buckets[i];
    const below = contrast(known, cold, s);
    if (below && (!best || below.confidence > best.c.confidence))
      best = { below: buckets[i - 1] + TEMPERATURE_BUCKET, c: below };
    const above = contrast(known, (o) => !cold(o), s);
    if (above && (!best || above.confidence > best.c.confidence)) best = { above: buckets[i], c: above };
  }
  if (!best) return null;
  const { c } = best;
  const side = (o: Opportunity) =>
    best!.below !== undefined ? Number(o.temperature) < best!.below : Number(o.temperature) >= best!.above!;
  return {
    summary: `${best.below !== undefined ? `below ${withUnit(String(best.below), unit)}` : `at ${withUnit(String(best.above), unit)}`} outside${best.above !== undefined ? " or warmer" : ""}: ${words(c)}`,
    confidence: c.confidence,
    support: c.inUsed,
    opportunities: c.inUsed + c.outUsed,
    lift: c.inUsed / c.inAll / Math.max(c.outUsed / c.outAll, 1 / (c.outAll + 1)),
    days: [...new Set(known.filter((o) => o.used && side(o)).map((o) => o.day))].sort(),
    params:
      best.below !== undefined
        ? { context: "temperature_below", belowCelsius: best.below, otherwiseUsed: c.outUsed, otherwise: c.outAll }
        : { context: "temperature_above", aboveCelsius: best.above!, otherwiseUsed: c.outUsed, otherwise: c.outAll },
  };
}
