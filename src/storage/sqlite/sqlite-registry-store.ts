// Areas, devices and entities in SQLite; entities share the id space of the L1 rows.
import { effectiveArea } from "../area-resolution.js";
import type {
  AreaRecord,
  DeviceClassSeen,
  DeviceRecord,
  EntityRecord,
  RegistryStore,
  UnitSeen,
} from "../registry-store.js";
import type { SqliteDb, SqliteStatement } from "./sqlite-database.js";

export class SqliteRegistryStore implements RegistryStore {
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly db: SqliteDb) {}

  upsertAreas(areas: AreaRecord[]): void {
    const stmt = this.db.prepare(
      "INSERT INTO areas (area_id, name, floor_id) VALUES (?, ?, ?) ON CONFLICT(area_id) DO UPDATE SET name = excluded.name, floor_id = excluded.floor_id",
    );
    this.db.transaction(() =>
      areas.forEach((a) => {
        stmt.run(a.areaId, a.name, a.floorId ?? null);
      }),
    )();
  }

  upsertDevices(devices: DeviceRecord[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO devices (device_id, name, area_id, parent_device_id, manufacturer, model, identifiers) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(device_id) DO UPDATE SET name = excluded.name, area_id = excluded.area_id,
         parent_device_id = excluded.parent_device_id, manufacturer = excluded.manufacturer, model = excluded.model,
         identifiers = excluded.identifiers`,
    );
    this.db.transaction(() =>
      devices.forEach((d) => {
        stmt.run(
          d.deviceId,
          d.name,
          d.areaId ?? null,
          d.parentDeviceId ?? null,
          d.manufacturer ?? null,
          d.model ?? null,
          JSON.stringify(d.identifiers ?? []),
        );
      }),
    )();
  }

  upsertEntities(entities: EntityRecord[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO entities (entity_id, name, device_id, area_id, platform, entity_category, disabled, unique_id, device_class, in_registry)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
       ON CONFLICT(entity_id) DO UPDATE SET name = excluded.name, device_id = excluded.device_id, area_id = excluded.area_id,
         platform = excluded.platform, entity_category = excluded.entity_category, disabled = excluded.disabled,
         unique_id = excluded.unique_id, device_class = coalesce(excluded.device_class, entities.device_class),
         in_registry = 1`,
    );
    this.db.transaction(() =>
      entities.forEach((e) => {
        stmt.run(
          e.entityId,
          e.name ?? null,
          e.deviceId ?? null,
          e.areaId ?? null,
          e.platform ?? null,
          e.entityCategory ?? null,
          e.disabled ? 1 : 0,
          e.uniqueId ?? null,
          e.deviceClass ?? null,
        );
      }),
    )();
  }

  removeArea(areaId: string): void {
    this.db.prepare("DELETE FROM areas WHERE area_id = ?").run(areaId);
  }

  removeDevice(deviceId: string): void {
    this.db.prepare("DELETE FROM devices WHERE device_id = ?").run(deviceId);
  }

  removeEntity(entityId: string): void {
    // The row stays: L1 events refer to its id. It just leaves the registry.
    this.db
      .prepare("UPDATE entities SET in_registry = 0, device_id = NULL, area_id = NULL WHERE entity_id = ?")
      .run(entityId);
  }

  listAreas(): AreaRecord[] {
    return (
      this.db.prepare("SELECT area_id, name, floor_id FROM areas ORDER BY area_id").all() as {
        area_id: string;
        name: string;
        floor_id: string | null;
      }[]
    ).map((r) => ({ areaId: r.area_id, name: r.name, floorId: r.floor_id }));
  }

  listDevices(): DeviceRecord[] {
    return (this.db.prepare("SELECT * FROM devices ORDER BY device_id").all() as DeviceRow[]).map(toDevice);
  }

  listEntities(): EntityRecord[] {
    return (
      this.db.prepare("SELECT * FROM entities WHERE in_registry = 1 ORDER BY entity_id").all() as EntityRow[]
    ).map(toEntity);
  }

  getEntity(entityId: string): EntityRecord | undefined {
    const row = this.statement("SELECT * FROM entities WHERE entity_id = ? AND in_registry = 1").get(entityId) as
      | EntityRow
      | undefined;
    return row && toEntity(row);
  }

  areaOf(entityId: string): string | null {
    return effectiveArea(this.getEntity(entityId), (id) => {
      const row = this.statement("SELECT * FROM devices WHERE device_id = ?").get(id) as DeviceRow | undefined;
      return row && toDevice(row);
    });
  }

  deviceClassOf(entityId: string): string | null {
    const row = this.statement("SELECT device_class FROM entities WHERE entity_id = ?").get(entityId) as
      | { device_class: string | null }
      | undefined;
    return row?.device_class ?? null;
  }

  recordDeviceClasses(classes: ReadonlyMap<string, DeviceClassSeen>): void {
    // Unless an event newer than the state named one (migration 0013).
    const stmt = this.statement(
      "UPDATE entities SET device_class = ?, device_class_ts = ? WHERE entity_id = ? AND (device_class_ts IS NULL OR device_class_ts <= ?)",
    );
    this.db.transaction(() => {
      for (const [entityId, seen] of classes) stmt.run(seen.deviceClass, seen.ts, entityId, seen.ts);
    })();
  }

  unitOf(entityId: string): string | null {
    const row = this.statement("SELECT unit FROM entities WHERE entity_id = ?").get(entityId) as
      | { unit: string | null }
      | undefined;
    return row?.unit ?? null;
  }

  recordUnits(units: ReadonlyMap<string, UnitSeen>): void {
    // Unless an event newer than the state named one (migration 0014).
    const stmt = this.statement(
      "UPDATE entities SET unit = ?, unit_ts = ? WHERE entity_id = ? AND (unit_ts IS NULL OR unit_ts <= ?)",
    );
    this.db.transaction(() => {
      for (const [entityId, seen] of units) stmt.run(seen.unit, seen.ts, entityId, seen.ts);
    })();
  }

  /** Prepared once: the entity list and the area lookups run these for every entity on every call. */
  private statement(sql: string): SqliteStatement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

interface DeviceRow {
  device_id: string;
  name: string;
  area_id: string | null;
  parent_device_id: string | null;
  manufacturer: string | null;
  model: string | null;
  identifiers: string;
}

interface EntityRow {
  entity_id: string;
  name: string | null;
  device_id: string | null;
  area_id: string | null;
  platform: string | null;
  entity_category: string | null;
  disabled: number;
  unique_id: string | null;
}

function toDevice(r: DeviceRow): DeviceRecord {
  return {
    deviceId: r.device_id,
    name: r.name,
    areaId: r.area_id,
    parentDeviceId: r.parent_device_id,
    manufacturer: r.manufacturer,
    model: r.model,
    identifiers: parseIdentifiers(r.identifiers),
  };
}

function toEntity(r: EntityRow): EntityRecord {
  return {
    entityId: r.entity_id,
    name: r.name,
    deviceId: r.device_id,
    areaId: r.area_id,
    platform: r.platform,
    entityCategory: r.entity_category,
    disabled: r.disabled === 1,
    uniqueId: r.unique_id,
  };
}

/** [domain, id] pairs; anything else in the column (it is only ever written here) reads as none. */
function parseIdentifiers(text: string): [string, string][] {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (p): p is [string, string] => Array.isArray(p) && typeof p[0] === "string" && typeof p[1] === "string",
    );
  } catch {
    return [];
  }
}
