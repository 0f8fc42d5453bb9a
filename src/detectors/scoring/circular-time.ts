// Statistics on minutes of day as angles: 23:50 and 00:10 are 20 minutes apart, not 1420.
import { circularMinuteDistance } from "../../core/local-time.js";

const DAY_MINUTES = 1440;
const TO_RADIANS = (2 * Math.PI) / DAY_MINUTES;

export interface CircularSummary {
  /** Mean minute of day, 0..1439 (rounded). */
  mean: number;
  /** Circular standard deviation in minutes. */
  spread: number;
  /** Mean resultant length 0..1: 1 when every point is the same minute. */
  concentration: number;
}

/** Circular mean and spread of minutes of day, optionally weighted. */
export function circularSummary(minutes: readonly number[], weights?: readonly number[]): CircularSummary {
  let sin = 0;
  let cos = 0;
  let total = 0;
  minutes.forEach((m, i) => {
    const w = weights ? weights[i] : 1;
    sin += w * Math.sin(m * TO_RADIANS);
    cos += w * Math.cos(m * TO_RADIANS);
    total += w;
  });
  if (total <= 0) return { mean: 0, spread: DAY_MINUTES / 2, concentration: 0 };
  const r = Math.min(1, Math.hypot(sin, cos) / total);
  const angle = Math.atan2(sin, cos);
  const mean = Math.round((((angle / TO_RADIANS) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES) % DAY_MINUTES;
  const spread = r >= 1 ? 0 : r <= 0 ? DAY_MINUTES / 2 : Math.sqrt(-2 * Math.log(r)) / TO_RADIANS;
  return { mean, spread, concentration: r };
}

/** Signed circular difference b - a in minutes, in (-720, 720]. */
export function circularDifference(a: number, b: number): number {
  let d = (((b - a) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  if (d > DAY_MINUTES / 2) d -= DAY_MINUTES;
  return d;
}

export { circularMinuteDistance };

/** The value among `minutes` closest to `centre` on the circle, or null when none lies within `radius`. */
export function nearestMinute(minutes: readonly number[], centre: number, radius: number): number | null {
  let best: number | null = null;
  let bestDistance = Infinity;
  for (const m of minutes) {
    const d = circularMinuteDistance(m, centre);
    if (d <= radius && d < bestDistance) {
      best = m;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Peaks of a circular density of minutes of day: each point is spread with a Gaussian kernel of
 * `bandwidth` minutes, and local maxima at least `minSeparation` apart are returned, strongest first.
 */
export function circularPeaks(
  points: readonly number[],
  bandwidth: number,
  minSeparation: number,
): { minute: number; density: number }[] {
  if (points.length === 0) return [];
  const density = new Float64Array(DAY_MINUTES);
  const reach = Math.ceil(3 * bandwidth);
  const kernel = new Float64Array(2 * reach + 1);
  for (let k = -reach; k <= reach; k++) kernel[k + reach] = Math.exp(-(k * k) / (2 * bandwidth * bandwidth));
  const counts = new Float64Array(DAY_MINUTES);
  for (const p of points) counts[((Math.round(p) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES] += 1;
  for (let m = 0; m < DAY_MINUTES; m++) {
    if (counts[m] === 0) continue;
    for (let k = -reach; k <= reach; k++) density[(m + k + DAY_MINUTES) % DAY_MINUTES] += counts[m] * kernel[k + reach];
  }
  const maxima: { minute: number; density: number }[] = [];
  for (let m = 0; m < DAY_MINUTES; m++) {
    const v = density[m];
    if (v <= 0) continue;
    const before = density[(m - 1 + DAY_MINUTES) % DAY_MINUTES];
    const after = density[(m + 1) % DAY_MINUTES];
    // A plateau counts once, at its first minute.
    if (v > before && v >= after) maxima.push({ minute: m, density: v });
  }
  maxima.sort((a, b) => b.density - a.density || a.minute - b.minute);
  const kept: { minute: number; density: number }[] = [];
  for (const peak of maxima) {
    if (kept.every((k) => circularMinuteDistance(k.minute, peak.minute) >= minSeparation)) kept.push(peak);
  }
  return kept;
}

/** "06:55" for a minute of day. */
export function formatMinuteOfDay(minute: number): string {
  const m = ((Math.round(minute) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}
