// Local wall time of events inside one local day, without an Intl call per event.
import { type LocalTime, weekdayOf } from "../../core/local-time.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Minute of day, hour and hour of week for timestamps of one local day. The zone offset comes
 * from LocalTime's per-quarter-hour cache, so a 200K-event day costs a map lookup per event and
 * a DST day still puts every event in its wall-clock hour (the repeated hour repeats minutes).
 */
export class DayClock {
  readonly weekday: number;

  constructor(
    private readonly time: LocalTime,
    readonly day: string,
  ) {
    this.weekday = weekdayOf(day);
  }

  /** Wall-clock minutes since local midnight, 0..1439. */
  minuteOfDay(ts: number): number {
    const local = ts + this.time.offsetAt(ts);
    return Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
  }

  hour(ts: number): number {
    return Math.floor(this.minuteOfDay(ts) / 60);
  }

  /** 0..167, Monday 00:00 = 0. */
  hourOfWeek(ts: number): number {
    return this.weekday * 24 + this.hour(ts);
  }
}
