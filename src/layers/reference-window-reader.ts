// The naive path: every window computed straight from L1 raw events. Tests compare it with the
// L2/L3 path, and the benchmark uses it as the baseline the layers must beat.
import type { Clock } from "../core/clock.js";
import type { HomeEvent } from "../core/home-event.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import type { EventStore } from "../storage/event-store.js";
import {
  type AggregateKind,
  CARRY_IN_MS,
  type DayInput,
  type PeriodKind,
  type WindowReader,
} from "./aggregate-kind.js";
import { carryInMap, memoizeArea } from "./day-input-loader.js";
import { mergeDays } from "./merge-rows.js";
import { daysInRange, periodDays, periodsTouching } from "./periods.js";

export interface ReferenceReaderDeps {
  events: EventStore;
  time: LocalTime;
  clock: Clock;
  areaOf(entity: string): string | null;
}

export class ReferenceWindowReader implements WindowReader {
  constructor(private readonly deps: ReferenceReaderDeps) {}

  merged<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, V> {
    return mergeDays(kind, this.computeDays(kind, this.coveredDays(from, to)).values());
  }

  byDay<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, Map<string, V>> {
    return this.computeDays(kind, this.coveredDays(from, to));
  }

  byPeriod<V>(kind: PeriodKind<V>, from: string, to: string): Map<string, Map<string, V>> {
    const out = new Map<string, Map<string, V>>();
    for (const period of periodsTouching(from, to, kind.period)) {
      const { first, last } = periodDays(period, kind.period);
      const days = this.coveredDays(first, last);
      if (days.length > 0) out.set(period, mergeDays(kind.source, this.computeDays(kind.source, days).values()));
    }
    return out;
  }

  /** Computed from raw events, nothing is ever purged: the same days. */
  rolledUpDays(from: string, to: string): string[] {
    return this.coveredDays(from, to);
  }

  /** Closed days from the first day L1 has events for. */
  coveredDays(from: string, to: string): string[] {
    const { events, time, clock } = this.deps;
    const oldest = events.query({ from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER, limit: 1 })[0];
    if (!oldest) return [];
    const first = time.dayOf(oldest.ts);
    const lastClosed = addDays(time.dayOf(clock.now()), -1);
    const lo = from > first ? from : first;
    const hi = to < lastClosed ? to : lastClosed;
    return lo > hi ? [] : daysInRange(lo, hi);
  }

  /**
   * Each kind's rows for each of the consecutive `days`, straight from raw events: every event
   * is read once, one day in memory at a time, and every kind is computed from that one read.
   */
  computeAll(
    kinds: readonly AggregateKind<unknown>[],
    days: readonly string[],
  ): Map<string, Map<string, Map<string, unknown>>> {
    const out = new Map<string, Map<string, Map<string, unknown>>>(kinds.map((k) => [k.name, new Map()]));
    if (days.length === 0) return out;
    const { time, events } = this.deps;
    const areaOf = memoizeArea(this.deps.areaOf);
    const lastSeen = new Map<string, HomeEvent>();
    const firstStart = time.dayBounds(days[0]).start;
    for (const e of events.query({ from: firstStart - CARRY_IN_MS, to: firstStart })) lastSeen.set(e.entity, e);
    for (const day of days) {
      const { start, end } = time.dayBounds(day);
      // The newest event before the day is the carry-in unless it is older than the look-back.
      const carryIn = carryInMap([...lastSeen.values()].filter((e) => e.ts >= start - CARRY_IN_MS));
      const dayEvents = events.query({ from: start, to: end });
      const input: DayInput = { day, start, end, events: dayEvents, carryIn, time, areaOf };
      for (const kind of kinds) out.get(kind.name)!.set(day, kind.computeDay(input));
      for (const e of dayEvents) lastSeen.set(e.entity, e);
    }
    return out;
  }

  private computeDays<V>(kind: AggregateKind<V>, days: readonly string[]): Map<string, Map<string, V>> {
    return this.computeAll([kind as AggregateKind<unknown>], days).get(kind.name) as Map<string, Map<string, V>>;
  }
}
