// GET api/entities and one entity's timeline, heatmap and on-durations.
import type {
  DurationsResponse,
  EntitySummary,
  HeatmapResponse,
  TimelineEvent,
  TimelineResponse,
} from "../../../src/web/api-types.js";
import { getJson, queryString } from "./api-client.js";

/** What the page calls an entity's time "on": "How long they stay home" for a person. */
export { activeSpanWords } from "../../../src/core/active-span-words.js";
/** A numeric state with its entity's unit, as Home Assistant shows it ("21.5 °C"). */
export { withUnit } from "../../../src/core/state-with-unit.js";
/** A raw state in the word Home Assistant shows for it ("Open" for a door sensor's "on"). */
export { stateLabel } from "../../../src/core/state-words.js";
export type { DurationsResponse, EntitySummary, HeatmapResponse, TimelineEvent, TimelineResponse };

const one = (id: string) => `api/entities/${encodeURIComponent(id)}`;

export function fetchEntities(signal?: AbortSignal): Promise<EntitySummary[]> {
  return getJson<EntitySummary[]>("api/entities", signal);
}

export function fetchTimeline(id: string, hours: number, signal?: AbortSignal): Promise<TimelineResponse> {
  return getJson<TimelineResponse>(`${one(id)}/timeline${queryString({ hours })}`, signal);
}

export function fetchHeatmap(id: string, signal?: AbortSignal): Promise<HeatmapResponse> {
  return getJson<HeatmapResponse>(`${one(id)}/heatmap`, signal);
}

export function fetchDurations(id: string, signal?: AbortSignal): Promise<DurationsResponse> {
  return getJson<DurationsResponse>(`${one(id)}/durations`, signal);
}
