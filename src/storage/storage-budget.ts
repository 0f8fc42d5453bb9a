// Keeps the data dir inside storage_budget_mb: measures what is used and frees the cheapest data first.
import type { AppEvents } from "../app-events.js";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { TypedBus } from "../core/event-bus.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import type { AggregateStore } from "./aggregate-store.js";
import type { ParquetArchive } from "./duckdb/parquet-archive.js";
import type { EventStore } from "./event-store.js";

export type BudgetState = "ok" | "near" | "over" | "disk_full";

export interface StorageUsage {
  sqliteBytes: number;
  walBytes: number;
  archiveBytes: number;
  usedBytes: number;
  budgetBytes: number;
  state: BudgetState;
}

export interface FreedStep {
  step: "archive" | "raw" | "daily";
  day: string;
  bytes: number;
}

export interface EnforceReport {
  freed: FreedStep[];
  freedBytes: number;
  usage: StorageUsage;
}

export interface StorageBudgetDeps {
  budgetBytes: number;
  /** SQLite main file and WAL sizes. */
  measureSqlite(): { fileBytes: number; walBytes: number };
  /** incremental_vacuum + checkpoint after deletes. */
  reclaim(): { freedBytes: number };
  archive: ParquetArchive;
  store: AggregateStore;
  events: Pick<EventStore, "deleteBefore" | "query">;
  dailyKinds: readonly string[];
  /** Closed days still waiting for a rollup: their raw events are never deleted. */
  pendingDays(): string[];
  time: LocalTime;
  clock: Clock;
  logger: Logger;
  bus?: TypedBus<AppEvents>;
  /** Enforcement starts above this share of the budget ("near")... */
  nearRatio?: number;
  /** ...and frees data until usage is below this share. */
  targetRatio?: number;
  /** The newest daily aggregates are never removed for space: detectors need some days. */
  minDailyDays?: number;
}

export class StorageBudget {
  private diskFull = false;
  private lastEmitted = "";

  constructor(private readonly deps: StorageBudgetDeps) {}

  get budgetBytes(): number {
    return this.deps.budgetBytes;
  }

  usage(): StorageUsage {
    const sqlite = this.deps.measureSqlite();
    const archiveBytes = this.deps.archive.totalBytes();
    const usedBytes = sqlite.fileBytes + sqlite.walBytes + archiveBytes;
    return {
      sqliteBytes: sqlite.fileBytes,
      walBytes: sqlite.walBytes,
      archiveBytes,
      usedBytes,
      budgetBytes: this.deps.budgetBytes,
      state: this.stateFor(usedBytes),
    };
  }

  /** The disk refused a write (SQLITE_FULL): the state says so until a write succeeds again. */
  setDiskFull(full: boolean): void {
    this.diskFull = full;
    this.announce(this.usage());
  }

  /**
   * Frees space when usage is near the budget, in this order: archive files of days no longer in
   * L1 (oldest first), then L1 days already rolled up (oldest first, never today or a day waiting
   * for its rollup), then the oldest daily aggregates. With `force` (the disk is full) at least
   * one step is taken even when under the budget.
   */
  enforce(opts: { force?: boolean } = {}): EnforceReport {
    const near = this.deps.budgetBytes * (this.deps.nearRatio ?? 0.9);
    const target = this.deps.budgetBytes * (this.deps.targetRatio ?? 0.8);
    const freed: FreedStep[] = [];
    let usage = this.usage();
    if (usage.usedBytes > near || opts.force) {
      const mustFree = () => usage.usedBytes > target || (opts.force === true && freed.length === 0);
      for (const step of [
        () => this.dropOldestArchive(),
        () => this.dropOldestRawDay(),
        () => this.dropOldestDailyDay(),
      ]) {
        while (mustFree()) {
          let done: FreedStep | null = null;
          try {
            done = step();
          } catch (err) {
            this.deps.logger.error("freeing storage failed", { error: errorMessage(err) });
          }
          if (!done) break;
          freed.push(done);
          usage = this.usage();
        }
      }
      if (freed.length > 0) {
        this.deps.logger.warn("storage budget: removed old data", {
          usedBytes: usage.usedBytes,
          budgetBytes: usage.budgetBytes,
          removed: freed.map((f) => `${f.step} ${f.day}`),
        });
      }
      if (usage.usedBytes > this.deps.budgetBytes) {
        this.deps.logger.error("storage budget exceeded and nothing more can be removed", {
          usedBytes: usage.usedBytes,
          budgetBytes: usage.budgetBytes,
        });
      }
    }
    this.announce(usage);
    return { freed, freedBytes: freed.reduce((n, f) => n + f.bytes, 0), usage };
  }

  private stateFor(usedBytes: number): BudgetState {
    if (this.diskFull) return "disk_full";
    if (usedBytes > this.deps.budgetBytes) return "over";
    if (usedBytes > this.deps.budgetBytes * (this.deps.nearRatio ?? 0.9)) return "near";
    return "ok";
  }

  /** Tells the app (and the panel) when the state changes or usage moves by more than 1 %. */
  private announce(usage: StorageUsage): void {
    const signature = `${usage.state}:${Math.round((usage.usedBytes / usage.budgetBytes) * 100)}`;
    if (signature === this.lastEmitted) return;
    this.lastEmitted = signature;
    this.deps.bus?.emit("storage", { usedBytes: usage.usedBytes, budgetBytes: usage.budgetBytes, state: usage.state });
  }

  /** Returning pages to the file system may itself fail on a full disk; the rows are gone either way. */
  private reclaim(): void {
    try {
      this.deps.reclaim();
    } catch (err) {
      this.deps.logger.warn("could not return freed pages to the file system yet", { error: errorMessage(err) });
    }
  }

  private oldestRawDay(): string | null {
    const oldest = this.deps.events.query({ from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER, limit: 1 })[0];
    return oldest ? this.deps.time.dayOf(oldest.ts) : null;
  }

  private dropOldestArchive(): FreedStep | null {
    const firstRaw = this.oldestRawDay();
    // An archive file of a day still in L1 is kept: L1 is the copy that goes first.
    const file = this.deps.archive.list().find((f) => firstRaw === null || f.day < firstRaw);
    if (!file) return null;
    const bytes = this.deps.archive.delete(file.day);
    this.deps.store.markArchived(file.day, null);
    return { step: "archive", day: file.day, bytes };
  }

  private dropOldestRawDay(): FreedStep | null {
    const { time, clock, store } = this.deps;
    const day = this.oldestRawDay();
    if (day === null) return null;
    const today = time.dayOf(clock.now());
    const record = store.dayRecord(day);
    const pending = new Set(this.deps.pendingDays());
    if (day >= today || pending.has(day) || !record || record.rolledUpAt === null) return null;
    const before = this.usage().usedBytes;
    const events = this.deps.events.deleteBefore(time.dayBounds(day).end);
    store.markRawPurged([day], clock.now());
    this.reclaim();
    this.deps.logger.warn("storage budget: raw events of a rolled-up day removed", { day, events });
    return { step: "raw", day, bytes: Math.max(0, before - this.usage().usedBytes) };
  }

  private dropOldestDailyDay(): FreedStep | null {
    const { store, time, clock } = this.deps;
    const keepFrom = addDays(time.dayOf(clock.now()), -(this.deps.minDailyDays ?? 7));
    const oldest = store.dayRecords().find((r) => r.rolledUpAt !== null && r.l2PurgedAt === null);
    if (!oldest || oldest.day >= keepFrom) return null;
    const before = this.usage().usedBytes;
    store.atomically(() => {
      for (const kind of this.deps.dailyKinds) store.deleteDaysBefore(kind, addDays(oldest.day, 1));
    });
    store.markL2Purged([oldest.day], clock.now());
    this.reclaim();
    return { step: "daily", day: oldest.day, bytes: Math.max(0, before - this.usage().usedBytes) };
  }
}
