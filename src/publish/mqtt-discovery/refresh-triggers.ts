// When the discovery refreshes besides on events: every few minutes, after ingest now and then, and after Home Assistant's birth.
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import { createTimerSlot } from "../../core/timer-slot.js";

/** Area activity and "next expected" times move with the clock, not only with events. */
export const REFRESH_INTERVAL_MS = 5 * 60_000;
/** Ingest commits a batch every second; the rate sensor does not need to follow that closely. */
export const INGEST_REFRESH_MIN_INTERVAL_MS = 30_000;
/** After HA's birth message: wait 1–5 s, so many clients do not all answer HA at the same instant. */
export const BIRTH_RESEND_MIN_MS = 1_000;
export const BIRTH_RESEND_SPREAD_MS = 4_000;

/** How long a refresh after ingest waits: 0 (now) once the minimum interval has passed since the last refresh of any kind. */
export function ingestRefreshDelay(lastRefreshAt: number | null, lastIngestRefreshAt: number, now: number): number {
  const wait =
    Math.max(lastRefreshAt ?? Number.NEGATIVE_INFINITY, lastIngestRefreshAt) + INGEST_REFRESH_MIN_INTERVAL_MS - now;
  return Math.max(0, wait);
}

export interface RefreshTriggersDeps {
  clock: Clock;
  logger: Logger;
  /** A number in [0, 1): spreads the resend after HA's birth message. */
  random: () => number;
  isRunning: () => boolean;
  /** When the last refresh finished, null before the first. */
  lastRefreshAt: () => number | null;
  /** Queues a refresh of what changed. */
  refreshSoon: (why: string) => void;
  /** Queues a refresh that sends everything again. */
  resendAll: (why: string) => void;
}

export interface RefreshTriggers {
  startPeriodic(): void;
  afterIngest(): void;
  /** Re-sends everything after a random 1–5 s, unless a resend is pending already. */
  afterBirth(): void;
  cancelBirth(): void;
  cancelAll(): void;
}

export function createRefreshTriggers(deps: RefreshTriggersDeps): RefreshTriggers {
  const { clock, refreshSoon } = deps;
  const periodicTimer = createTimerSlot(clock);
  const ingestTimer = createTimerSlot(clock);
  const birthTimer = createTimerSlot(clock);
  let lastIngestRefreshAt = Number.NEGATIVE_INFINITY;

  const schedulePeriodic = () => {
    periodicTimer.start(() => {
      refreshSoon("periodic refresh");
      schedulePeriodic();
    }, REFRESH_INTERVAL_MS);
  };

  return {
    startPeriodic: schedulePeriodic,

    afterIngest() {
      if (!deps.isRunning() || ingestTimer.pending()) return;
      const wait = ingestRefreshDelay(deps.lastRefreshAt(), lastIngestRefreshAt, clock.now());
      if (wait === 0) {
        lastIngestRefreshAt = clock.now();
        refreshSoon("refresh after ingest");
        return;
      }
      ingestTimer.start(() => {
        lastIngestRefreshAt = clock.now();
        refreshSoon("refresh after ingest");
      }, wait);
    },

    afterBirth() {
      if (birthTimer.pending()) return;
      const delay = Math.round(BIRTH_RESEND_MIN_MS + deps.random() * BIRTH_RESEND_SPREAD_MS);
      deps.logger.info("Home Assistant came online: re-sending discovery", { delayMs: delay });
      birthTimer.start(() => deps.resendAll("re-send after Home Assistant's birth message"), delay);
    },

    cancelBirth: () => birthTimer.cancel(),

    cancelAll() {
      for (const timer of [periodicTimer, ingestTimer, birthTimer]) timer.cancel();
    },
  };
}
