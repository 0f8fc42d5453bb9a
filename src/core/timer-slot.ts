// A timer that is pending at most once: starting it again replaces the one pending.
import type { Clock, TimerHandle } from "./clock.js";

export interface TimerSlot {
  /** Runs fn after ms, cancelling the timer pending in this slot, if any. */
  start(fn: () => void, ms: number): void;
  cancel(): void;
  /** Started and neither fired nor cancelled yet. */
  pending(): boolean;
}

export function createTimerSlot(clock: Clock): TimerSlot {
  let handle: TimerHandle | undefined;
  return {
    start(fn, ms) {
      handle?.cancel();
      handle = clock.setTimeout(() => {
        handle = undefined;
        fn();
      }, ms);
    },
    cancel() {
      handle?.cancel();
      handle = undefined;
    },
    pending: () => handle !== undefined,
  };
}
