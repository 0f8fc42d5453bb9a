// When two findings describe the same habit: same type and entities, parameters that overlap.
import { circularMinuteDistance } from "../core/local-time.js";
import type { Finding } from "./finding.js";

/** Below this, two times of day are the same habit even when both spreads are tiny. */
const MIN_TIME_TOLERANCE = 15;
/** Above this, two times of day are different habits however wide their spreads. */
const MAX_TIME_TOLERANCE = 90;

/** Numeric params that are minutes of day: "minute", "minuteOfDay", "startMinute", "endMinuteOfDay". */
const TIME_OF_DAY = /minute(OfDay)?$/i;
/** Numeric params that are hours of day ("fromHour", "toHour"): a room busy 08–11 and 14–20 is two habits. */
const HOUR_OF_DAY = /hour$/i;
/** Text params that only restate a time of day ("06:55"). */
const CLOCK_TEXT = /^\d{1,2}:\d{2}$/;

/**
 * Time-of-day params are compared circularly within the findings' spreads ("spread" or
 * "spreadMinutes" params); other numbers are measured values that drift from run to run and do
 * not separate habits, and clock texts restate them; other strings, booleans and arrays are
 * discrete parameters (state, day type, context) and must be equal.
 */
export function isNearDuplicate(a: Finding, b: Finding): boolean {
  if (a.type !== b.type || a.area !== b.area) return false;
  if (a.entities.length !== b.entities.length || a.entities.some((e, i) => e !== b.entities[i])) return false;
  const tolerance = Math.min(MAX_TIME_TOLERANCE, Math.max(MIN_TIME_TOLERANCE, spreadOf(a) + spreadOf(b)));
  // Compared name by name whatever the type: a generic walk over the params' fields.
  const [pa, pb]: Readonly<Record<string, unknown>>[] = [a.params, b.params];
  for (const name of Object.keys(pa)) {
    if (!(name in pb)) continue;
    const x = pa[name];
    const y = pb[name];
    if (typeof x === "number" && typeof y === "number") {
      if (TIME_OF_DAY.test(name) && circularMinuteDistance(x, y) > tolerance) return false;
      if (HOUR_OF_DAY.test(name) && x % 24 !== y % 24) return false;
      continue;
    }
    if (typeof x === "string" && typeof y === "string" && CLOCK_TEXT.test(x) && CLOCK_TEXT.test(y)) continue;
    if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

function spreadOf(f: Finding): number {
  const s = "spreadMinutes" in f.params ? f.params.spreadMinutes : 0;
  return Number.isFinite(s) ? s : 0;
}

/** Keeps the most useful of each group of near duplicates; the kept one gathers the others' evidence days. */
export function mergeNearDuplicates(findings: readonly Finding[]): Finding[] {
  const kept: Finding[] = [];
  const ordered = [...findings].sort((a, b) => b.usefulness - a.usefulness || (a.key < b.key ? -1 : 1));
  for (const f of ordered) {
    const twin = kept.find((k) => k.key === f.key || isNearDuplicate(k, f));
    if (!twin) {
      kept.push({ ...f, evidence: { ...f.evidence, days: [...f.evidence.days] } });
      continue;
    }
    const days = new Set([...twin.evidence.days, ...f.evidence.days]);
    twin.evidence.days = [...days].sort();
    const merged = new Set([...(Array.isArray(twin.evidence.merged) ? (twin.evidence.merged as string[]) : []), f.key]);
    twin.evidence.merged = [...merged].sort();
  }
  return kept;
}

/**
 * A day_type "shift" finding ("on around 06:45 on weekdays and 08:30 at weekends") says everything
 * the two time_based findings for the same entity and state at those times say: they add nothing
 * but a second and third line about the same habit, so they are left out of the catalog.
 */
export function subsumedByDayType(findings: readonly Finding[]): Set<string> {
  const out = new Set<string>();
  const shifts = findings.flatMap((f) =>
    f.type === "day_type" && f.params.kind === "shift" ? [{ entity: f.entities[0], ...f.params }] : [],
  );
  for (const f of findings) {
    if (f.type !== "time_based") continue;
    const { dayType: group, minuteOfDay: minute } = f.params;
    if (group !== "weekdays" && group !== "weekends") continue;
    const covered = shifts.some((d) => {
      const at = group === "weekdays" ? d.weekdayMinuteOfDay : d.weekendMinuteOfDay;
      return (
        d.entity === f.entities[0] &&
        d.state === f.params.state &&
        circularMinuteDistance(at, minute) <= MIN_TIME_TOLERANCE
      );
    });
    if (covered) out.add(f.key);
  }
  return out;
}
