// Runs the nightly layer cycle shortly after each local midnight, soon after late events, and once at start.
import type { Clock, TimerHandle } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";

export interface LayerSchedulerDeps {
  clock: Clock;
  time: LocalTime;
  logger: Logger;
  /** The work: roll up pending days, archive, retention, budget. Never runs twice at once. */
  cycle(reason: "start" | "nightly" | "late-events"): Promise<void>;
  /** Wait after local midnight so events of the last seconds of the day arrive first. Default 10 min. */
  graceMs?: number;
  /** Wait after late events before rolling their days up again, so a long import ends first. Default 60 s. */
  lateEventsDelayMs?: number;
  /** A light check between nightly runs (the storage budget, as L1 grows during the day). */
  periodic?: { everyMs: number; run(): void };
}

export class LayerScheduler {
  private nightly: TimerHandle | null = null;
  private late: TimerHandle | null = null;
  private periodic: TimerHandle | null = null;
  private running: Promise<void> | null = null;
  private again: "nightly" | "late-events" | null = null;
  private stopped = true;
  private nextNightlyAt: number | null = null;

  constructor(private readonly deps: LayerSchedulerDeps) {}

  /** Catches up (every closed day not yet clean) and plans the nightly runs. Resolves after the catch-up. */
  async start(): Promise<void> {
    this.stopped = false;
    this.planNightly();
    this.planPeriodic();
    await this.trigger("start");
  }

  stop(): void {
    this.stopped = true;
    this.nightly?.cancel();
    this.late?.cancel();
    this.periodic?.cancel();
    this.nightly = this.late = this.periodic = null;
    this.nextNightlyAt = null;
  }

  /** When the next nightly run is due (epoch ms), or null when stopped. */
  nextRunAt(): number | null {
    return this.nextNightlyAt;
  }

  /** Late events re-opened days: run the cycle after a quiet period (restarted by each call). */
  lateEventsArrived(): void {
    if (this.stopped) return;
    this.late?.cancel();
    this.late = this.deps.clock.setTimeout(() => {
      this.late = null;
      void this.trigger("late-events");
    }, this.deps.lateEventsDelayMs ?? 60_000);
  }

  /** Resolves when no cycle is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private planNightly(): void {
    const { clock, time } = this.deps;
    const grace = this.deps.graceMs ?? 10 * 60_000;
    const now = clock.now();
    const today = time.dayOf(now);
    let at = time.toEpoch(today, 0) + grace;
    if (at <= now) at = time.toEpoch(addDays(today, 1), 0) + grace;
    this.nextNightlyAt = at;
    this.nightly = clock.setTimeout(() => {
      this.nightly = null;
      if (this.stopped) return;
      this.planNightly();
      void this.trigger("nightly");
    }, at - now);
  }

  private planPeriodic(): void {
    const periodic = this.deps.periodic;
    if (!periodic) return;
    this.periodic = this.deps.clock.setTimeout(() => {
      this.periodic = null;
      if (this.stopped) return;
      try {
        periodic.run();
      } catch (err) {
        this.deps.logger.error("periodic layer check failed", { error: errorMessage(err) });
      }
      this.planPeriodic();
    }, periodic.everyMs);
  }

  /**
   * Runs fn while no cycle runs (forgetting rewrites what a cycle writes: an archive export that
   * read L1 before fn would land after it). Cycles asked for meanwhile run once fn is done.
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.running) await this.running;
    const work = fn();
    this.running = (async () => {
      try {
        await work;
      } catch {
        // fn's own caller sees its error.
      } finally {
        this.running = null;
      }
      const next = this.again;
      this.again = null;
      if (next && !this.stopped) await this.trigger(next);
    })();
    return work;
  }

  private trigger(reason: "start" | "nightly" | "late-events"): Promise<void> {
    if (this.running) {
      // One run at a time; a request during a run is served by one more run after it.
      this.again = reason === "start" ? "nightly" : reason;
      return this.running;
    }
    this.running = (async () => {
      try {
        await this.deps.cycle(reason);
      } catch (err) {
        this.deps.logger.error("layer cycle failed", { reason, error: errorMessage(err) });
      } finally {
        this.running = null;
      }
      const next = this.again;
      this.again = null;
      if (next && !this.stopped) await this.trigger(next);
    })();
    return this.running;
  }
}
