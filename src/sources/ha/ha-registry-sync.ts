// Keeps the RegistryStore equal to Home Assistant's area, device and entity registries.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { AreaRecord, DeviceRecord, EntityRecord, RegistryStore } from "../../storage/registry-store.js";
import { HaCommandError, type HaCommands } from "./ha-connection.js";
import type { HaAreaEntry, HaDeviceEntry, HaEntityEntry, RegistryUpdatedData } from "./ha-messages.js";

export const REGISTRY_EVENT_TYPES = [
  "area_registry_updated",
  "device_registry_updated",
  "entity_registry_updated",
] as const;

type RegistryKind = "areas" | "devices" | "entities";

export function areaRecord(entry: HaAreaEntry): AreaRecord {
  return { areaId: entry.area_id, name: entry.name, floorId: entry.floor_id ?? null };
}

export function deviceRecord(entry: HaDeviceEntry): DeviceRecord {
  return {
    deviceId: entry.id,
    name: entry.name_by_user ?? entry.name ?? entry.id,
    areaId: entry.area_id ?? null,
    parentDeviceId: entry.parent_device_id ?? null,
    manufacturer: entry.manufacturer ?? null,
    model: entry.model ?? null,
    identifiers: (entry.identifiers ?? []).filter(
      (p): p is [string, string] => Array.isArray(p) && typeof p[0] === "string" && typeof p[1] === "string",
    ),
  };
}

export function entityRecord(entry: HaEntityEntry): EntityRecord {
  return {
    entityId: entry.entity_id,
    name: entry.name ?? entry.original_name ?? null,
    deviceId: entry.device_id ?? null,
    areaId: entry.area_id ?? null,
    platform: entry.platform ?? null,
    entityCategory: entry.entity_category ?? null,
    disabled: entry.disabled_by !== null && entry.disabled_by !== undefined,
    uniqueId: typeof entry.unique_id === "string" ? entry.unique_id : null,
  };
}

export class HaRegistrySync {
  private readonly running = new Map<RegistryKind, Promise<void>>();
  private readonly again = new Set<RegistryKind>();
  /** Entities whose registry entry is being read after an update event: their states wait for it. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly ha: HaCommands,
    private readonly store: RegistryStore,
    private readonly logger: Logger,
    /** Called after the store changed (a load or an applied update). */
    private readonly changed: () => void = () => {},
  ) {}

  /** Lists all three registries and makes the store match them (removing what HA no longer has). */
  async loadAll(): Promise<void> {
    // Areas first, then devices, then entities: each refers to the one before.
    try {
      await this.relist("areas");
      await this.relist("devices");
      await this.relist("entities");
    } finally {
      this.changed();
    }
  }

  /**
   * Settles once the entry of an entity that HA just created or changed is in the store; undefined
   * when none is being read. HA fires entity_registry_updated before the new entity's first
   * state_changed, so a state can wait for what the registry says about its entity.
   */
  entityUpdate(entityId: string): Promise<void> | undefined {
    return this.pending.get(entityId);
  }

  /** Applies one *_registry_updated event. Errors are logged: a missed update heals on the next load. */
  handleUpdate(eventType: string, data: RegistryUpdatedData): Promise<void> {
    const entityId = eventType === "entity_registry_updated" ? data.entity_id : undefined;
    const run = (async () => {
      try {
        if (eventType === "area_registry_updated") await this.relist("areas");
        else if (eventType === "device_registry_updated") await this.relist("devices");
        else if (eventType === "entity_registry_updated") await this.applyEntityUpdate(data);
        this.changed();
      } catch (err) {
        this.logger.warn("registry update not applied", { eventType, error: errorMessage(err) });
      }
    })();
    if (typeof entityId === "string") {
      const settled = run.finally(() => {
        if (this.pending.get(entityId) === settled) this.pending.delete(entityId);
      });
      this.pending.set(entityId, settled);
      return settled;
    }
    return run;
  }

  private async applyEntityUpdate(data: RegistryUpdatedData): Promise<void> {
    const entityId = data.entity_id;
    if (typeof entityId !== "string") return;
    if (data.action === "remove") {
      this.store.removeEntity(entityId);
      return;
    }
    if (typeof data.old_entity_id === "string" && data.old_entity_id !== entityId) {
      this.store.removeEntity(data.old_entity_id);
    }
    try {
      const entry = await this.ha.command<HaEntityEntry>({ type: "config/entity_registry/get", entity_id: entityId });
      this.store.upsertEntities([entityRecord(entry)]);
    } catch (err) {
      if (err instanceof HaCommandError && err.code === "not_found") this.store.removeEntity(entityId);
      else throw err;
    }
  }

  /** Re-lists one registry; a request while one runs is folded into a single re-run after it. */
  private relist(kind: RegistryKind): Promise<void> {
    const current = this.running.get(kind);
    if (current) {
      this.again.add(kind);
      return current;
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(kind);
          await this.listInto(kind);
        } while (this.again.has(kind));
      } finally {
        this.running.delete(kind);
      }
    })();
    this.running.set(kind, run);
    return run;
  }

  private async listInto(kind: RegistryKind): Promise<void> {
    if (kind === "areas") {
      const entries = await this.ha.command<HaAreaEntry[]>({ type: "config/area_registry/list" });
      const keep = new Set(entries.map((e) => e.area_id));
      this.store.upsertAreas(entries.map(areaRecord));
      for (const old of this.store.listAreas()) if (!keep.has(old.areaId)) this.store.removeArea(old.areaId);
      this.logger.debug("area registry loaded", { areas: entries.length });
    } else if (kind === "devices") {
      const entries = await this.ha.command<HaDeviceEntry[]>({ type: "config/device_registry/list" });
      const keep = new Set(entries.map((e) => e.id));
      this.store.upsertDevices(entries.map(deviceRecord));
      for (const old of this.store.listDevices()) if (!keep.has(old.deviceId)) this.store.removeDevice(old.deviceId);
      this.logger.debug("device registry loaded", { devices: entries.length });
    } else {
      const entries = await this.ha.command<HaEntityEntry[]>({ type: "config/entity_registry/list" });
      const keep = new Set(entries.map((e) => e.entity_id));
      this.store.upsertEntities(entries.map(entityRecord));
      for (const old of this.store.listEntities()) if (!keep.has(old.entityId)) this.store.removeEntity(old.entityId);
      this.logger.debug("entity registry loaded", { entities: entries.length });
    }
  }
}
