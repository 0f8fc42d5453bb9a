// What /api/storage shows: per layer rows, bytes, oldest and newest day, retention, budget use, last rollup.
import type { Clock } from "../core/clock.js";
import type { LocalTime } from "../core/local-time.js";
import type { AggregateStore, RollupRun } from "./aggregate-store.js";
import type { ParquetArchive } from "./duckdb/parquet-archive.js";
import type { RetentionOptions } from "./retention.js";
import type { SqliteDb } from "./sqlite/sqlite-database.js";
import { tableBytes } from "./sqlite/sqlite-space.js";
import type { GuardState } from "./storage-guard.js";
import type { BudgetState, StorageBudget } from "./storage-budget.js";

export interface LayerSummary {
  layer: "raw" | "daily" | "periodic" | "archive";
  rows: number;
  /** null when this SQLite has no dbstat (sizes per table unknown). */
  bytes: number | null;
  oldest: string | null;
  newest: string | null;
  retention: string;
  tables?: { name: string; rows: number; bytes: number | null }[];
}

export interface StorageReport {
  budget: {
    budgetBytes: number;
    usedBytes: number;
    usedPercent: number;
    state: BudgetState;
    sqliteBytes: number;
    walBytes: number;
    archiveBytes: number;
  };
  guard: GuardState;
  layers: LayerSummary[];
  days: { pending: string[]; dirty: string[]; rolledUp: number };
  lastRollup: RollupRun | null;
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
  /** How long measured table sizes are reused (dbstat reads every page). Default 60 s. */
  sizeCacheMs?: number;
}

export class StorageReporter {
  private sizes: { at: number; bytes: Map<string, number> | null } | null = null;

  constructor(private readonly deps: StorageReportDeps) {}

  report(): StorageReport {
    const { db, store, archive, budget, time } = this.deps;
    const usage = budget.usage();
    const bytes = this.tableSizes();
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const sizeOf = (names: readonly string[]) => (bytes ? names.reduce((n, t) => n + (bytes.get(t) ?? 0), 0) : null);

    const span = db.prepare("SELECT min(ts) AS oldest, max(ts) AS newest FROM events").get() as { oldest: number | null; newest: number | null };
    const raw: LayerSummary = {
      layer: "raw",
      rows: count("events"),
      bytes: sizeOf(["events", "entities", "states", "sources", "users", "contexts"]),
      oldest: span.oldest === null ? null : time.dayOf(span.oldest),
      newest: span.newest === null ? null : time.dayOf(span.newest),
      retention: `${this.deps.retention.rawRetentionDays} days`,
    };

    const records = store.dayRecords();
    const covered = records.filter((r) => r.rolledUpAt !== null && r.l2PurgedAt === null).map((r) => r.day);
    const dailyTables = this.deps.dailyKinds.map((name) => ({ name, rows: count(name), bytes: bytes ? (bytes.get(name) ?? 0) : null }));
    const daily: LayerSummary = {
      layer: "daily",
      rows: dailyTables.reduce((n, t) => n + t.rows, 0),
      bytes: sizeOf(this.deps.dailyKinds),
      oldest: covered[0] ?? null,
      newest: covered[covered.length - 1] ?? null,
      retention: `${this.deps.retention.dailyRetentionDays} days`,
      tables: dailyTables,
    };

    const periods = this.deps.periodKinds.flatMap((k) => store.periodRecords(k)).map((p) => p.firstDay).sort();
    const lastDays = this.deps.periodKinds.flatMap((k) => store.periodRecords(k)).map((p) => p.lastDay).sort();
    const periodTables = this.deps.periodKinds.map((name) => ({ name, rows: count(name), bytes: bytes ? (bytes.get(name) ?? 0) : null }));
    const periodic: LayerSummary = {
      layer: "periodic",
      rows: periodTables.reduce((n, t) => n + t.rows, 0),
      bytes: sizeOf(this.deps.periodKinds),
      oldest: periods[0] ?? null,
      newest: lastDays[lastDays.length - 1] ?? null,
      retention: `${this.deps.retention.weeklyRetentionWeeks} weeks`,
      tables: periodTables,
    };

    const files = archive.list();
    const archived: LayerSummary = {
      layer: "archive",
      rows: files.length,
      bytes: usage.archiveBytes,
      oldest: files[0]?.day ?? null,
      newest: files[files.length - 1]?.day ?? null,
      retention: "within the storage budget",
    };

    return {
      budget: {
        budgetBytes: usage.budgetBytes,
        usedBytes: usage.usedBytes,
        usedPercent: Math.round((usage.usedBytes / usage.budgetBytes) * 1000) / 10,
        state: usage.state,
        sqliteBytes: usage.sqliteBytes,
        walBytes: usage.walBytes,
        archiveBytes: usage.archiveBytes,
      },
      guard: this.deps.guardState(),
      layers: [raw, daily, periodic, archived],
      days: {
        pending: this.deps.pendingDays(),
        dirty: records.filter((r) => r.status === "dirty").map((r) => r.day),
        rolledUp: covered.length,
      },
      lastRollup: store.lastRuns(1)[0] ?? null,
      nextRollupAt: this.deps.nextRollupAt(),
    };
  }

  private tableSizes(): Map<string, number> | null {
    const now = this.deps.clock.now();
    if (!this.sizes || now - this.sizes.at > (this.deps.sizeCacheMs ?? 60_000)) {
      this.sizes = { at: now, bytes: tableBytes(this.deps.db) };
    }
    return this.sizes.bytes;
  }
}
