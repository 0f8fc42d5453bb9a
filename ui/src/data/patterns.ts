// GET api/patterns with filters, and the feedback a user gives on one: accept, dismiss, snooze, unsnooze.
import type { PatternType } from "../../../src/patterns/finding.js";
import type { PatternStatus, StoredPattern } from "../../../src/patterns/pattern-store.js";
import type { PatternDetailResponse, PatternListResponse } from "../../../src/web/routes/patterns-routes.js";
import { getJson, postJson, queryString } from "./api-client.js";

export { PATTERN_TYPES } from "../../../src/patterns/finding.js";
export { PATTERN_STATUSES } from "../../../src/patterns/pattern-store.js";
export type { PatternListResponse, PatternStatus, PatternType, StoredPattern };

export interface PatternFilters {
  type?: string;
  area?: string;
  entity?: string;
  /** A status, "all", or empty for the server's default (active and accepted). */
  status?: string;
}

export function fetchPatterns(filters: PatternFilters, signal?: AbortSignal): Promise<PatternListResponse> {
  return getJson<PatternListResponse>(`api/patterns${queryString({ ...filters })}`, signal);
}

/** One pattern, as a list of one: what a link to a pattern (#/patterns?id=12) shows. */
export async function fetchPatternAsList(id: string, signal?: AbortSignal): Promise<PatternListResponse> {
  const { pattern } = await getJson<PatternDetailResponse>(`api/patterns/${encodeURIComponent(id)}`, signal);
  return { total: 1, patterns: [pattern] };
}

export function acceptPattern(id: number): Promise<StoredPattern> {
  return postJson<StoredPattern>(`api/patterns/${id}/accept`);
}

export function dismissPattern(id: number): Promise<StoredPattern> {
  return postJson<StoredPattern>(`api/patterns/${id}/dismiss`);
}

export function snoozePattern(id: number, days: number): Promise<StoredPattern> {
  return postJson<StoredPattern>(`api/patterns/${id}/snooze`, { days });
}

/** Ends a snooze now: the undo of snoozePattern. */
export function unsnoozePattern(id: number): Promise<StoredPattern> {
  return postJson<StoredPattern>(`api/patterns/${id}/unsnooze`);
}
