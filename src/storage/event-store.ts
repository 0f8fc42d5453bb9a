// L1: the raw event log. Compact rows, written in batches, read by day for rollups.
import type { HomeEvent } from "../core/home-event.js";

export interface AppendResult {
  inserted: number;
  /** Events already stored (same entity, time and state): dropped, never doubled. */
  duplicates: number;
}

export interface EventQuery {
  from: number; // inclusive, epoch ms
  to: number; // exclusive, epoch ms
  entities?: string[];
  limit?: number;
  /** Only the changes a person caused (with a user id): a busy day's sensors are never read into memory. */
  byPerson?: boolean;
}

export interface EventStats {
  total: number;
  oldest: number | null;
  newest: number | null;
  bySource: Record<string, number>;
  byDomain: Record<string, number>;
}

export interface EventStore {
  /** Stores a batch in one transaction: all or nothing. */
  append(events: readonly HomeEvent[]): AppendResult;
  /** Events in [from, to), ordered by time then entity. */
  query(q: EventQuery): HomeEvent[];
  /** Time of the newest stored event per entity: where a backfill must resume. */
  lastEventTimes(): Map<string, number>;
  /** Events per hour bucket (epoch ms of the hour start) in [from, to). */
  countByHour(from: number, to: number): { hour: number; count: number }[];
  stats(): EventStats;
  /** Events held per entity (the panel's entity list). */
  countByEntity(): Record<string, number>;
  /** Deletes events older than `before`; returns how many went. */
  deleteBefore(before: number): number;
}

/** Position of a source in its own stream (last event time, MQTT offset, import file line). */
export interface CursorStore {
  get(source: string): string | undefined;
  set(source: string, value: string): void;
}
