// Dimension data: areas, devices and entities, as Home Assistant's registries describe them.

export interface AreaRecord {
  areaId: string;
  name: string;
  floorId?: string | null;
}

export interface DeviceRecord {
  deviceId: string;
  name: string;
  areaId?: string | null;
  /** HA 2026.9 child devices inherit their parent's area when their own is null. */
  parentDeviceId?: string | null;
  manufacturer?: string | null;
  model?: string | null;
  /** HA's [domain, id] pairs, e.g. ["mqtt", "zigbee2mqtt_0x00158d0001a2b3c4"]. */
  identifiers?: [string, string][];
}

export interface EntityRecord {
  entityId: string;
  name?: string | null;
  deviceId?: string | null;
  /** The entity's own area; the effective area falls back to its device's. */
  areaId?: string | null;
  platform?: string | null;
  /** "config" or "diagnostic" for entities users do not control. */
  entityCategory?: string | null;
  disabled?: boolean;
  /** The integration's unique id (for MQTT the discovery config's unique_id). */
  uniqueId?: string | null;
  /**
   * The device class its state attributes name ("door", "motion"): how its states are put in
   * words. Left as stored when absent (HA's registry lists do not carry it; events do).
   */
  deviceClass?: string | null;
}

/** A device class as a record named it, and that record's time: a newer record's class wins. */
export interface DeviceClassSeen {
  deviceClass: string;
  /** Epoch ms of the record (a state's last_updated). */
  ts: number;
}

/** A unit as a record named it, and that record's time: a newer record's unit wins. */
export interface UnitSeen {
  unit: string;
  /** Epoch ms of the record (a state's last_updated). */
  ts: number;
}

/** Replaces or updates the registries. Implemented by SQLite and in memory. */
export interface RegistryStore {
  upsertAreas(areas: AreaRecord[]): void;
  upsertDevices(devices: DeviceRecord[]): void;
  upsertEntities(entities: EntityRecord[]): void;
  removeArea(areaId: string): void;
  removeDevice(deviceId: string): void;
  removeEntity(entityId: string): void;
  listAreas(): AreaRecord[];
  listDevices(): DeviceRecord[];
  listEntities(): EntityRecord[];
  getEntity(entityId: string): EntityRecord | undefined;
  /** The entity's own area, else its device's, else the device's parent's; null when none. */
  areaOf(entityId: string): string | null;
  /**
   * The device class last seen in the entity's state attributes, for any entity events named
   * (in Home Assistant's registry or not); null when none is known.
   */
  deviceClassOf(entityId: string): string | null;
  /**
   * Records device classes Home Assistant's current states name, for entities the store already
   * knows (from events or the registry); others are left out: nothing is worded about them.
   */
  recordDeviceClasses(classes: ReadonlyMap<string, DeviceClassSeen>): void;
  /**
   * The unit_of_measurement last seen in the entity's state attributes ("°C"), for any entity
   * events named; null when none is known (its numbers are shown bare).
   */
  unitOf(entityId: string): string | null;
  /** Records the units Home Assistant's current states name, for entities the store already knows. */
  recordUnits(units: ReadonlyMap<string, UnitSeen>): void;
}
