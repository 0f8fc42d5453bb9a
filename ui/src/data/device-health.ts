// GET api/device-health: devices that drop out again and again, kept apart from the habits.
import type { DeviceProblem } from "../../../src/detectors/device-health.js";
import { getJson } from "./api-client.js";

export type { DeviceProblem };

export function fetchDeviceHealth(signal?: AbortSignal): Promise<{ devices: DeviceProblem[] }> {
  return getJson<{ devices: DeviceProblem[] }>("api/device-health", signal);
}
