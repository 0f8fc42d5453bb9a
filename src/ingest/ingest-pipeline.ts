// Normalize → filter → batch (≤ 1 s) → one transaction per batch into L1, then tell the listeners.
import type { AppEvents } from "../app-events.js";
import type { Clock, TimerHandle } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { TypedBus } from "../core/event-bus.js";
import type { HomeEvent } from "../core/home-event.js";
import { createLogThrottle, type LogThrottle } from "../core/log-throttle.js";
import type { Logger } from "../core/logger.js";
import type { EventSink } from "../sources/event-source.js";
import type { CursorStore, EventStore } from "../storage/event-store.js";
import type { EntityFilter } from "./entity-filter.js";
import { normalizeEvent } from "./normalize.js";

export interface IngestCounters {
  received: number;
  stored: number;
  duplicates: number;
  /** Events that were not valid (bad id, time or state), counted and skipped. */
  malformed: number;
  /** The same events by why they were refused ("time before 2000", "state over 255 characters"). */
  malformedByReason: Record<string, number>;
  /** Events left out by the include/exclude options. */
  filtered: number;
  /** Events whose state did not change (attribute-only updates). */
  unchanged: number;
  batches: number;
  writeErrors: number;
  /** Events given up on after the store refused them (disk full past the buffer). */
  dropped: number;
  pending: number;
  /** Why ingest stopped taking events for good (an import on a full disk), or null. */
  halted: string | null;
  lastBatchAt: number | null;
  lastError: string | null;
  malformedBySource: Record<string, number>;
}

/**
 * Decides what to do with a batch the store refused: keep it for a retry, give it up, or halt
 * (keep it, stop retrying: an import that cannot go on tells its user instead).
 */
export type WriteErrorPolicy = (err: unknown) => "retry" | "drop" | "halt";

export interface IngestDeps {
  store: EventStore;
  cursors: CursorStore;
  clock: Clock;
  /** Real time, for the once-a-minute log lines (the demo's clock runs 60× faster); the clock by default. */
  wallClock?: Clock;
  logger: Logger;
  filter: EntityFilter;
  bus: TypedBus<AppEvents>;
  maxDelayMs?: number;
  maxBatch?: number;
  /** Events held in memory while the store refuses writes, before the oldest are dropped. */
  maxPending?: number;
  onWriteError?: WriteErrorPolicy;
}

/** `result` says how many of the batch the store kept and how many it already had. */
type CommitListener = (events: readonly HomeEvent[], result: { inserted: number; duplicates: number }) => void;

export class IngestPipeline implements EventSink {
  private pending: HomeEvent[] = [];
  private timer: TimerHandle | null = null;
  private retries = 0;
  private closed = false;
  private readonly listeners: { name: string; fn: CommitListener }[] = [];
  private readonly count: IngestCounters = {
    received: 0,
    stored: 0,
    duplicates: 0,
    malformed: 0,
    malformedByReason: {},
    filtered: 0,
    unchanged: 0,
    batches: 0,
    writeErrors: 0,
    dropped: 0,
    pending: 0,
    halted: null,
    lastBatchAt: null,
    lastError: null,
    malformedBySource: {},
  };
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;
  private readonly maxPending: number;
  private writeErrorPolicy: WriteErrorPolicy | undefined;
  private readonly logThrottle: LogThrottle;

  constructor(private readonly deps: IngestDeps) {
    this.maxDelayMs = deps.maxDelayMs ?? 1000;
    this.maxBatch = deps.maxBatch ?? 5000;
    this.maxPending = deps.maxPending ?? 500_000;
    this.writeErrorPolicy = deps.onWriteError;
    this.logThrottle = createLogThrottle(deps.wallClock ?? deps.clock);
  }

  /** Accepts an event from a source (typed or not): it is checked here either way. */
  push(raw: HomeEvent | unknown): void {
    this.count.received++;
    const normalized = normalizeEvent(raw, this.deps.clock.now());
    if (!normalized.ok) {
      const source =
        typeof (raw as { source?: unknown })?.source === "string" ? (raw as { source: string }).source : "unknown";
      this.reject(source, normalized.detail, normalized.reason);
      return;
    }
    const event = normalized.event;
    if (!this.deps.filter(event.entity)) {
      this.count.filtered++;
      return;
    }
    if (event.previous !== undefined && event.previous === event.state) {
      this.count.unchanged++;
      return;
    }
    this.pending.push(event);
    if (this.pending.length > this.maxPending) {
      const over = this.pending.length - this.maxPending;
      this.pending.splice(0, over);
      this.count.dropped += over;
      const held = this.logThrottle.pass("buffer-full");
      if (held !== null) {
        this.deps.logger.error("ingest buffer full while the store refuses writes: oldest events dropped", {
          dropped: this.count.dropped,
          held: this.maxPending,
        });
      }
    }
    if (this.pending.length >= this.maxBatch && this.retries === 0 && this.count.halted === null) this.flush();
    else this.schedule(this.maxDelayMs);
  }

  /**
   * Counts input that is not an event worth keeping: `detail` names the value (logged for the
   * first few of each source), `reason` is the short phrase it is counted under.
   */
  reject(source: string, detail: string, reason = "malformed"): void {
    this.count.malformed++;
    this.count.malformedBySource[source] = (this.count.malformedBySource[source] ?? 0) + 1;
    this.count.malformedByReason[reason] = (this.count.malformedByReason[reason] ?? 0) + 1;
    // The first few of each source are logged in full; after that only counted.
    if ((this.count.malformedBySource[source] ?? 0) <= 5)
      this.deps.logger.warn("malformed event skipped", { source, reason: detail });
  }

  /** Decides what happens to batches the store refuses (the storage guard, once storage is built). */
  setWriteErrorPolicy(policy: WriteErrorPolicy): void {
    this.writeErrorPolicy = policy;
  }

  /** Runs after each committed batch with the events actually offered to the store. */
  onCommitted(name: string, fn: CommitListener): void {
    this.listeners.push({ name, fn });
  }

  /** Commits everything pending now, in batches. Returns false when the store refused a batch. */
  flush(): boolean {
    this.cancelTimer();
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, this.maxBatch);
      try {
        const result = this.deps.store.append(batch);
        this.pending.splice(0, batch.length);
        this.retries = 0;
        this.committed(batch, result.inserted, result.duplicates);
      } catch (err) {
        this.count.writeErrors++;
        this.count.lastError = errorMessage(err);
        const decision = this.writeErrorPolicy?.(err) ?? "retry";
        const held = this.logThrottle.pass(`write-${decision}`);
        if (held !== null) {
          this.deps.logger.error("storing a batch failed", {
            events: batch.length,
            decision,
            error: errorMessage(err),
            ...(held > 0 ? { failedSinceLastLine: held } : {}),
          });
        }
        if (decision === "halt") {
          this.count.halted = errorMessage(err);
          return false;
        }
        if (decision === "drop") {
          this.pending.splice(0, batch.length);
          this.count.dropped += batch.length;
          continue;
        }
        this.retries++;
        if (!this.closed) this.schedule(Math.min(30_000, 1000 * 2 ** Math.min(this.retries - 1, 5)));
        return false;
      }
    }
    return true;
  }

  counters(): IngestCounters {
    return {
      ...this.count,
      pending: this.pending.length,
      malformedBySource: { ...this.count.malformedBySource },
      malformedByReason: { ...this.count.malformedByReason },
    };
  }

  /** Flushes what is buffered and stops scheduling: for shutdown. */
  close(): boolean {
    this.closed = true;
    const ok = this.flush();
    this.cancelTimer();
    return ok;
  }

  private committed(batch: HomeEvent[], inserted: number, duplicates: number): void {
    this.count.stored += inserted;
    this.count.duplicates += duplicates;
    this.count.batches++;
    const now = this.deps.clock.now();
    this.count.lastBatchAt = now;
    const bySource: Record<string, number> = {};
    const newestBySource = new Map<string, number>();
    let newest: number | null = null;
    for (const e of batch) {
      bySource[e.source] = (bySource[e.source] ?? 0) + 1;
      if ((newestBySource.get(e.source) ?? -Infinity) < e.ts) newestBySource.set(e.source, e.ts);
      if (newest === null || e.ts > newest) newest = e.ts;
    }
    try {
      for (const [source, ts] of newestBySource) {
        const current = Number(this.deps.cursors.get(source) ?? 0);
        if (ts > current) this.deps.cursors.set(source, String(ts));
      }
    } catch (err) {
      // The batch is stored: a cursor that could not move (a full disk) only means a longer
      // catch-up after a restart, whose duplicates are skipped. Listeners must still hear of it.
      this.deps.logger.warn("could not move the source cursors", { error: errorMessage(err) });
    }
    for (const { name, fn } of this.listeners) {
      try {
        fn(batch, { inserted, duplicates });
      } catch (err) {
        this.deps.logger.error("ingest listener failed", { listener: name, error: errorMessage(err) });
      }
    }
    this.deps.bus.emit("ingested", { inserted, duplicates, bySource, newest });
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed || this.count.halted !== null) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, ms);
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}
