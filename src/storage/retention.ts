// Purges each layer past its retention, never raw events that are not yet rolled up and archived.
import type { Clock } from "../core/clock.js";
import { addDays, type LocalTime, monthOf, weekStart } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import { type PeriodUnit, periodDays, periodOf } from "../layers/periods.js";
import type { AggregateStore, DayRecord } from "./aggregate-store.js";
import type { EventStore } from "./event-store.js";

export interface RetentionOptions {
  rawRetentionDays: number;
  dailyRetentionDays: number;
  weeklyRetentionWeeks: number;
}

export interface RetentionDeps {
  events: Pick<EventStore, "deleteBefore" | "query">;
  store: AggregateStore;
  dailyKinds: readonly string[];
  periodKinds: readonly { name: string; period: PeriodUnit }[];
  time: LocalTime;
  clock: Clock;
  logger: Logger;
  options: RetentionOptions;
  /** Closed days still waiting for a rollup: their raw events must stay. */
  pendingDays(): string[];
  /** True when raw days must be in the Parquet archive before they leave L1. */
  archiveRequired: boolean;
  /** Returns free pages to the file system after the deletes. */
  reclaim(): { freedBytes: number };
}

export interface RetentionReport {
  /** L1: events deleted and the days they belonged to. */
  rawEvents: number;
  rawDays: string[];
  /** Raw days past retention that stay because they are not rolled up or not archived yet. */
  rawHeldBack: string[];
  l2Rows: number;
  l2Days: string[];
  l3Rows: number;
  freedBytes: number;
}

export class Retention {
  constructor(private readonly deps: RetentionDeps) {}

  run(): RetentionReport {
    const { store, time, clock, options, events } = this.deps;
    const today = time.dayOf(clock.now());
    const records = store.dayRecords();
    const report: RetentionReport = {
      rawEvents: 0,
      rawDays: [],
      rawHeldBack: [],
      l2Rows: 0,
      l2Days: [],
      l3Rows: 0,
      freedBytes: 0,
    };

    // L1: up to the retention cutoff, but stop at the first day that still needs its raw events.
    const rawCutoff = addDays(today, -options.rawRetentionDays);
    let purgeBefore = rawCutoff;
    const needed = [
      ...this.deps.pendingDays(),
      ...records.filter((r) => this.needsArchive(r)).map((r) => r.day),
    ].sort();
    if (needed.length > 0 && needed[0] < purgeBefore) {
      purgeBefore = needed[0];
      report.rawHeldBack = [...new Set(needed.filter((d) => d < rawCutoff))];
    }
    const oldest = events.query({ from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER, limit: 1 })[0];
    if (oldest && time.dayOf(oldest.ts) < purgeBefore) {
      report.rawEvents = events.deleteBefore(time.toEpoch(purgeBefore, 0));
    }
    report.rawDays = records.filter((r) => r.day < purgeBefore && r.rawPurgedAt === null).map((r) => r.day);
    store.markRawPurged(report.rawDays, clock.now());
    if (report.rawHeldBack.length > 0) {
      this.deps.logger.warn("raw events past retention kept: their days are not rolled up or archived yet", {
        days: report.rawHeldBack,
      });
    }

    // L2: past retention, except the days of L3 periods still being filled (a month needs all its days).
    let l2Cutoff = addDays(today, -options.dailyRetentionDays);
    for (const pk of this.deps.periodKinds) {
      const openFirst = periodDays(periodOf(today, pk.period), pk.period).first;
      if (openFirst < l2Cutoff) l2Cutoff = openFirst;
    }
    for (const kind of this.deps.dailyKinds) report.l2Rows += store.deleteDaysBefore(kind, l2Cutoff);
    report.l2Days = records
      .filter((r) => r.day < l2Cutoff && r.rolledUpAt !== null && r.l2PurgedAt === null)
      .map((r) => r.day);
    store.markL2Purged(report.l2Days, clock.now());

    // L3: whole periods older than the retention.
    const l3Cutoff = addDays(today, -7 * options.weeklyRetentionWeeks);
    for (const pk of this.deps.periodKinds) {
      report.l3Rows += store.deletePeriodsBefore(
        pk.name,
        pk.period === "week" ? weekStart(l3Cutoff) : monthOf(l3Cutoff),
      );
    }

    if (report.rawEvents + report.l2Rows + report.l3Rows > 0) report.freedBytes = this.deps.reclaim().freedBytes;
    return report;
  }

  private needsArchive(r: DayRecord): boolean {
    if (!this.deps.archiveRequired || r.rawPurgedAt !== null || r.rolledUpAt === null) return false;
    return r.archivedAt === null;
  }
}
