// The contract every producer of events (Home Assistant, MQTT, importers, simulator) fulfils.
import type { HomeEvent } from "../core/home-event.js";

/**
 * Where a source delivers what it reads. `push` takes an event the source has already mapped;
 * ingest still normalizes it and counts and skips what is malformed.
 */
export interface EventSink {
  push(event: HomeEvent): void;
  /**
   * Counts input the source itself could not turn into an event: `detail` for the log, `reason`
   * the short phrase it is counted under in /api/stats and import summaries (default "malformed").
   */
  reject(source: string, detail: string, reason?: string): void;
}

export type SourceState = "stopped" | "starting" | "connected" | "disconnected" | "error" | "finished";

export interface SourceStatus {
  name: string;
  state: SourceState;
  /** Human readable detail: the broker URL, the last error, progress of an import. */
  detail?: string;
  /** Epoch ms of the last event this source delivered. */
  lastEventAt?: number;
  eventsDelivered: number;
}

export interface EventSource {
  readonly name: string;
  /** Starts delivering events to the sink; resolves once connected (or immediately for generators). */
  start(sink: EventSink): Promise<void>;
  /** Stops delivering; resolves once nothing more will be pushed. */
  stop(): Promise<void>;
  status(): SourceStatus;
}
