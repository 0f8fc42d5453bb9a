// L1 in memory: the same contract as SQLite, for tests.
import { compareEvents, domainOf, type HomeEvent } from "../../../src/core/home-event.js";
import type {
  AppendResult,
  CursorStore,
  EventQuery,
  EventStats,
  EventStore,
} from "../../../src/storage/event-store.js";

export class MemoryEventStore implements EventStore {
  private events: HomeEvent[] = [];
  private readonly keys = new Set<string>();
  private readonly newest = new Map<string, number>();
  private sorted = true;

  append(batch: readonly HomeEvent[]): AppendResult {
    let inserted = 0;
    for (const e of batch) {
      const key = `${e.ts}\u0000${e.entity}\u0000${e.state}`;
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      const copy = { ...e };
      delete copy.context; // L1 does not keep context ids, as in SQLite
      const last = this.events[this.events.length - 1];
      if (last && compareEvents(last, copy) > 0) this.sorted = false;
      this.events.push(copy);
      if ((this.newest.get(e.entity) ?? -Infinity) < e.ts) this.newest.set(e.entity, e.ts);
      inserted++;
    }
    return { inserted, duplicates: batch.length - inserted };
  }

  query(q: EventQuery): HomeEvent[] {
    const wanted = q.entities ? new Set(q.entities) : undefined;
    const out = this.ordered().filter(
      (e) =>
        e.ts >= q.from && e.ts < q.to && (!wanted || wanted.has(e.entity)) && (!q.byPerson || e.user !== undefined),
    );
    return (q.limit !== undefined ? out.slice(0, q.limit) : out).map((e) => ({ ...e }));
  }

  lastEventTimes(): Map<string, number> {
    return new Map(this.newest);
  }

  countByHour(from: number, to: number): { hour: number; count: number }[] {
    const counts = new Map<number, number>();
    for (const e of this.events) {
      if (e.ts < from || e.ts >= to) continue;
      const hour = Math.floor(e.ts / 3_600_000) * 3_600_000;
      counts.set(hour, (counts.get(hour) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => a[0] - b[0]).map(([hour, count]) => ({ hour, count }));
  }

  stats(): EventStats {
    const bySource: Record<string, number> = {};
    const byDomain: Record<string, number> = {};
    let oldest: number | null = null;
    let newest: number | null = null;
    for (const e of this.events) {
      bySource[e.source] = (bySource[e.source] ?? 0) + 1;
      const d = domainOf(e.entity);
      byDomain[d] = (byDomain[d] ?? 0) + 1;
      oldest = oldest === null ? e.ts : Math.min(oldest, e.ts);
      newest = newest === null ? e.ts : Math.max(newest, e.ts);
    }
    return { total: this.events.length, oldest, newest, bySource, byDomain };
  }

  countByEntity(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.events) counts[e.entity] = (counts[e.entity] ?? 0) + 1;
    return counts;
  }

  deleteBefore(before: number): number {
    const keep = this.events.filter((e) => e.ts >= before);
    const removed = this.events.length - keep.length;
    for (const e of this.events) if (e.ts < before) this.keys.delete(`${e.ts}\u0000${e.entity}\u0000${e.state}`);
    this.events = keep;
    return removed;
  }

  private ordered(): HomeEvent[] {
    if (!this.sorted) {
      this.events.sort(compareEvents);
      this.sorted = true;
    }
    return this.events;
  }
}

export class MemoryCursorStore implements CursorStore {
  private readonly values = new Map<string, string>();
  get(source: string): string | undefined {
    return this.values.get(source);
  }
  set(source: string, value: string): void {
    this.values.set(source, value);
  }
}
