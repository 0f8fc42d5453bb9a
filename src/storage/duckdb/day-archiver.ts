// Exports rolled-up L1 days to the Parquet archive before retention may remove them from L1.
import type { Clock } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import type { LocalTime } from "../../core/local-time.js";
import type { Logger } from "../../core/logger.js";
import type { AggregateStore, DayRecord } from "../aggregate-store.js";
import type { ParquetArchive } from "./parquet-archive.js";

export interface DayArchiverDeps {
  archive: ParquetArchive;
  store: AggregateStore;
  /** L1 events in [from, to), in time order. */
  events: { iterate(from: number, to: number): Iterable<HomeEvent> };
  time: LocalTime;
  clock: Clock;
  logger: Logger;
}

export interface ArchiveReport {
  archived: { day: string; rows: number; bytes: number }[];
  failed: { day: string; error: string }[];
}

export class DayArchiver {
  constructor(private readonly deps: DayArchiverDeps) {}

  /** Days rolled up since their last export (or never exported), with raw events still in L1. */
  daysToArchive(): string[] {
    return this.deps.store
      .dayRecords()
      .filter((r) => needsExport(r))
      .map((r) => r.day);
  }

  /**
   * Lets the event loop run between days (a day's file is written synchronously, ~0.3 s for 50K
   * events), so that a Ctrl-C is heard; once `stop` is aborted no further day is begun (a day not
   * archived keeps its raw events).
   */
  async archivePending(stop?: AbortSignal): Promise<ArchiveReport> {
    const report: ArchiveReport = { archived: [], failed: [] };
    for (const day of this.daysToArchive()) {
      if (stop?.aborted) break;
      try {
        const done = await this.archiveDay(day);
        if (done.rows > 0) report.archived.push({ day, ...done });
      } catch (err) {
        report.failed.push({ day, error: errorMessage(err) });
        this.deps.logger.error("archiving a day failed; its raw events stay in L1", { day, error: errorMessage(err) });
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return report;
  }

  async archiveDay(day: string): Promise<{ rows: number; bytes: number }> {
    const { start, end } = this.deps.time.dayBounds(day);
    const exportedAt = this.deps.clock.now();
    // A day rolled up only for its carry-in holds no events: there is nothing to keep, so no file.
    if (this.deps.store.dayRecord(day)?.eventCount === 0) {
      this.deps.store.markArchived(day, { bytes: 0, at: exportedAt });
      return { rows: 0, bytes: 0 };
    }
    const result = await this.deps.archive.exportDay(day, this.deps.events.iterate(start, end));
    this.deps.store.markArchived(day, { bytes: result.bytes, at: exportedAt });
    return result;
  }
}

function needsExport(r: DayRecord): boolean {
  if (r.rolledUpAt === null || r.rawPurgedAt !== null || r.status !== "clean") return false;
  return r.archivedAt === null;
}
