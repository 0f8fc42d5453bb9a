// Areas, devices and entities in memory, for tests and the eval.
import { effectiveArea } from "../../../src/storage/area-resolution.js";
import type {
  AreaRecord,
  DeviceClassSeen,
  DeviceRecord,
  EntityRecord,
  RegistryStore,
  UnitSeen,
} from "../../../src/storage/registry-store.js";

export class MemoryRegistryStore implements RegistryStore {
  private readonly areas = new Map<string, AreaRecord>();
  private readonly devices = new Map<string, DeviceRecord>();
  private readonly entities = new Map<string, EntityRecord>();
  /** The time of the record that named each entity's device class: an older one does not replace it. */
  private readonly deviceClassTimes = new Map<string, number>();
  /** Each entity's unit with the time of the record that named it. */
  private readonly units = new Map<string, UnitSeen>();

  upsertAreas(areas: AreaRecord[]): void {
    for (const a of areas) this.areas.set(a.areaId, { floorId: null, ...a });
  }
  upsertDevices(devices: DeviceRecord[]): void {
    for (const d of devices) {
      this.devices.set(d.deviceId, {
        areaId: null,
        parentDeviceId: null,
        manufacturer: null,
        model: null,
        identifiers: [],
        ...d,
      });
    }
  }
  upsertEntities(entities: EntityRecord[]): void {
    for (const e of entities) {
      // Registry lists carry no device class: the one events named stays.
      const deviceClass = e.deviceClass ?? this.entities.get(e.entityId)?.deviceClass;
      this.entities.set(e.entityId, {
        name: null,
        deviceId: null,
        areaId: null,
        platform: null,
        entityCategory: null,
        uniqueId: null,
        ...e,
        ...(deviceClass ? { deviceClass } : {}),
        disabled: e.disabled ?? false,
      });
    }
  }
  removeArea(areaId: string): void {
    this.areas.delete(areaId);
  }
  removeDevice(deviceId: string): void {
    this.devices.delete(deviceId);
  }
  removeEntity(entityId: string): void {
    this.entities.delete(entityId);
  }
  listAreas(): AreaRecord[] {
    return [...this.areas.values()].sort((a, b) => (a.areaId < b.areaId ? -1 : a.areaId > b.areaId ? 1 : 0));
  }
  listDevices(): DeviceRecord[] {
    return [...this.devices.values()].sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
  }
  listEntities(): EntityRecord[] {
    return [...this.entities.values()].sort((a, b) => (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0));
  }
  getEntity(entityId: string): EntityRecord | undefined {
    return this.entities.get(entityId);
  }
  areaOf(entityId: string): string | null {
    return effectiveArea(this.entities.get(entityId), (id) => this.devices.get(id));
  }
  deviceClassOf(entityId: string): string | null {
    return this.entities.get(entityId)?.deviceClass ?? null;
  }
  recordDeviceClasses(classes: ReadonlyMap<string, DeviceClassSeen>): void {
    for (const [entityId, seen] of classes) {
      const known = this.entities.get(entityId);
      const knownTs = this.deviceClassTimes.get(entityId);
      if (!known || (knownTs !== undefined && knownTs > seen.ts)) continue;
      this.entities.set(entityId, { ...known, deviceClass: seen.deviceClass });
      this.deviceClassTimes.set(entityId, seen.ts);
    }
  }
  unitOf(entityId: string): string | null {
    return this.units.get(entityId)?.unit ?? null;
  }
  recordUnits(units: ReadonlyMap<string, UnitSeen>): void {
    for (const [entityId, seen] of units) {
      const known = this.units.get(entityId);
      if (this.entities.has(entityId) && !(known && known.ts > seen.ts)) this.units.set(entityId, seen);
    }
  }
}
