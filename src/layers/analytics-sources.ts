// What the analytics views read from the SQLite stores: L1 events not yet archived and the L2/L3 rows.
import type { HomeEvent } from "../core/home-event.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import type { AnalyticsSources } from "../storage/duckdb/analytics-query.js";
import type { ParquetArchive } from "../storage/duckdb/parquet-archive.js";
import type { SqliteAggregateStore } from "../storage/sqlite/sqlite-aggregate-store.js";
import type { SqliteEventStore } from "../storage/sqlite/sqlite-event-store.js";
import { daysWithEvents } from "./event-days.js";

export interface AnalyticsSourcesDeps {
  events: SqliteEventStore;
  aggregates: SqliteAggregateStore;
  archive: ParquetArchive;
  time: LocalTime;
  now: () => number;
  dailyKinds: readonly string[];
  periodKinds: readonly string[];
}

export function analyticsSources(deps: AnalyticsSourcesDeps): AnalyticsSources {
  return {
    archive: deps.archive,
    unarchivedEvents: (archived) => unarchivedEvents(deps, archived),
    dailyKinds: deps.dailyKinds,
    periodKinds: deps.periodKinds,
    aggregateRows: (kind) => aggregateRows(deps.aggregates, kind, deps.dailyKinds.includes(kind)),
  };
}

/** L1 events of days without an archive file, from the oldest such day to now, with their local day. */
function* unarchivedEvents(
  { events, time, now }: AnalyticsSourcesDeps,
  archived: ReadonlySet<string>,
): IterableIterator<{ day: string; event: HomeEvent }> {
  const oldest = events.query({ from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER, limit: 1 })[0];
  if (!oldest) return;
  const today = time.dayOf(now());
  for (const day of daysWithEvents(events, time, time.dayOf(oldest.ts), today)) {
    if (archived.has(day)) continue;
    const { start, end } = time.dayBounds(day);
    for (const event of events.iterate(start, end)) yield { day, event };
  }
  // Events stamped in the future (a clock off on some device) are still L1 events.
  const tomorrow = time.dayBounds(addDays(today, 1)).start;
  for (const event of events.iterate(tomorrow, Number.MAX_SAFE_INTEGER)) yield { day: time.dayOf(event.ts), event };
}

function* aggregateRows(
  store: SqliteAggregateStore,
  kind: string,
  daily: boolean,
): IterableIterator<[string, string, string]> {
  if (daily) {
    for (const r of store.dayRows(kind, "0000-00-00", "9999-99-99")) yield [r.at, r.key, JSON.stringify(r.value)];
  } else {
    const periods = store.periodRecords(kind).map((p) => p.period);
    for (const r of store.periodRows(kind, periods)) yield [r.at, r.key, JSON.stringify(r.value)];
  }
}
