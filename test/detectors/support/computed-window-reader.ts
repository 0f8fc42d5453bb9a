// A WindowReader for detector tests: computes the aggregate kinds from hand-built or simulated events.
import { compareEvents, type HomeEvent } from "../../../src/core/home-event.js";
import { addDays, monthOf, weekStart, type LocalTime } from "../../../src/core/local-time.js";
import { CARRY_IN_MS, type AggregateKind, type DayInput, type PeriodKind, type WindowReader } from "../../../src/layers/aggregate-kind.js";

/** Computes each kind's rows per day on first use; windows are merges of those days. */
export class ComputedWindowReader implements WindowReader {
  private readonly byDayEvents = new Map<string, HomeEvent[]>();
  private readonly cache = new Map<string, Map<string, Map<string, unknown>>>();
  private readonly inputs = new Map<string, DayInput>();
  private readonly allEvents: HomeEvent[];

  constructor(
    events: readonly HomeEvent[],
    private readonly time: LocalTime,
    private readonly areaOf: (entity: string) => string | null,
    /** Days that count as rolled up; default every day from the first to the last event's day. */
    private readonly days?: string[],
  ) {
    this.allEvents = [...events].sort(compareEvents);
    for (const e of this.allEvents) {
      const day = time.dayOf(e.ts);
      let list = this.byDayEvents.get(day);
      if (!list) this.byDayEvents.set(day, (list = []));
      list.push(e);
    }
  }

  coveredDays(from: string, to: string): string[] {
    const known = this.days ?? this.spanOfEvents();
    return known.filter((d) => d >= from && d <= to).sort();
  }

  byDay<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, Map<string, V>> {
    const out = new Map<string, Map<string, V>>();
    for (const day of this.coveredDays(from, to)) out.set(day, this.rows(kind, day));
    return out;
  }

  merged<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, V> {
    const out = new Map<string, V>();
    for (const rows of this.byDay(kind, from, to).values()) {
      for (const [key, value] of rows) {
        const before = out.get(key);
        out.set(key, before === undefined ? value : kind.merge(before, value));
      }
    }
    return out;
  }

  byPeriod<V>(kind: PeriodKind<V>, from: string, to: string): Map<string, Map<string, V>> {
    const periodOf = (day: string) => (kind.period === "week" ? weekStart(day) : monthOf(day));
    const out = new Map<string, Map<string, V>>();
    for (const [day, rows] of this.byDay(kind.source, from, to)) {
      const period = periodOf(day);
      let merged = out.get(period);
      if (!merged) out.set(period, (merged = new Map()));
      for (const [key, value] of rows) {
        const before = merged.get(key);
        merged.set(key, before === undefined ? value : kind.source.merge(before, value));
      }
    }
    return out;
  }

  /** The DayInput a rollup would build for a day (exposed for kind-level checks). */
  dayInput(day: string): DayInput {
    const known = this.inputs.get(day);
    if (known) return known;
    const { start, end } = this.time.dayBounds(day);
    const carryIn = new Map<string, HomeEvent>();
    for (const e of this.allEvents) {
      if (e.ts >= start) break;
      if (e.ts >= start - CARRY_IN_MS) carryIn.set(e.entity, e);
    }
    const input = { day, start, end, events: this.byDayEvents.get(day) ?? [], carryIn, time: this.time, areaOf: this.areaOf };
    this.inputs.set(day, input);
    return input;
  }

  private rows<V>(kind: AggregateKind<V>, day: string): Map<string, V> {
    let perKind = this.cache.get(kind.name);
    if (!perKind) this.cache.set(kind.name, (perKind = new Map()));
    let rows = perKind.get(day);
    if (!rows) perKind.set(day, (rows = kind.computeDay(this.dayInput(day)) as Map<string, unknown>));
    return rows as Map<string, V>;
  }

  private spanOfEvents(): string[] {
    const days = [...this.byDayEvents.keys()].sort();
    if (days.length === 0) return [];
    const out: string[] = [];
    for (let d = days[0]; d <= days[days.length - 1]; d = addDays(d, 1)) out.push(d);
    return out;
  }
}
