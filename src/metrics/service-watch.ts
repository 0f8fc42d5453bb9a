// Self-watching: raises a service_health finding when ingestion stalls, a run fails or drags, or storage outgrows its budget.
import type { AppEvents } from "../app-events.js";
import type { Clock, TimerHandle } from "../core/clock.js";
import type { TypedBus } from "../core/event-bus.js";
import type { Logger } from "../core/logger.js";
import { SERVICE_HEALTH_KIND, type ServiceHealthFinding, type ServiceHealthIssue } from "../core/service-health.js";

export type WatchedRun = "rollup" | "detection";

export interface ServiceWatchDeps {
  /** The app's clock: the one ingest stamps its batches with (simulated in the demo). */
  clock: Clock;
  logger: Logger;
  bus?: TypedBus<AppEvents>;
  /** True while Home Assistant's websocket is connected (always false without Home Assistant). */
  haConnected(): boolean;
  /** Epoch ms of the last batch committed to L1, null before the first. */
  lastIngestAt(): number | null;
  storage(): { usedBytes: number; budgetBytes: number };
  /** L1's retention: growth is judged by what that many days of it would take. */
  rawRetentionDays: number;
  /** No event stored for this long while connected is a stall. Default 1 hour. */
  stalledAfterMs?: number;
  /** A run this many times slower than its usual (median) duration is slow. Default 10. */
  slowFactor?: number;
  /** Runs shorter than this are never called slow (a 3 ms run taking 40 ms is noise). Default 1 s. */
  slowFloorMs?: number;
  /** Storage growth is measured over at least this long. Default 6 hours. */
  growthWindowMs?: number;
  checkEveryMs?: number;
}

const DAY_MS = 86_400_000;
/** Durations remembered per run kind: the usual one is their median. */
const RUN_HISTORY = 20;
/** A run is judged slow only against at least this many earlier ones. */
const MIN_HISTORY = 3;

export class ServiceWatch {
  private readonly open = new Map<ServiceHealthIssue, ServiceHealthFinding>();
  private readonly durations: Record<WatchedRun, number[]> = { rollup: [], detection: [] };
  private samples: { at: number; usedBytes: number }[] = [];
  private connectedSince: number | null = null;
  private timer: TimerHandle | null = null;
  private readonly stalledAfterMs: number;
  private readonly slowFactor: number;
  private readonly slowFloorMs: number;
  private readonly growthWindowMs: number;
  private readonly checkEveryMs: number;

  constructor(private readonly deps: ServiceWatchDeps) {
    this.stalledAfterMs = deps.stalledAfterMs ?? 3_600_000;
    this.slowFactor = deps.slowFactor ?? 10;
    this.slowFloorMs = deps.slowFloorMs ?? 1_000;
    this.growthWindowMs = deps.growthWindowMs ?? 6 * 3_600_000;
    this.checkEveryMs = deps.checkEveryMs ?? 60_000;
  }

  /** Checks every minute until stopped. */
  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.check();
      this.timer = this.deps.clock.setTimeout(tick, this.checkEveryMs);
    };
    this.timer = this.deps.clock.setTimeout(tick, this.checkEveryMs);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  /** Problems open now, oldest first. */
  active(): ServiceHealthFinding[] {
    return [...this.open.values()].sort((a, b) => a.since - b.since);
  }

  /** Called after each rollup or detection run with how long it took and, when it failed, why. */
  recordRun(run: WatchedRun, durationMs: number, error?: string): void {
    const failed: ServiceHealthIssue = run === "rollup" ? "rollup_failed" : "detection_failed";
    const slow: ServiceHealthIssue = run === "rollup" ? "rollup_slow" : "detection_slow";
    const what = run === "rollup" ? "The nightly rollup" : "Pattern detection";
    if (error !== undefined) {
      this.raise(failed, "error", `${what} failed: ${error}`, { error, durationMs });
      return;
    }
    this.clear(failed);
    const history = this.durations[run];
    const usual = history.length >= MIN_HISTORY ? median(history) : null;
    if (usual !== null && durationMs >= this.slowFloorMs && durationMs > this.slowFactor * usual) {
      this.raise(
        slow,
        "warning",
        `${what} took ${seconds(durationMs)}, more than ${this.slowFactor}× its usual ${seconds(usual)}`,
        { durationMs, usualMs: usual },
      );
    } else {
      this.clear(slow);
    }
    history.push(durationMs);
    if (history.length > RUN_HISTORY) history.shift();
  }

  /** Judges what is measured over time: ingestion and storage growth. */
  check(): void {
    const now = this.deps.clock.now();
    this.checkIngest(now);
    this.checkGrowth(now);
  }

  private checkIngest(now: number): void {
    if (!this.deps.haConnected()) {
      // Disconnected is shown as such in /api/health; a stall is only judged while events could flow.
      this.connectedSince = null;
      this.clear("ingest_stalled");
      return;
    }
    this.connectedSince ??= now;
    const lastIngest = this.deps.lastIngestAt();
    const lastActivity = Math.max(lastIngest ?? Number.NEGATIVE_INFINITY, this.connectedSince);
    const quietMs = now - lastActivity;
    if (quietMs >= this.stalledAfterMs) {
      this.raise(
        "ingest_stalled",
        "error",
        `No event stored for ${minutes(quietMs)} while Home Assistant is connected`,
        { quietMs, lastIngestAt: lastIngest ?? 0 },
      );
    } else {
      this.clear("ingest_stalled");
    }
  }

  private checkGrowth(now: number): void {
    const { usedBytes, budgetBytes } = this.deps.storage();
    this.samples.push({ at: now, usedBytes });
    // Keep the newest sample at least a window old, and everything after it.
    let base = -1;
    for (let i = 0; i < this.samples.length; i++) if (now - this.samples[i]!.at >= this.growthWindowMs) base = i;
    if (base > 0) this.samples = this.samples.slice(base);
    if (base < 0) return;
    const from = this.samples[0]!;
    const perDay = ((usedBytes - from.usedBytes) / (now - from.at)) * DAY_MS;
    const needed = perDay * this.deps.rawRetentionDays;
    if (budgetBytes > 0 && needed > budgetBytes) {
      this.raise(
        "storage_growth",
        "warning",
        `Storage grows ${megabytes(perDay)} a day: ${this.deps.rawRetentionDays} days of raw events would need ` +
          `${megabytes(needed)}, more than the ${megabytes(budgetBytes)} budget`,
        { bytesPerDay: Math.round(perDay), budgetBytes },
      );
    } else {
      this.clear("storage_growth");
    }
  }

  private raise(
    issue: ServiceHealthIssue,
    severity: ServiceHealthFinding["severity"],
    summary: string,
    details: ServiceHealthFinding["details"],
  ): void {
    const existing = this.open.get(issue);
    if (existing) {
      // Still open: the numbers move, the finding stays the one raised (no event per check).
      existing.summary = summary;
      existing.details = details;
      return;
    }
    const finding: ServiceHealthFinding = {
      kind: SERVICE_HEALTH_KIND,
      issue,
      since: this.deps.clock.now(),
      severity,
      summary,
      details,
    };
    this.open.set(issue, finding);
    this.deps.logger.warn("service health problem", { issue, summary });
    this.deps.bus?.emit("serviceHealth", { active: this.active(), finding, change: "raised" });
  }

  private clear(issue: ServiceHealthIssue): void {
    const finding = this.open.get(issue);
    if (!finding) return;
    this.open.delete(issue);
    this.deps.logger.info("service health problem cleared", { issue });
    this.deps.bus?.emit("serviceHealth", { active: this.active(), finding, change: "cleared" });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function minutes(ms: number): string {
  return `${Math.round(ms / 60_000)} min`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
