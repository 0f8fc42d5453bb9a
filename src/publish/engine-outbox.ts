// A bounded, ordered queue in front of an optional external engine: connects lazily, delivers in batches, retries with backoff on the Clock.
import type { Clock, TimerHandle } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { counted } from "../core/plural.js";
import type { EngineState } from "./engine-status.js";

/** The engine refused these items for good (malformed, too large): they are dropped and counted, not retried. */
export class DeliveryRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryRejected";
  }
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 1_000, maxMs: 60_000 };

export interface OutboxDeps<T> {
  clock: Clock;
  logger: Logger;
  /** Opens the connection; called before the first delivery and after every failure. */
  connect(): Promise<void>;
  /** Delivers items in order; throws when they may not have arrived (they are sent again). */
  deliver(items: readonly T[]): Promise<void>;
  /** True for failures only the user can fix (a refused password): the status says error, not degraded. */
  needsUser?(err: unknown): boolean;
  /** Most weight held while the engine is away; the oldest items go first when it is exceeded. */
  maxQueued: number;
  /** Weight delivered at most in one call. */
  maxBatch: number;
  /** Weight of an item (a message carrying 500 events weighs more than one anomaly); default 1. */
  weight?(item: T): number;
  /** Whether an item shows in the counts (a "sync now" marker does not); default true. */
  counted?(item: T): boolean;
  backoff?: Backoff;
  /** While true nothing is delivered, only kept; call resume() once it turns false. */
  paused?(): boolean;
}

export interface OutboxStatus {
  connected: boolean;
  /** Items delivered, waiting, given up because the queue was full, and refused by the engine. */
  sent: number;
  queued: number;
  dropped: number;
  rejected: number;
  /** Failed connects and deliveries. */
  errors: number;
  lastError: string | null;
  /** Time until the next attempt while retrying. */
  retryInMs: number | null;
  needsUser: boolean;
}

interface Queued<T> {
  item: T;
  weight: number;
  counted: boolean;
}

export class EngineOutbox<T> {
  private queue: Queued<T>[] = [];
  private queuedWeight = 0;
  private connected = false;
  private draining: Promise<void> | undefined;
  private retry: { timer: TimerHandle; at: number } | undefined;
  private attempt = 0;
  private stopped = false;
  private needsUser = false;
  private lastError: string | null = null;
  private readonly count = { sent: 0, dropped: 0, rejected: 0, errors: 0 };
  private readonly backoff: Backoff;

  constructor(private readonly deps: OutboxDeps<T>) {
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
  }

  push(item: T): void {
    if (this.stopped) return;
    const weight = Math.max(1, this.deps.weight?.(item) ?? 1);
    this.queue.push({ item, weight, counted: this.deps.counted?.(item) ?? true });
    this.queuedWeight += weight;
    this.enforceBound();
    this.kick();
  }

  /** Delivers what was kept while paused. */
  resume(): void {
    this.kick();
  }

  /** The connection reports it was lost: the next delivery connects again first. */
  disconnected(): void {
    this.connected = false;
  }

  /** Delivers what is queued now unless a retry is pending (shutdown: one last chance, no waiting). */
  async flush(): Promise<void> {
    if (this.draining) await this.draining;
    if (!this.retry && this.queue.length > 0) {
      this.kick();
      await this.draining;
    }
  }

  /** Stops retrying and accepting items; waits for a delivery in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.retry?.timer.cancel();
    this.retry = undefined;
    await this.draining;
  }

  status(): OutboxStatus {
    return {
      connected: this.connected,
      ...this.count,
      queued: this.queue.filter((q) => q.counted).length,
      lastError: this.lastError,
      retryInMs: this.retry ? Math.max(0, this.retry.at - this.deps.clock.now()) : null,
      needsUser: this.needsUser,
    };
  }

  /** ok while delivering (or idle), degraded while retrying, error while waiting for the user. */
  state(): Exclude<EngineState, "off"> {
    if (this.lastError === null) return "ok";
    return this.needsUser ? "error" : "degraded";
  }

  private kick(): void {
    if (this.draining || this.retry || this.stopped || this.deps.paused?.()) return;
    // Started on the next microtask, so everything pushed in the same tick (a committed batch) goes out together.
    this.draining = Promise.resolve()
      .then(() => this.drain())
      .finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.deps.paused?.()) {
      const batch = this.take();
      try {
        if (!this.connected) {
          await this.deps.connect();
          this.connected = true;
        }
        await this.deps.deliver(batch.map((b) => b.item));
        this.count.sent += batch.filter((b) => b.counted).length;
        this.attempt = 0;
        this.lastError = null;
        this.needsUser = false;
      } catch (err) {
        if (err instanceof DeliveryRejected) {
          this.count.rejected += batch.filter((b) => b.counted).length;
          this.deps.logger.warn("the engine refused items; they are dropped", {
            items: batch.length,
            error: err.message,
          });
          continue;
        }
        this.putBack(batch);
        this.failed(err);
        return;
      }
    }
  }

  private failed(err: unknown): void {
    const message = errorMessage(err);
    this.count.errors++;
    this.connected = false;
    this.needsUser = this.deps.needsUser?.(err) ?? false;
    // Logged once per outage: the status carries the rest.
    if (this.lastError === null) this.deps.logger.warn("delivery failed; retrying with backoff", { error: message });
    this.lastError = message;
    if (this.stopped) return;
    const delay = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** Math.min(this.attempt, 20));
    this.attempt++;
    const timer = this.deps.clock.setTimeout(() => {
      this.retry = undefined;
      this.kick();
    }, delay);
    this.retry = { timer, at: this.deps.clock.now() + delay };
  }

  private take(): Queued<T>[] {
    let weight = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || weight + this.queue[n]!.weight <= this.deps.maxBatch)) {
      weight += this.queue[n]!.weight;
      n++;
    }
    this.queuedWeight -= weight;
    return this.queue.splice(0, n);
  }

  private putBack(batch: Queued<T>[]): void {
    this.queue.unshift(...batch);
    for (const b of batch) this.queuedWeight += b.weight;
    this.enforceBound();
  }

  private enforceBound(): void {
    let over = 0;
    // The newest item always stays, however heavy.
    while (this.queuedWeight > this.deps.maxQueued && this.queue.length > 1) {
      const dropped = this.queue.shift()!;
      this.queuedWeight -= dropped.weight;
      if (dropped.counted) over++;
    }
    if (over === 0) return;
    if (this.count.dropped === 0)
      this.deps.logger.warn("queue full while the engine is away: oldest items dropped", { dropped: over });
    this.count.dropped += over;
  }
}

/** One line for /api/health: where, what went wrong (if anything), and the counts; `unit` is singular ("message"). */
export function outboxDetail(target: string, s: OutboxStatus, unit: string): string {
  const counts = [`${counted(s.sent, unit)} sent`];
  if (s.queued > 0) counts.push(`${s.queued} queued`);
  if (s.dropped > 0) counts.push(`${s.dropped} dropped while the queue was full`);
  if (s.rejected > 0) counts.push(`${s.rejected} refused by the server`);
  if (s.lastError !== null) {
    const retry = s.retryInMs !== null ? `; next attempt in ${Math.ceil(s.retryInMs / 1000)} s` : "";
    const hint = s.needsUser ? " (check the add-on options)" : "";
    return `${target}: ${s.lastError}${hint}${retry}; ${counts.join(", ")}`;
  }
  return `${target}: ${s.connected ? "connected" : "not connected yet"}; ${counts.join(", ")}`;
}
