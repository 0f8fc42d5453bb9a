// Which raised anomalies a planted anomaly explains, and whether it was found under its own kind.
import { addDays, type LocalTime } from "../../src/core/local-time.js";
import type { Anomaly, AnomalyKind } from "../../src/patterns/finding.js";
import type { PlantedAnomaly } from "./truth/ground-truth.js";

const HOUR = 3_600_000;

/** The detector's kind for each planted kind. */
export const FOUND_AS: Record<PlantedAnomaly["kind"], AnomalyKind> = {
  unusual_time: "unusual_time",
  long_on: "unusual_duration",
  missed_routine: "missed_routine",
  activity_high: "activity_high",
  activity_low: "activity_low",
  unavailable: "unavailable",
};

/**
 * A raised anomaly belongs to a planted one when it is on its day (or the next, for what crosses
 * midnight) and names one of its entities, or is of its kind, or falls within its window (from an
 * hour before to three hours after): the consequences of a day trip are part of the day trip.
 */
export function explains(p: PlantedAnomaly, a: Anomaly, time: LocalTime): boolean {
  const day = time.dayOf(a.ts);
  if (day !== p.day && day !== addDays(p.day, 1)) return false;
  if (a.entity !== null && p.entities.includes(a.entity)) return true;
  if (a.kind === FOUND_AS[p.kind]) return true;
  // The nightly pass dates what L2 cannot time (a span on for hours) at the start of its day.
  if (a.details.startKnown === false) return day === p.day;
  return a.ts >= p.start - HOUR && a.ts <= p.end + 3 * HOUR;
}

/** Found: some raised anomaly of the matching kind belongs to it. */
export function found(p: PlantedAnomaly, raised: readonly Anomaly[], time: LocalTime): boolean {
  return raised.some((a) => a.kind === FOUND_AS[p.kind] && explains(p, a, time));
}
