// An import into days already archived and purged from L1: their archived events come back to L1, merged with the new ones as ingest dedupes, so the layer cycle rolls them up and archives them again.
import type { HomeEvent } from "../core/home-event.js";
import type { LocalTime } from "../core/local-time.js";
import { CARRY_IN_MS } from "../layers/aggregate-kind.js";
import { daysWithEvents } from "../layers/event-days.js";
import { daysReopenedBy } from "../layers/late-event-days.js";
import type { AggregateStore } from "../storage/aggregate-store.js";
import type { ParquetArchive } from "../storage/duckdb/parquet-archive.js";
import type { EventQuery } from "../storage/event-store.js";

export interface ReopenDeps {
  events: {
    query(q: EventQuery): HomeEvent[];
    restoreArchived(events: readonly HomeEvent[]): number;
    deleteMatching(events: readonly HomeEvent[]): number;
  };
  aggregates: Pick<AggregateStore, "dayRecords" | "markRawRestored">;
  archive: Pick<ParquetArchive, "has" | "withDayReader">;
  time: LocalTime;
  today: string;
}

export interface ReopenReport {
  /** Per purged day, the events in L1 the archive already held: duplicates, removed from L1 or replaced. */
  alreadyArchived: Map<string, number>;
  /** Archived days with new events, back in L1 with them: each with its archived events and its newest new event. */
  reopened: { day: string; archived: number; newest: number }[];
  /** Days after a reopened one, rolled up again for the state carried into them (purged ones back in L1). */
  following: string[];
  /** Purged days with new events left as they were, and why. */
  notReopened: { day: string; reason: string }[];
}

/**
 * Finds the purged days that hold events in L1 (this import's, or an earlier stopped one's),
 * drops those the archive already holds, and for a day left with new events puts its archived
 * events back beside them (the archived one wins a tie, as it was stored first), with the purged
 * days around it whose carry-in it reads or changes. Those days are marked not purged, so the
 * layer cycle rolls the reopened days and the days after up, archives them and purges them all again.
 */
export async function reopenArchivedDays(deps: ReopenDeps): Promise<ReopenReport> {
  const { events, aggregates, archive, time, today } = deps;
  const report: ReopenReport = { alreadyArchived: new Map(), reopened: [], following: [], notReopened: [] };
  const purged = new Map(
    aggregates
      .dayRecords()
      .filter((r) => r.rawPurgedAt !== null)
      .map((r) => [r.day, r]),
  );
  if (purged.size === 0) return report;
  const purgedDays = [...purged.keys()].sort();
  const touched = [...daysWithEvents(events, time, purgedDays[0], purgedDays.at(-1)!)].filter((d) => purged.has(d));
  if (touched.length === 0) return report;
  // A day that held events and has no file any more lives on only in its aggregates.
  const lostArchive = (day: string) => (purged.get(day)?.eventCount ?? 0) > 0 && !archive.has(day);

  // One day at a time: a year of archived days is never held in memory at once.
  return archive.withDayReader(async (readDay) => {
    const candidates: { day: string; newest: number }[] = [];
    for (const day of touched) {
      if (lostArchive(day)) {
        report.notReopened.push({ day, reason: "its archive file was removed (storage budget)" });
        continue;
      }
      const { start, end } = time.dayBounds(day);
      const held = events.query({ from: start, to: end });
      const keys = new Set(((await readDay(day)) ?? []).map(keyOf));
      const duplicates = held.filter((e) => keys.has(keyOf(e)));
      if (duplicates.length > 0) report.alreadyArchived.set(day, duplicates.length);
      if (duplicates.length === held.length) {
        events.deleteMatching(duplicates);
        continue;
      }
      const newest = held
        .filter((e) => !keys.has(keyOf(e)))
        .reduce((m, e) => Math.max(m, e.ts), Number.NEGATIVE_INFINITY);
      candidates.push({ day, newest });
    }

    // The days a reopened day reads its carry-in from, and the days after that read theirs from it.
    const around = new Map<string, string[]>();
    const reopenable = candidates.filter((c) => {
      const { start } = time.dayBounds(c.day);
      const before = [...daysWithin(time, start - CARRY_IN_MS, start)];
      const days = [...before, ...daysReopenedBy([c.newest], time, today).filter((d) => d !== c.day)];
      around.set(c.day, days);
      const lost = days.find(lostArchive);
      if (lost)
        report.notReopened.push({ day: c.day, reason: `the archive file of ${lost} was removed (storage budget)` });
      return !lost;
    });

    const reopening = new Set(reopenable.map((c) => c.day));
    const restored = new Set<string>();
    const following = new Set<string>();
    for (const c of reopenable) {
      const archived = (await readDay(c.day)) ?? [];
      events.restoreArchived(archived);
      report.reopened.push({ day: c.day, archived: archived.length, newest: c.newest });
      for (const d of around.get(c.day)!) {
        if (d > c.day && !reopening.has(d)) following.add(d);
        if (!purged.has(d) || reopening.has(d) || restored.has(d)) continue;
        events.restoreArchived((await readDay(d)) ?? []);
        restored.add(d);
      }
    }
    report.following = [...following].sort();
    // Every day whose events are back in L1 is marked so: the days after are rolled up again; the
    // days before, unchanged and clean, are only read for the carry-in, and retention at the end
    // of the cycle purges them all again (a later pass never takes their events for new ones).
    aggregates.markRawRestored([...report.reopened.map((r) => r.day), ...restored]);
    return report;
  });
}

/** Ingest's dedupe key: two events with the same time, entity and state are one. */
function keyOf(e: HomeEvent): string {
  return `${e.ts}|${e.entity}|${e.state}`;
}

/** The local days that overlap [from, to). */
function* daysWithin(time: LocalTime, from: number, to: number): IterableIterator<string> {
  for (let day = time.dayOf(from); time.dayBounds(day).start < to; ) {
    yield day;
    day = time.dayOf(time.dayBounds(day).end);
  }
}
