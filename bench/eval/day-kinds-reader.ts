// The evaluation's WindowReader: every L2 kind computed once per simulated day in memory, windows merged from those days.
import type { HomeEvent } from "../../src/core/home-event.js";
import type { LocalTime } from "../../src/core/local-time.js";
import {
  type AggregateKind,
  CARRY_IN_MS,
  type PeriodKind,
  type WindowReader,
} from "../../src/layers/aggregate-kind.js";
import { carryInMap, memoizeArea } from "../../src/layers/day-input-loader.js";
import { mergeDays } from "../../src/layers/merge-rows.js";
import { periodDays, periodsTouching } from "../../src/layers/periods.js";

/**
 * Days are fed in order (addDay); each is rolled up into every kind at once and its events are
 * dropped, so a quarter of simulated home fits in memory. Only the kinds given are served.
 */
export class DayKindsReader implements WindowReader {
  private readonly rows = new Map<string, Map<string, Map<string, unknown>>>();
  private readonly days: string[] = [];
  private readonly lastSeen = new Map<string, HomeEvent>();
  private readonly areaOf: (entity: string) => string | null;

  constructor(
    private readonly kinds: readonly AggregateKind<unknown>[],
    private readonly time: LocalTime,
    areaOf: (entity: string) => string | null,
  ) {
    this.areaOf = memoizeArea(areaOf);
    for (const kind of kinds) this.rows.set(kind.name, new Map());
  }

  /** Rolls up one local day; days must come oldest first without gaps. */
  addDay(day: string, events: readonly HomeEvent[]): void {
    const { start, end } = this.time.dayBounds(day);
    const carryIn = carryInMap([...this.lastSeen.values()].filter((e) => e.ts >= start - CARRY_IN_MS));
    const input = { day, start, end, events, carryIn, time: this.time, areaOf: this.areaOf };
    for (const kind of this.kinds) this.rows.get(kind.name)!.set(day, kind.computeDay(input));
    for (const e of events) this.lastSeen.set(e.entity, e);
    this.days.push(day);
  }

  merged<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, V> {
    return mergeDays(kind, this.byDay(kind, from, to).values());
  }

  byDay<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, Map<string, V>> {
    const table = this.rows.get(kind.name);
    if (!table) throw new Error(`the evaluation reader does not compute ${kind.name}`);
    const out = new Map<string, Map<string, V>>();
    for (const day of this.coveredDays(from, to)) out.set(day, table.get(day) as Map<string, V>);
    return out;
  }

  byPeriod<V>(kind: PeriodKind<V>, from: string, to: string): Map<string, Map<string, V>> {
    const out = new Map<string, Map<string, V>>();
    for (const period of periodsTouching(from, to, kind.period)) {
      const { first, last } = periodDays(period, kind.period);
      const rows = this.byDay(kind.source, first, last);
      if (rows.size > 0) out.set(period, mergeDays(kind.source, rows.values()));
    }
    return out;
  }

  coveredDays(from: string, to: string): string[] {
    return this.days.filter((d) => d >= from && d <= to);
  }

  /** Every day is kept in memory: the same days. */
  rolledUpDays(from: string, to: string): string[] {
    return this.coveredDays(from, to);
  }
}
