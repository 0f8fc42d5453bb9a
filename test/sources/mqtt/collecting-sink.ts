// A sink that keeps what a source delivers, with a wait for asynchronous sources (a real broker).
import type { HomeEvent } from "../../../src/core/home-event.js";
import type { EventSink } from "../../../src/sources/event-source.js";

export interface CollectingSink extends EventSink {
  events: HomeEvent[];
  rejects: { source: string; reason: string }[];
  /** Resolves once the predicate holds; fails after timeoutMs with what was collected. */
  waitFor(predicate: (sink: CollectingSink) => boolean, what: string, timeoutMs?: number): Promise<void>;
}

export function collectingSink(): CollectingSink {
  const sink: CollectingSink = {
    events: [],
    rejects: [],
    push: (event) => void sink.events.push(event),
    reject: (source, reason) => void sink.rejects.push({ source, reason }),
    async waitFor(predicate, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(sink)) {
        if (Date.now() > deadline) {
          throw new Error(
            `timed out waiting for ${what}; events: ${JSON.stringify(sink.events)} rejects: ${JSON.stringify(sink.rejects)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  return sink;
}
