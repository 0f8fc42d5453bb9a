// GET api/predictions: what a person will most likely operate next, now and per part of the day.
import type { PredictionsResponse } from "../../../src/predict/next-action-service.js";
import { getJson } from "./api-client.js";

export type { PredictionsResponse };

export function fetchPredictions(signal?: AbortSignal): Promise<PredictionsResponse> {
  return getJson<PredictionsResponse>("api/predictions?limit=5", signal);
}
