// Waiting for a job in flight, but not forever: a publish to a broker that vanished may never finish.
import type { Clock } from "./clock.js";

/** Resolves when the promise settles or after ms, whichever comes first; the job catches its own errors. */
export function settledWithin(promise: Promise<void>, ms: number, clock: Clock): Promise<void> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(resolve, ms);
    void promise.finally(() => {
      timer.cancel();
      resolve();
    });
  });
}
