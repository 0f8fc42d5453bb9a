// L2 daily and L3 period aggregates plus the per-day state of the layers: the storage side of the rollup.

export type DayStatus = "clean" | "dirty";

/** What the layers know about one local day. */
export interface DayRecord {
  day: string;
  /** clean: rolled up and unchanged since; dirty: must be rolled up (again). */
  status: DayStatus;
  rolledUpAt: number | null;
  eventCount: number | null;
  dirtySince: number | null;
  archivedAt: number | null;
  archiveBytes: number | null;
  /** Raw events of the day were purged from L1: the day can never be rolled up again. */
  rawPurgedAt: number | null;
  l2PurgedAt: number | null;
}

export interface AggregateRow<V = unknown> {
  /** Local day (L2) or period (L3). */
  at: string;
  key: string;
  value: V;
}

export interface PeriodRecord {
  kind: string;
  period: string;
  firstDay: string;
  lastDay: string;
  dayCount: number;
  updatedAt: number;
}

export interface RollupRun {
  startedAt: number;
  finishedAt: number;
  reason: string;
  days: string[];
  events: number;
  durationMs: number;
  error?: string;
}

/** A kind's rows of one day as stored: how many, and their encoded bytes (null without rows). */
export interface PackedDay {
  readonly rows: number;
  readonly data: Uint8Array | null;
}

export interface AggregateStore {
  /** Creates the tables of kinds not created by a migration (same shape). */
  ensureKindTables(daily: readonly string[], periodic: readonly string[]): void;
  /** Runs fn in one write transaction: everything it wrote is kept, or nothing is. */
  atomically<T>(fn: () => T): T;

  /** Replaces a kind's rows for one day. */
  replaceDay(kind: string, day: string, rows: ReadonlyMap<string, unknown>): void;
  /**
   * A day's rows of a kind in the form replaceDay stores them, made outside a transaction (a
   * rollup that yields between kinds keeps each kind's rows so, not as their objects).
   */
  packDay(kind: string, rows: ReadonlyMap<string, unknown>): PackedDay;
  /** replaceDay with rows packDay made: the same stored rows. */
  replacePackedDay(kind: string, day: string, packed: PackedDay): void;
  /** A kind's rows over [from, to], ordered by day then key. */
  dayRows<V>(kind: string, from: string, to: string): IterableIterator<AggregateRow<V>>;
  /**
   * dayRows a day at a time: each stored day over [from, to] with its rows by key (in key order),
   * a map made for the caller (a window read keeps it as the day's rows and folds them without a
   * row object each).
   */
  dayRowMaps<V>(kind: string, from: string, to: string): IterableIterator<[day: string, rows: Map<string, V>]>;
  /** Deletes a kind's rows of days before `day`; returns how many went. */
  deleteDaysBefore(kind: string, day: string): number;

  /** Replaces a period kind's rows for one period and records which days it was merged from. */
  replacePeriod(
    kind: string,
    period: string,
    rows: ReadonlyMap<string, unknown>,
    meta: Omit<PeriodRecord, "kind" | "period">,
  ): void;
  periodRows<V>(kind: string, periods: readonly string[]): IterableIterator<AggregateRow<V>>;
  periodRecords(kind: string, periods?: readonly string[]): PeriodRecord[];
  /** Deletes a period kind's rows of periods before `period`; returns how many rows went. */
  deletePeriodsBefore(kind: string, period: string): number;

  dayRecords(from?: string, to?: string): DayRecord[];
  dayRecord(day: string): DayRecord | undefined;
  /** Records a finished rollup of a day; an earlier archive export of it is stale from now on. */
  markRolledUp(day: string, eventCount: number, at: number): void;
  /** Marks days dirty (creating their record when needed); days whose raw events were purged are skipped and returned apart. */
  markDirty(days: readonly string[], at: number): { marked: string[]; purged: string[] };
  /** Records the day's Parquet export, or (null) that its archive file was removed. */
  markArchived(day: string, archive: { bytes: number; at: number } | null): void;
  markRawPurged(days: readonly string[], at: number): void;
  /** The days' raw events are back in L1 (an import reopened them): they can be rolled up and archived again. */
  markRawRestored(days: readonly string[]): void;
  markL2Purged(days: readonly string[], at: number): void;

  logRun(run: RollupRun): void;
  lastRuns(limit: number): RollupRun[];
}
