// Contextual sun analysis: changes that keep a steady offset from sunset or sunrise while their clock time drifts.
import type { ContextExposureValue } from "../../layers/kinds/contextual-daily.js";
import type { TimeBasedValue } from "../../layers/kinds/time-based-daily.js";
import {
  circularDifference,
  circularMinuteDistance,
  circularPeaks,
  circularSummary,
} from "../scoring/circular-time.js";
import { wilsonLowerBound } from "../scoring/confidence-bounds.js";
import { round3 } from "../scoring/usefulness.js";
import type { Claim } from "./contextual-claim.js";
import type { ContextualSettings } from "./contextual-settings.js";

/** Changes at a steady offset from sunset (or sunrise), where the clock time of the same changes drifts with the sun. */
export function sunClaim(
  key: string,
  timeBased: Map<string, Map<string, TimeBasedValue>>,
  exposure: ContextExposureValue,
  event: "sunset" | "sunrise",
  s: ContextualSettings,
): Claim | null {
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
  const peak = circularPeaks(
    points.map((p) => ring(p.offset)),
    10,
    60,
  )[0];
  if (!peak) return null;
  const hits = new Map<string, { minute: number; offset: number }>();
  for (const p of points) {
    const distance = circularMinuteDistance(ring(p.offset), peak.minute);
    const prev = hits.get(p.day);
    if (distance <= s.sunRadiusMinutes && (!prev || distance < circularMinuteDistance(ring(prev.offset), peak.minute)))
      hits.set(p.day, p);
  }
  if (hits.size < s.minSupport) return null;
  const chosen = [...hits.values()];
  const { centre, spread: sunSpread } = robustTime(chosen.map((p) => ring(p.offset)));
  const offset = Math.round(centre - 720);
  if (Math.abs(offset) > s.maxSunOffsetMinutes) return null;
  // Against the clock's own best cluster (not the same changes, which the sun picked): the sun must
  // hold as many days, tighter.
  const clock = bestClockCluster(points, s.sunRadiusMinutes);
  const clockSpread = clock.spread;
  if (hits.size < clock.days || sunSpread > s.maxSunToClockSpread * clockSpread) return null;
  const confidence = wilsonLowerBound(hits.size, sunDays.length);
  const when = offset === 0 ? `at ${event}` : `${Math.abs(offset)} min ${offset > 0 ? "after" : "before"} ${event}`;
  return {
    summary: `${when} (± ${Math.round(sunSpread)} min, against ± ${Math.round(clockSpread)} min on the clock) on ${hits.size} of ${sunDays.length} days`,
    confidence,
    support: hits.size,
    opportunities: sunDays.length,
    lift: clockSpread / Math.max(1, sunSpread),
    days: [...hits.keys()].sort(),
    params: {
      context: event,
      offsetMinutes: offset,
      spreadMinutes: round3(sunSpread),
      clockSpreadMinutes: round3(clockSpread),
    },
  };
}

/** The best fixed time of day (± radius): the days it holds and the spread of their changes. */
function bestClockCluster(points: { day: string; minute: number }[], radius: number): { days: number; spread: number } {
  let best = { days: 0, spread: 720 };
  for (const peak of circularPeaks(
    points.map((p) => p.minute),
    10,
    60,
  ).slice(0, 4)) {
    const byDay = new Map<string, number>();
    for (const p of points) {
      const d = circularMinuteDistance(p.minute, peak.minute);
      const prev = byDay.get(p.day);
      if (d <= radius && (prev === undefined || d < circularMinuteDistance(prev, peak.minute)))
        byDay.set(p.day, p.minute);
    }
    const spread = robustTime([...byDay.values()]).spread;
    if (byDay.size > best.days || (byDay.size === best.days && spread < best.spread))
      best = { days: byDay.size, spread };
  }
  return best;
}

/**
 * Centre and spread of minutes that a few far ones do not pull: the median and the median absolute
 * deviation around it (scaled to a standard deviation for normal data). On weekdays with nobody home
 * at sunset the light goes on as the first one comes in, up to 40 min later; those days would
 * widen a plain standard deviation around the sun as much as the sun's own drift widens the clock's.
 */
function robustTime(minutes: number[]): { centre: number; spread: number } {
  if (minutes.length === 0) return { centre: 0, spread: 720 };
  const mean = circularSummary(minutes).mean;
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const deviations = minutes.map((m) => circularDifference(mean, m));
  const centre = median(deviations);
  return {
    centre: (((mean + centre) % 1440) + 1440) % 1440,
    spread: 1.4826 * median(deviations.map((d) => Math.abs(d - centre))),
  };
}
