// A small in-memory RegistryStore for importer tests (areas of entities, devices and parents).
import type { AreaRecord, DeviceRecord, EntityRecord, RegistryStore } from "../../../src/storage/registry-store.js";

export function memoryRegistry(
  init: { areas?: AreaRecord[]; devices?: DeviceRecord[]; entities?: EntityRecord[] } = {},
): RegistryStore {
  const areas = new Map((init.areas ?? []).map((a) => [a.areaId, a]));
  const devices = new Map((init.devices ?? []).map((d) => [d.deviceId, d]));
  const entities = new Map((init.entities ?? []).map((e) => [e.entityId, e]));
  const units = new Map<string, string>();
  return {
    upsertAreas: (list) =>
      list.forEach((a) => {
        areas.set(a.areaId, a);
      }),
    upsertDevices: (list) =>
      list.forEach((d) => {
        devices.set(d.deviceId, d);
      }),
    upsertEntities: (list) =>
      list.forEach((e) => {
        entities.set(e.entityId, e);
      }),
    removeArea: (id) => void areas.delete(id),
    removeDevice: (id) => void devices.delete(id),
    removeEntity: (id) => void entities.delete(id),
    listAreas: () => [...areas.values()],
    listDevices: () => [...devices.values()],
    listEntities: () => [...entities.values()],
    getEntity: (id) => entities.get(id),
    deviceClassOf: (id) => entities.get(id)?.deviceClass ?? null,
    recordDeviceClasses: (classes) =>
      classes.forEach(({ deviceClass }, id) => {
        const known = entities.get(id);
        if (known) entities.set(id, { ...known, deviceClass });
      }),
    unitOf: (id) => units.get(id) ?? null,
    recordUnits: (seen) =>
      seen.forEach(({ unit }, id) => {
        if (entities.has(id)) units.set(id, unit);
      }),
    areaOf(id) {
      const entity = entities.get(id);
      if (!entity) return null;
      if (entity.areaId) return entity.areaId;
      let device = entity.deviceId ? devices.get(entity.deviceId) : undefined;
      for (let depth = 0; device && depth < 5; depth++) {
        if (device.areaId) return device.areaId;
        device = device.parentDeviceId ? devices.get(device.parentDeviceId) : undefined;
      }
      return null;
    },
  };
}
