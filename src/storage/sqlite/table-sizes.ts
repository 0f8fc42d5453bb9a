// Bytes per table for /api/storage, measured in a worker thread: dbstat reads every page of the file.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import { packageRoot } from "../../core/package-root.js";
import type { SqliteDb } from "./sqlite-database.js";
import { tableBytes } from "./sqlite-space.js";

export interface TableSizesDeps {
  db: SqliteDb;
  file: string;
  clock: Clock;
  logger: Logger;
  /** A measurement older than this is refreshed in the background. */
  maxAgeMs?: number;
  /** The built worker; default dist/src/storage/sqlite/table-size-worker.js of this package. */
  workerScript?: string;
}

/**
 * dbstat over a 3 M-event file held the event loop for about 250 ms, once a minute and once more
 * for the catalog's tables. The first measurement is taken in-process (the report needs figures
 * at once); later ones run in a worker with its own read-only connection while callers get the
 * previous figures.
 */
export class TableSizes {
  private latest: { at: number; bytes: Map<string, number> | null } | null = null;
  private refreshing = false;

  constructor(private readonly deps: TableSizesDeps) {}

  get(): Map<string, number> | null {
    const now = this.deps.clock.now();
    if (!this.latest) this.latest = { at: now, bytes: tableBytes(this.deps.db) };
    else if (now - this.latest.at > (this.deps.maxAgeMs ?? 60_000)) this.refresh(now);
    return this.latest.bytes;
  }

  private refresh(now: number): void {
    if (this.refreshing || this.deps.file === ":memory:") return;
    this.refreshing = true;
    const script =
      this.deps.workerScript ?? path.join(packageRoot(), "dist", "src", "storage", "sqlite", "table-size-worker.js");
    const worker = new Worker(script, { workerData: { file: this.deps.file } });
    worker.once("message", (entries: [string, number][]) => {
      this.latest = { at: now, bytes: new Map(entries) };
    });
    worker.once("error", (err) => this.deps.logger.warn("measuring table sizes failed", { error: err.message }));
    worker.once("exit", () => {
      this.refreshing = false;
    });
  }
}
