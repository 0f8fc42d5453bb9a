// Decides what the ingest batcher does when a write fails, so ingestion never stops silently.
import type { AppEvents } from "../app-events.js";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { TypedBus } from "../core/event-bus.js";
import { createLogThrottle, type LogThrottle } from "../core/log-throttle.js";
import type { Logger } from "../core/logger.js";
import { isDiskFull } from "./sqlite/sqlite-database.js";
import type { StorageBudget } from "./storage-budget.js";

export interface GuardState {
  diskFull: boolean;
  diskFullSince: number | null;
  /**
   * The disk is full but our own data is within its budget (another program filled it, or the
   * budget is larger than the disk): writes wait, nothing of ours is deleted to make room.
   */
  paused: boolean;
  /** Batches the batcher was told to drop, and why the last one was. */
  droppedBatches: number;
  lastError: string | null;
  /** Bytes freed by the last emergency enforcement. */
  lastFreedBytes: number;
}

export interface StorageGuardDeps {
  budget: StorageBudget;
  clock: Clock;
  /** Real time, for the once-a-minute log line; the clock by default. */
  wallClock?: Clock;
  logger: Logger;
  /** Clears the disk-full state when a batch commits again. */
  bus?: TypedBus<AppEvents>;
  /** How many times in a row one failure kind may be retried before the batch is dropped. */
  maxRetries?: number;
}

const TRANSIENT = new Set(["SQLITE_BUSY", "SQLITE_LOCKED"]);

export class StorageGuard {
  private current: GuardState = {
    diskFull: false,
    diskFullSince: null,
    paused: false,
    droppedBatches: 0,
    lastError: null,
    lastFreedBytes: 0,
  };
  private retriesInARow = 0;
  private readonly logThrottle: LogThrottle;

  constructor(private readonly deps: StorageGuardDeps) {
    this.logThrottle = createLogThrottle(deps.wallClock ?? deps.clock);
    deps.bus?.on("ingested", "storage-guard", () => this.writeSucceeded());
  }

  /**
   * Called by the batcher when committing a batch failed. "retry": keep the batch and write it
   * again (space was freed, the disk is full and writes wait, or the database was only busy);
   * "drop": the batch cannot be written, which is logged, counted and visible in state() and
   * /api/storage.
   */
  handleWriteError(err: unknown): "retry" | "drop" {
    const message = errorMessage(err);
    this.current.lastError = message;
    const maxRetries = this.deps.maxRetries ?? 3;
    if (isDiskFull(err)) {
      if (!this.current.diskFull) {
        this.current.diskFull = true;
        this.current.diskFullSince = this.deps.clock.now();
      }
      this.deps.budget.setDiskFull(true);
      // The budget acts on our own usage only: near or over it, our oldest data goes as it would
      // anyway. Under it, the disk was filled by someone else and none of our history is theirs to take.
      const { freedBytes, freed, usage } = this.deps.budget.enforce();
      this.current.lastFreedBytes = freedBytes;
      this.current.paused = freed.length === 0;
      if (this.logThrottle.pass("disk-full") !== null) {
        this.deps.logger.error(
          freed.length > 0
            ? "disk full: the database refused a write; our oldest data was removed to stay within the budget"
            : "disk full: the database refused a write; writes wait until there is space, nothing is deleted",
          { error: message, usedBytes: usage.usedBytes, budgetBytes: usage.budgetBytes },
        );
      }
      // Ingest keeps the batch and holds new events (up to its cap) until a retry succeeds.
      return "retry";
    }
    const code = (err as { code?: string } | null)?.code;
    if (code && TRANSIENT.has(code) && this.retriesInARow < maxRetries) {
      this.retriesInARow++;
      return "retry";
    }
    return this.drop(message);
  }

  /** A batch was committed: the disk takes writes again. */
  writeSucceeded(): void {
    this.retriesInARow = 0;
    if (this.current.diskFull) {
      this.current.diskFull = false;
      this.current.diskFullSince = null;
      this.current.paused = false;
      this.deps.logger.info("writes succeed again after a full disk");
      this.deps.budget.setDiskFull(false);
    }
  }

  state(): GuardState {
    return { ...this.current };
  }

  private drop(reason: string): "drop" {
    this.retriesInARow = 0;
    this.current.droppedBatches++;
    this.deps.logger.error("a batch of events could not be stored and is dropped", {
      reason,
      droppedBatches: this.current.droppedBatches,
    });
    return "drop";
  }
}
