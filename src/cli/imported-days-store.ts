// An import's L1 writes: each batch stored day by day, noting which days got new events and marking them dirty in the same transaction.
import type { Clock } from "../core/clock.js";
import type { HomeEvent } from "../core/home-event.js";
import type { LocalTime } from "../core/local-time.js";
import { daysReopenedBy } from "../layers/late-event-days.js";
import type { AggregateStore } from "../storage/aggregate-store.js";
import type { AppendResult, EventStore } from "../storage/event-store.js";

export interface ImportedDaysDeps {
  events: EventStore;
  aggregates: Pick<AggregateStore, "atomically" | "markDirty">;
  time: LocalTime;
  clock: Clock;
}

export interface ImportedDays {
  /** The store to hand to ingest. */
  store: EventStore;
  /** Each local day that got new events, with the newest time among the events offered for it. */
  newestPerDay: Map<string, number>;
}

/**
 * Only days that got new events are rolled up again, so importing a file a second time changes
 * nothing. Their dirty mark is stored with the events: an import stopped by a full disk before its
 * rollup leaves them dirty, and the rerun (which finds them all stored) still rolls them up.
 */
export function trackImportedDays(deps: ImportedDaysDeps): ImportedDays {
  const { events, aggregates, time, clock } = deps;
  const newestPerDay = new Map<string, number>();
  const append = (batch: readonly HomeEvent[]): AppendResult => {
    const byDay = new Map<string, HomeEvent[]>();
    for (const e of batch) {
      const day = time.dayOf(e.ts);
      const list = byDay.get(day);
      if (list) list.push(e);
      else byDay.set(day, [e]);
    }
    const noted = new Map<string, number>();
    const result = aggregates.atomically(() => {
      let inserted = 0;
      for (const [day, dayEvents] of byDay) {
        const r = events.append(dayEvents);
        inserted += r.inserted;
        if (r.inserted > 0)
          noted.set(
            day,
            dayEvents.reduce((max, e) => Math.max(max, e.ts), Number.NEGATIVE_INFINITY),
          );
      }
      aggregates.markDirty(daysReopenedBy(noted.values(), time, time.dayOf(clock.now())), clock.now());
      return { inserted, duplicates: batch.length - inserted };
    });
    for (const [day, ts] of noted)
      if ((newestPerDay.get(day) ?? Number.NEGATIVE_INFINITY) < ts) newestPerDay.set(day, ts);
    return result;
  };
  return { store: { ...bindAll(events), append }, newestPerDay };
}

/** The store's methods, callable apart from it. */
function bindAll(events: EventStore): EventStore {
  return {
    append: (batch) => events.append(batch),
    query: (q) => events.query(q),
    lastEventTimes: () => events.lastEventTimes(),
    countByHour: (from, to) => events.countByHour(from, to),
    stats: () => events.stats(),
    countByEntity: () => events.countByEntity(),
    deleteBefore: (before) => events.deleteBefore(before),
  };
}
