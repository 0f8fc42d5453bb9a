// The listeners told of each change of a gate: one that throws is logged and does not keep the others from hearing.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";

export interface ChangeListeners<T> {
  /** The returned function removes the listener. */
  add(fn: (value: T) => void): () => void;
  tell(value: T): void;
}

/** `failure` is the log line for a listener that throws. */
export function createChangeListeners<T>(logger: Logger, failure: string): ChangeListeners<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    add(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    tell(value) {
      for (const fn of [...listeners]) {
        try {
          fn(value);
        } catch (err) {
          logger.error(failure, { error: errorMessage(err) });
        }
      }
    },
  };
}
