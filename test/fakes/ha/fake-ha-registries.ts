// The fake's area, device and entity registries, with HA 2023.12's entry shapes and update events.

import { FAKE_MQTT_ENTRY_ID } from "./fake-ha-config-entries.js";
import type { FakeHaHome } from "./fake-ha-home.js";
import { slugify } from "./ha-wire-format.js";

export interface AreaInput {
  area_id?: string;
  name: string;
}

export interface DeviceInput {
  id?: string;
  name: string;
  area_id?: string | null;
  manufacturer?: string | null;
  model?: string | null;
  name_by_user?: string | null;
  /** Default: the MQTT entry for a device with an mqtt identifier (HA's MQTT discovery makes them so), else none. */
  config_entries?: string[];
  identifiers?: [string, string][];
  sw_version?: string | null;
  /** Only HA 2026.9+ sends this; entries get the key only when it is given. */
  parent_device_id?: string | null;
}

export interface EntityInput {
  entity_id: string;
  device_id?: string | null;
  area_id?: string | null;
  name?: string | null;
  original_name?: string | null;
  platform?: string;
  entity_category?: string | null;
  disabled_by?: string | null;
  config_entry_id?: string | null;
  has_entity_name?: boolean;
  /** The integration's unique id; default the object id (as input helpers have). */
  unique_id?: string;
  /** Extended keys (config/entity_registry/get): what the integration declared. */
  capabilities?: Record<string, unknown> | null;
  original_device_class?: string | null;
  original_icon?: string | null;
}

type Entry = Record<string, unknown>;

export class FakeHaRegistries {
  readonly areas: Entry[] = [];
  readonly devices: Entry[] = [];
  readonly entities: Entry[] = [];
  private readonly extended = new Map<string, Entry>();

  constructor(private readonly home: FakeHaHome) {}

  addArea(input: AreaInput): Entry {
    const entry: Entry = {
      aliases: [],
      area_id: input.area_id ?? slugify(input.name),
      name: input.name,
      picture: null,
    };
    this.areas.push(entry);
    this.announce("area_registry_updated", { action: "create", area_id: entry.area_id });
    return entry;
  }

  removeArea(areaId: string): void {
    const index = this.areas.findIndex((a) => a.area_id === areaId);
    if (index < 0) return;
    this.areas.splice(index, 1);
    this.announce("area_registry_updated", { action: "remove", area_id: areaId });
  }

  addDevice(input: DeviceInput): Entry {
    const entry: Entry = {
      area_id: input.area_id ?? null,
      configuration_url: null,
      config_entries:
        input.config_entries ?? (input.identifiers?.some(([domain]) => domain === "mqtt") ? [FAKE_MQTT_ENTRY_ID] : []),
      connections: [],
      disabled_by: null,
      entry_type: null,
      hw_version: null,
      id: input.id ?? this.home.ids.hex32(),
      identifiers: input.identifiers ?? [],
      manufacturer: input.manufacturer ?? null,
      model: input.model ?? null,
      name_by_user: input.name_by_user ?? null,
      name: input.name,
      serial_number: null,
      sw_version: input.sw_version ?? null,
      via_device_id: null,
    };
    if (input.parent_device_id !== undefined) entry.parent_device_id = input.parent_device_id;
    this.devices.push(entry);
    this.announce("device_registry_updated", { action: "create", device_id: entry.id });
    return entry;
  }

  /** Changes device fields; the event's `changes` holds the old values, as HA's does. */
  updateDevice(deviceId: string, changes: Partial<DeviceInput>): Entry | undefined {
    const entry = this.devices.find((d) => d.id === deviceId);
    if (!entry) return undefined;
    const old = this.apply(entry, changes);
    this.announce("device_registry_updated", { action: "update", device_id: deviceId, changes: old });
    return entry;
  }

  removeDevice(deviceId: string): void {
    const index = this.devices.findIndex((d) => d.id === deviceId);
    if (index < 0) return;
    this.devices.splice(index, 1);
    this.announce("device_registry_updated", { action: "remove", device_id: deviceId });
  }

  device(deviceId: string): Entry | undefined {
    return this.devices.find((d) => d.id === deviceId);
  }

  /** The entity ids on a device, in registry order. */
  entitiesOfDevice(deviceId: string): string[] {
    return this.entities.filter((e) => e.device_id === deviceId).map((e) => String(e.entity_id));
  }

  addEntity(input: EntityInput): Entry {
    const objectId = input.entity_id.slice(input.entity_id.indexOf(".") + 1);
    const entry: Entry = {
      area_id: input.area_id ?? null,
      config_entry_id: input.config_entry_id ?? null,
      device_id: input.device_id ?? null,
      disabled_by: input.disabled_by ?? null,
      entity_category: input.entity_category ?? null,
      entity_id: input.entity_id,
      has_entity_name: input.has_entity_name ?? false,
      hidden_by: null,
      icon: null,
      id: this.home.ids.hex32(),
      name: input.name ?? null,
      options: {},
      original_name: input.original_name ?? null,
      platform: input.platform ?? input.entity_id.slice(0, input.entity_id.indexOf(".")),
      translation_key: null,
      unique_id: input.unique_id ?? objectId,
    };
    this.entities.push(entry);
    this.extended.set(input.entity_id, {
      capabilities: input.capabilities ?? null,
      original_device_class: input.original_device_class ?? null,
      original_icon: input.original_icon,
    });
    this.announce("entity_registry_updated", { action: "create", entity_id: input.entity_id });
    return entry;
  }

  updateEntity(entityId: string, changes: Partial<Omit<EntityInput, "entity_id">>): Entry | undefined {
    const entry = this.entities.find((e) => e.entity_id === entityId);
    if (!entry) return undefined;
    const old = this.apply(entry, changes);
    this.announce("entity_registry_updated", { action: "update", entity_id: entityId, changes: old });
    // A disabled entity leaves the state machine: HA 2023.12 removes its state right after.
    const state = this.home.states.get(entityId);
    if (entry.disabled_by && "disabled_by" in old && state) this.home.removeState(entityId, state.context);
    return entry;
  }

  removeEntity(entityId: string): void {
    const index = this.entities.findIndex((e) => e.entity_id === entityId);
    if (index < 0) return;
    this.entities.splice(index, 1);
    this.announce("entity_registry_updated", { action: "remove", entity_id: entityId });
  }

  entity(entityId: string): Entry | undefined {
    return this.entities.find((e) => e.entity_id === entityId);
  }

  /** What config/entity_registry/get and /update answer: the list entry plus the extended keys. */
  extendedEntity(entry: Entry): Entry {
    const extra = this.extended.get(String(entry.entity_id)) ?? {};
    // Without a declared one, the icon the entity's state shows is the one its integration gave.
    const stateIcon = this.home.states.get(String(entry.entity_id))?.attributes.icon;
    return {
      ...entry,
      aliases: [],
      capabilities: extra.capabilities ?? null,
      device_class: null,
      original_device_class: extra.original_device_class ?? null,
      original_icon: extra.original_icon ?? (typeof stateIcon === "string" ? stateIcon : null),
    };
  }

  private apply(entry: Entry, changes: Record<string, unknown>): Entry {
    const old: Entry = {};
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || entry[key] === value) continue;
      old[key] = entry[key] ?? null;
      entry[key] = value;
    }
    return old;
  }

  /** Registry events carry a context without a user, even when a user made the change. */
  private announce(eventType: string, data: Record<string, unknown>): void {
    this.home.fire(eventType, data, this.home.newContext());
  }
}
