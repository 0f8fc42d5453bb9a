// Simulated time for the demo: runs `speed` times faster than a real clock, from a chosen instant.
import type { Clock, TimerHandle } from "../../core/clock.js";

/**
 * A Clock whose now() starts at `startAt` and advances `speed` simulated ms per real ms of `base`;
 * its timers take simulated ms. Share it with the rest of the demo so days close as the simulated
 * home lives them.
 */
export function createAcceleratedClock(base: Clock, speed: number, startAt: number = base.now()): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  const realStart = base.now();
  return {
    speed,
    now: () => Math.floor(startAt + (base.now() - realStart) * speed),
    setTimeout(fn: () => void, ms: number): TimerHandle {
      return base.setTimeout(fn, Math.max(0, ms) / speed);
    },
  };
}
