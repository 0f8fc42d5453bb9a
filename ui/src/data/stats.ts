// GET api/stats: events by source, domain and hour, store size, ingest counters.
import type { StatsResponse } from "../../../src/web/api-types.js";
import { getJson } from "./api-client.js";

export type { StatsResponse };

export function fetchStats(signal?: AbortSignal): Promise<StatsResponse> {
  return getJson<StatsResponse>("api/stats", signal);
}
