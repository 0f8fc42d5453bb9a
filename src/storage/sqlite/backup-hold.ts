// Holds SQLite checkpoints while the Supervisor copies /data for a hot backup.
import type { Clock, TimerHandle } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import type { SqliteDb } from "./sqlite-database.js";

/** SQLite's default: fold the WAL into the main file every 1000 pages. */
const AUTO_CHECKPOINT_PAGES = 1000;
/** A backup that never calls backup_post must not stop checkpoints for ever. */
export const HOLD_LIMIT_MS = 15 * 60_000;

export interface HoldState {
  held: boolean;
  since: number | null;
}

/**
 * After `hold()` the main database file is complete and is not written again until `release()`:
 * new commits only append to the WAL. A copy of both files is then a consistent database (a torn
 * WAL tail is discarded by SQLite's checksums when it is opened).
 */
export class BackupHold {
  private since: number | null = null;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly db: SqliteDb,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  hold(): { walFramesCheckpointed: number } {
    const [result] = this.db.pragma("wal_checkpoint(TRUNCATE)") as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    if (result && result.busy !== 0) throw new Error("the database is busy; the checkpoint could not complete");
    this.db.pragma("wal_autocheckpoint = 0");
    this.since = this.clock.now();
    this.timer?.cancel();
    this.timer = this.clock.setTimeout(() => {
      this.logger.warn("backup hold released after 15 minutes without backup_post");
      this.release();
    }, HOLD_LIMIT_MS);
    return { walFramesCheckpointed: result?.checkpointed ?? 0 };
  }

  release(): void {
    this.timer?.cancel();
    this.timer = null;
    this.since = null;
    this.db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  }

  state(): HoldState {
    return { held: this.since !== null, since: this.since };
  }
}
