// What /api/storage shows: per layer rows, bytes, oldest and newest day, retention, budget use, last rollup.
import type { Clock } from "../core/clock.js";
import type { LocalTime } from "../core/local-time.js";
import type { AggregateStore } from "./aggregate-store.js";
import type { ParquetArchive } from "./duckdb/parquet-archive.js";
import type { RetentionOptions } from "./retention.js";
import { checkTableName } from "./sqlite/sqlite-aggregate-store.js";
import type { SqliteDb } from "./sqlite/sqlite-database.js";
import { tableBytes } from "./sqlite/sqlite-space.js";
import type { BudgetState, StorageBudget } from "./storage-budget.js";
import type { GuardState } from "./storage-guard.js";

/** One layer as the panel's storage view lists it. */
export interface LayerSummary {
  /** "L1 raw events", "L2 daily aggregates", "L3 weekly and monthly", "archive (Parquet)". */
  name: string;
  rows: number;
  /** On disk, tables with their indexes (0 when this SQLite has no dbstat to measure with). */
  bytes: number;
  oldestDay: string | null;
  newestDay: string | null;
  /** How long the layer keeps data, in days; null when it is kept by another rule (the budget). */
  retentionDays: number | null;
  /** How the layer is kept, in words. */
  retention: string;
  tables?: { name: string; rows: number; bytes: number }[];
}

export interface StorageReport {
  layers: LayerSummary[];
  budget: {
    usedBytes: number;
    budgetBytes: number;
    state: BudgetState;
    usedPercent: number;
    sqliteBytes: number;
    walBytes: number;
    archiveBytes: number;
    /** False when this SQLite cannot measure tables (dbstat) and layer bytes are 0. */
    measuredPerTable: boolean;
  };
  guard: GuardState;
  /** `today`: the home's day now, which a layer's newestDay may be while it is still under way. */
  days: { pending: string[]; dirty: string[]; rolledUp: number; today: string };
  /** The last rollup run: when it finished (epoch ms), the days it rolled up, how long it took. */
  lastRollup: { at: number; days: string[]; durationMs: number; reason: string; events: number; error?: string } | null;
  nextRollupAt: number | null;
}

export interface StorageReportDeps {
  db: SqliteDb;
  store: AggregateStore;
  archive: ParquetArchive;
  budget: StorageBudget;
  guardState(): GuardState;
  dailyKinds: readonly string[];
  periodKinds: readonly string[];
  retention: RetentionOptions;
  pendingDays(): string[];
  nextRollupAt(): number | null;
  time: LocalTime;
  clock: Clock;
  /** Further layers owned by others (the L4 pattern catalog), listed after these. */
  extraLayers?: () => LayerSummary[];
  /** How long measured table sizes are reused (dbstat reads every page). Default 60 s. */
  sizeCacheMs?: number;
  /** Bytes per table; default dbstat in-process, cached sizeCacheMs (the service measures in a worker). */
  tableSizes?: () => Map<string, number> | null;
}

export class StorageReporter {
  private sizes: { at: number; bytes: Map<string, number> | null } | null = null;

  constructor(private readonly deps: StorageReportDeps) {}

  report(): StorageReport {
    const { db, store, archive, budget, time, retention } = this.deps;
    const usage = budget.usage();
    const bytes = this.tableSizes();
    const sizeOf = (names: readonly string[]) => (bytes ? names.reduce((n, t) => n + (bytes.get(t) ?? 0), 0) : 0);
    // A kind's table holds one packed blob per day or period; its rows are the keys inside them.
    const packedRows = (table: string) =>
      (db.prepare(`SELECT coalesce(sum(rows), 0) AS n FROM ${checkTableName(table)}`).get() as { n: number }).n;
    const tables = (names: readonly string[]) =>
      names.map((name) => ({ name, rows: packedRows(name), bytes: sizeOf([name]) }));

    const span = db
      .prepare("SELECT (SELECT min(ts) FROM events) AS oldest, (SELECT max(ts) FROM events) AS newest")
      .get() as {
      oldest: number | null;
      newest: number | null;
    };
    const raw: LayerSummary = {
      name: "L1 raw events",
      // Kept per hour by triggers (migration 0006): count(*) would read every L1 row.
      rows: (db.prepare("SELECT coalesce(sum(n), 0) AS n FROM event_counts").get() as { n: number }).n,
      bytes: sizeOf(["events", "entities", "states", "sources", "users", "contexts"]),
      oldestDay: span.oldest === null ? null : time.dayOf(span.oldest),
      newestDay: span.newest === null ? null : time.dayOf(span.newest),
      retentionDays: retention.rawRetentionDays,
      retention: `${retention.rawRetentionDays} days, and only once rolled up and archived`,
    };

    const records = store.dayRecords();
    const covered = records.filter((r) => r.rolledUpAt !== null && r.l2PurgedAt === null).map((r) => r.day);
    const dailyTables = tables(this.deps.dailyKinds);
    const daily: LayerSummary = {
      name: "L2 daily aggregates",
      rows: dailyTables.reduce((n, t) => n + t.rows, 0),
      bytes: sizeOf(this.deps.dailyKinds),
      oldestDay: covered[0] ?? null,
      newestDay: covered[covered.length - 1] ?? null,
      retentionDays: retention.dailyRetentionDays,
      retention: `${retention.dailyRetentionDays} days, and whole weeks and months while they are being filled`,
      tables: dailyTables,
    };

    const periodRecords = this.deps.periodKinds.flatMap((k) => store.periodRecords(k));
    const firstDays = periodRecords.map((p) => p.firstDay).sort();
    const lastDays = periodRecords.map((p) => p.lastDay).sort();
    const periodTables = tables(this.deps.periodKinds);
    const periodic: LayerSummary = {
      name: "L3 weekly and monthly",
      rows: periodTables.reduce((n, t) => n + t.rows, 0),
      bytes: sizeOf(this.deps.periodKinds),
      oldestDay: firstDays[0] ?? null,
      newestDay: lastDays[lastDays.length - 1] ?? null,
      retentionDays: retention.weeklyRetentionWeeks * 7,
      retention: `${retention.weeklyRetentionWeeks} weeks`,
      tables: periodTables,
    };

    const files = archive.list();
    const archived: LayerSummary = {
      name: "archive (Parquet)",
      rows: files.length,
      bytes: usage.archiveBytes,
      oldestDay: files[0]?.day ?? null,
      newestDay: files[files.length - 1]?.day ?? null,
      retentionDays: null,
      retention: "one file per day, the oldest removed first when near the storage budget",
    };

    const run = store.lastRuns(1)[0];
    return {
      layers: [raw, daily, periodic, archived, ...(this.deps.extraLayers?.() ?? [])],
      budget: {
        usedBytes: usage.usedBytes,
        budgetBytes: usage.budgetBytes,
        state: usage.state,
        usedPercent: Math.round((usage.usedBytes / usage.budgetBytes) * 1000) / 10,
        sqliteBytes: usage.sqliteBytes,
        walBytes: usage.walBytes,
        archiveBytes: usage.archiveBytes,
        measuredPerTable: bytes !== null,
      },
      guard: this.deps.guardState(),
      days: {
        pending: this.deps.pendingDays(),
        dirty: records.filter((r) => r.status === "dirty").map((r) => r.day),
        rolledUp: covered.length,
        today: time.dayOf(this.deps.clock.now()),
      },
      lastRollup: run
        ? {
            at: run.finishedAt,
            days: run.days,
            durationMs: run.durationMs,
            reason: run.reason,
            events: run.events,
            ...(run.error ? { error: run.error } : {}),
          }
        : null,
      nextRollupAt: this.deps.nextRollupAt(),
    };
  }

  private tableSizes(): Map<string, number> | null {
    if (this.deps.tableSizes) return this.deps.tableSizes();
    const now = this.deps.clock.now();
    if (!this.sizes || now - this.sizes.at > (this.deps.sizeCacheMs ?? 60_000)) {
      this.sizes = { at: now, bytes: tableBytes(this.deps.db) };
    }
    return this.sizes.bytes;
  }
}
