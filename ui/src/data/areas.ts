// GET api/areas and api/areas/activity.
import type { AreaActivityResponse, AreaSummary } from "../../../src/web/api-types.js";
import { getJson } from "./api-client.js";

export type { AreaActivityResponse, AreaSummary };

export function fetchAreas(signal?: AbortSignal): Promise<AreaSummary[]> {
  return getJson<AreaSummary[]>("api/areas", signal);
}

export function fetchAreaActivity(signal?: AbortSignal): Promise<AreaActivityResponse> {
  return getJson<AreaActivityResponse>("api/areas/activity", signal);
}
