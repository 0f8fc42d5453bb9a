// Local days and times in the home's time zone: a local day has 23, 24 or 25 hours.

const MINUTE = 60_000;
const BUCKET = 15 * MINUTE; // every real zone changes its offset on a quarter-hour boundary

export interface LocalParts {
  /** "YYYY-MM-DD" of the local day. */
  day: string;
  year: number;
  month: number; // 1-12
  dayOfMonth: number;
  /** 0 = Monday … 6 = Sunday (ISO order, as Home Assistant's weekday conditions). */
  weekday: number;
  hour: number;
  minute: number;
  /** Minutes since local midnight, 0..1439 (wall clock; a repeated DST hour repeats minutes). */
  minuteOfDay: number;
  /** Hour of week 0..167, Monday 00:00 = 0. */
  hourOfWeek: number;
}

/** Converts between epoch milliseconds and local wall time in one IANA zone, with a cache. */
export class LocalTime {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    // Throws RangeError for an unknown zone: config validation relies on that.
    this.formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  static isValidZone(zone: string): boolean {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }

  /** Offset of local time from UTC at ts, in ms (e.g. +3_600_000 for CET). */
  offsetAt(ts: number): number {
    const bucket = Math.floor(ts / BUCKET);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      offset = this.computeOffset(bucket * BUCKET);
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  parts(ts: number): LocalParts {
    const local = new Date(ts + this.offsetAt(ts));
    const year = local.getUTCFullYear();
    const month = local.getUTCMonth() + 1;
    const dayOfMonth = local.getUTCDate();
    const hour = local.getUTCHours();
    const minute = local.getUTCMinutes();
    const weekday = (local.getUTCDay() + 6) % 7;
    return {
      day: formatDay(year, month, dayOfMonth),
      year,
      month,
      dayOfMonth,
      weekday,
      hour,
      minute,
      minuteOfDay: hour * 60 + minute,
      hourOfWeek: weekday * 24 + hour,
    };
  }

  dayOf(ts: number): string {
    return this.parts(ts).day;
  }

  /** Epoch ms of the given local wall time on a day; a time that does not exist (DST gap) moves forward. */
  toEpoch(day: string, minuteOfDay = 0): number {
    const [y, m, d] = parseDay(day);
    const wall = Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE;
    // Two passes settle the offset on either side of a transition.
    let guess = wall - this.offsetAt(wall);
    guess = wall - this.offsetAt(guess);
    const back = guess + this.offsetAt(guess);
    if (back !== wall) {
      // In a DST gap: the wall time does not exist; use the instant after the gap.
      guess = wall - this.offsetAt(guess + 2 * 3_600_000);
    }
    return guess;
  }

  /** [start, end) of a local day in epoch ms; end - start is 23, 24 or 25 hours. */
  dayBounds(day: string): { start: number; end: number } {
    return { start: this.toEpoch(day, 0), end: this.toEpoch(addDays(day, 1), 0) };
  }

  private computeOffset(ts: number): number {
    const p: Record<string, number> = {};
    for (const part of this.formatter.formatToParts(new Date(ts))) {
      if (part.type !== "literal") p[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return asUtc - Math.floor(ts / 1000) * 1000;
  }
}

export function formatDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function parseDay(day: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // 2026-02-30 matches the shape but is no day of the calendar (Date.UTC would roll it to March 2).
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d)
    throw new RangeError(`not a day of the calendar: ${day}`);
  return [y, mo, d];
}

/** Calendar arithmetic on "YYYY-MM-DD" strings, independent of any zone. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = parseDay(day);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return formatDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  const [y1, m1, d1] = parseDay(a);
  const [y2, m2, d2] = parseDay(b);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** 0 = Monday … 6 = Sunday for a calendar day. */
export function weekdayOf(day: string): number {
  const [y, m, d] = parseDay(day);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** Monday of the ISO week that contains the day. */
export function weekStart(day: string): string {
  return addDays(day, -weekdayOf(day));
}

/** "YYYY-MM" of a day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** Circular distance between two minutes of day (23:50 and 00:10 are 20 minutes apart). */
export function circularMinuteDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 1440;
  return Math.min(d, 1440 - d);
}
