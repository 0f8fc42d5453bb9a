// The effective area of an entity: its own, else its device's, else the device's parent's.
import type { DeviceRecord, EntityRecord } from "./registry-store.js";

export function effectiveArea(
  entity: EntityRecord | undefined,
  deviceOf: (deviceId: string) => DeviceRecord | undefined,
): string | null {
  if (!entity) return null;
  if (entity.areaId) return entity.areaId;
  let deviceId = entity.deviceId ?? null;
  // Child devices (HA 2026.9) inherit from their parent; a chain is short, but guard cycles.
  for (let depth = 0; deviceId && depth < 5; depth++) {
    const device = deviceOf(deviceId);
    if (!device) return null;
    if (device.areaId) return device.areaId;
    deviceId = device.parentDeviceId ?? null;
  }
  return null;
}
