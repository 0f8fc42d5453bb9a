// GET api/health: sources and stores with their status.
import type { HealthResponse } from "../../../src/web/api-types.js";
import { getJson } from "./api-client.js";

export type { HealthResponse };

export function fetchHealth(signal?: AbortSignal): Promise<HealthResponse> {
  // A 503 still carries the full report (a store failed): show it rather than a bare error.
  return getJson<HealthResponse>("api/health", signal, [503]);
}
