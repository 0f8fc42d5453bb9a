// Builds the layer machinery over the opened SQLite stores: app.ts and the CLI call this once.
import path from "node:path";
import type { AppEvents } from "../app-events.js";
import type { Clock } from "../core/clock.js";
import type { TypedBus } from "../core/event-bus.js";
import type { LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import { type AnalyticsLimits, DEFAULT_ANALYTICS_LIMITS } from "../storage/duckdb/analytics-query.js";
import { DayArchiver } from "../storage/duckdb/day-archiver.js";
import { ParquetArchive } from "../storage/duckdb/parquet-archive.js";
import { Retention, type RetentionOptions } from "../storage/retention.js";
import { SqliteAggregateStore } from "../storage/sqlite/sqlite-aggregate-store.js";
import { measureSqlite, reclaimSpace } from "../storage/sqlite/sqlite-space.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import { StorageBudget } from "../storage/storage-budget.js";
import { StorageGuard } from "../storage/storage-guard.js";
import { type LayerSummary, StorageReporter } from "../storage/storage-report.js";
import type { AggregateKind, PeriodKind } from "./aggregate-kind.js";
import { IsolatedAnalytics } from "./isolated-analytics.js";
import { LayerCycle } from "./layer-cycle.js";
import { LayerScheduler } from "./layer-scheduler.js";
import { Rollup } from "./rollup.js";
import { StoredWindowReader } from "./stored-window-reader.js";

export interface LayerServicesDeps {
  stores: Pick<SqliteStores, "db" | "file" | "events" | "registry">;
  /** Archive files go to <dataDir>/archive. */
  dataDir: string;
  kinds: readonly AggregateKind<unknown>[];
  periodKinds: readonly PeriodKind<unknown>[];
  time: LocalTime;
  clock: Clock;
  /** Real time, for rate-limited log lines; the clock by default. */
  wallClock?: Clock;
  logger: Logger;
  bus?: TypedBus<AppEvents>;
  options: {
    raw_retention_days: number;
    daily_retention_days: number;
    weekly_retention_weeks: number;
    storage_budget_mb: number;
  };
  schedule?: { graceMs?: number; lateEventsDelayMs?: number };
  analyticsLimits?: Partial<AnalyticsLimits>;
  /** Layers owned elsewhere (the L4 catalog) that /api/storage lists after these. */
  extraLayers?: () => LayerSummary[];
  /** Bytes per table for the report, measured off the event loop (TableSizes); default dbstat in-process. */
  tableSizes?: () => Map<string, number> | null;
  /** Told how long each scheduled cycle that rolled something up took, and why it failed (self-watching, metrics). */
  onCycle?: (durationMs: number, error?: string) => void;
}

export type LayerServices = ReturnType<typeof createLayerServices>;

export function createLayerServices(deps: LayerServicesDeps) {
  const { stores, time, clock, bus } = deps;
  const logger = deps.logger.child("layers");
  const aggregates = new SqliteAggregateStore(stores.db);
  const rollup = new Rollup({
    events: stores.events,
    store: aggregates,
    kinds: deps.kinds,
    periodKinds: deps.periodKinds,
    time,
    areaOf: (entity) => stores.registry.areaOf(entity),
    clock,
    logger,
    bus,
  });
  const dailyKinds = rollup.dailyKinds.map((k) => k.name);
  const periodKinds = deps.periodKinds.map((k) => ({ name: k.name, period: k.period }));
  const reader = new StoredWindowReader(aggregates);
  const archive = new ParquetArchive(path.join(deps.dataDir, "archive"));
  const archiver = new DayArchiver({ archive, store: aggregates, events: stores.events, time, clock, logger });
  const reclaim = () => reclaimSpace(stores.db);
  const retentionOptions: RetentionOptions = {
    rawRetentionDays: deps.options.raw_retention_days,
    dailyRetentionDays: deps.options.daily_retention_days,
    weeklyRetentionWeeks: deps.options.weekly_retention_weeks,
  };
  const pendingDays = () => rollup.pendingDays();
  const retention = new Retention({
    events: stores.events,
    store: aggregates,
    dailyKinds,
    periodKinds,
    time,
    clock,
    logger,
    options: retentionOptions,
    pendingDays,
    archiveRequired: true,
    reclaim,
  });
  const budget = new StorageBudget({
    budgetBytes: deps.options.storage_budget_mb * 1024 * 1024,
    measureSqlite: () => measureSqlite(stores.db, stores.file),
    reclaim,
    archive,
    store: aggregates,
    events: stores.events,
    dailyKinds,
    pendingDays,
    time,
    clock,
    logger,
    bus,
  });
  const guard = new StorageGuard({ budget, clock, wallClock: deps.wallClock, logger, bus });
  const cycle = new LayerCycle({ rollup, archiver, retention, budget, clock, logger });
  const scheduler = new LayerScheduler({
    clock,
    time,
    logger,
    cycle: async (reason) => {
      const t0 = performance.now();
      const report = await cycle.run(reason);
      const failed = [...report.rollup.failed.map((f) => `${f.day}: ${f.error}`), ...report.errors];
      // A cycle with nothing to roll up takes no time and would make every real one look slow.
      if (report.rollup.rolledUp.length + report.rollup.failed.length > 0 || failed.length > 0)
        deps.onCycle?.(performance.now() - t0, failed.length > 0 ? failed.join("; ") : undefined);
    },
    // L1 grows all day: check the budget hourly, not only after the nightly rollup.
    periodic: { everyMs: 3_600_000, run: () => void budget.enforce() },
    ...deps.schedule,
  });
  const reporter = new StorageReporter({
    db: stores.db,
    store: aggregates,
    archive,
    budget,
    guardState: () => guard.state(),
    dailyKinds,
    periodKinds: periodKinds.map((k) => k.name),
    retention: retentionOptions,
    pendingDays,
    nextRollupAt: () => scheduler.nextRunAt(),
    extraLayers: deps.extraLayers,
    tableSizes: deps.tableSizes,
    time,
    clock,
  });
  const limits = { ...DEFAULT_ANALYTICS_LIMITS, ...deps.analyticsLimits };
  const analytics = new IsolatedAnalytics({
    job: () => ({
      dbFile: stores.file,
      archiveDir: archive.dir,
      timeZone: time.timeZone,
      now: clock.now(),
      dailyKinds,
      periodKinds: periodKinds.map((k) => k.name),
    }),
    dailyKinds,
    periodKinds: periodKinds.map((k) => k.name),
    limits,
    // Rows the child skipped count with the service's own (the store's counter, in /api/health).
    onSkippedRows: (rows) => stores.events.dangling.skippedOnRead(rows),
  });

  return {
    aggregates,
    rollup,
    reader,
    archive,
    archiver,
    retention,
    budget,
    guard,
    cycle,
    scheduler,
    reporter,
    analytics,
    /**
     * Ingest calls this with the times of every committed batch's events: late ones re-open their
     * days. Days never rolled up (history stored at start: the demo's backfill, a first import,
     * Home Assistant's catch-up) are no news: only days rolled up before are said to be re-opened.
     */
    markDirtyTimes(times: Iterable<number>): string[] {
      const marked = rollup.markDirtyTimes(times);
      if (marked.length === 0) return marked;
      // Marking keeps rolledUpAt: it still tells the days rolled up before from the new ones.
      const reopened = marked.filter((day) => aggregates.dayRecord(day)?.rolledUpAt != null);
      const firstTime = marked.filter((day) => !reopened.includes(day));
      if (reopened.length > 0) logger.info("late events re-opened days already rolled up", { days: reopened });
      if (firstTime.length > 0) logger.debug("days of stored history wait for their first rollup", { days: firstTime });
      scheduler.lateEventsArrived();
      return marked;
    },
    markDirty(days: readonly string[]): string[] {
      const marked = rollup.markDirty(days);
      if (marked.length > 0) scheduler.lateEventsArrived();
      return marked;
    },
    /** Runs fn with no layer cycle running meanwhile. */
    exclusive: <T>(fn: () => Promise<T>) => scheduler.exclusive(fn),
    /** Catches up on every closed day not yet clean, then runs nightly. */
    start: () => scheduler.start(),
    async stop(): Promise<void> {
      scheduler.stop();
      await scheduler.idle();
    },
  };
}
