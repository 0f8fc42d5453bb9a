// Lets a repeating log line through at most once per interval, saying how many were held back.
import type { Clock } from "./clock.js";

export interface LogThrottle {
  /**
   * Null when this key was logged less than the interval ago (the call is counted); otherwise how
   * many calls were held back since it last got through (0 the first time).
   */
  pass(key: string): number | null;
}

/** A full disk fails every batch and every event past the buffer: one line a minute says it all. */
export function createLogThrottle(clock: Clock, everyMs = 60_000): LogThrottle {
  const last = new Map<string, { at: number; held: number }>();
  return {
    pass(key) {
      const now = clock.now();
      const seen = last.get(key);
      if (seen && now - seen.at < everyMs) {
        seen.held++;
        return null;
      }
      last.set(key, { at: now, held: 0 });
      return seen?.held ?? 0;
    },
  };
}
