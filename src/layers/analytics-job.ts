// The message between the service and its analytics child process: what to run, and what came of it.
import type { AnalyticsLimits, AnalyticsResult } from "../storage/duckdb/analytics-query.js";

export interface AnalyticsJob {
  sql: string;
  /** The SQLite database, opened read-only by the child. */
  dbFile: string;
  archiveDir: string;
  timeZone: string;
  /** The service's "now" (the demo's accelerated clock): which L1 days count as today. */
  now: number;
  dailyKinds: string[];
  periodKinds: string[];
  limits: AnalyticsLimits;
  /** Answers whose JSON is larger are refused in the child, so the service never holds them. */
  maxResultBytes: number;
}

export type AnalyticsReply = (
  | { ok: true; result: AnalyticsResult }
  /** input: the query's own fault (bad SQL, a refused statement), shown to the caller as a 400. */
  | { ok: false; input: boolean; message: string }
) & {
  /**
   * Rows the child's readers left out because one of their ids is in no dictionary, for the
   * service's own count (/api/health, /api/metrics). Absent when the child gave no answer.
   */
  skippedRows?: number;
};
