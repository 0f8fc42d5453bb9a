// GET api/storage: each layer's rows, bytes, days and retention, the budget, the last rollup.
import type { LayerSummary, StorageReport } from "../../../src/storage/storage-report.js";
import { getJson } from "./api-client.js";

export type { LayerSummary, StorageReport };
export type StorageResponse = StorageReport;

export function fetchStorage(signal?: AbortSignal): Promise<StorageReport> {
  return getJson<StorageReport>("api/storage", signal);
}
