// GET api/anomalies and the feedback on one: dismiss it, or say "this is normal".
import type { StoredAnomaly } from "../../../src/patterns/pattern-store.js";
import type { AnomalyListResponse } from "../../../src/web/routes/anomalies-routes.js";
import { getJson, postJson, queryString } from "./api-client.js";

export type { AnomalyListResponse, StoredAnomaly };

export interface AnomalyFilters {
  kind?: string;
  entity?: string;
  area?: string;
  /** "open" (the server's default), "all", or a comma list of open, dismissed, normal. */
  status?: string;
  limit?: number;
}

export function fetchAnomalies(filters: AnomalyFilters, signal?: AbortSignal): Promise<AnomalyListResponse> {
  return getJson<AnomalyListResponse>(`api/anomalies${queryString({ ...filters })}`, signal);
}

export function dismissAnomaly(id: number): Promise<StoredAnomaly> {
  return postJson<StoredAnomaly>(`api/anomalies/${id}/dismiss`);
}

export function markAnomalyNormal(id: number): Promise<StoredAnomaly> {
  return postJson<StoredAnomaly>(`api/anomalies/${id}/normal`);
}
