// An entity's device class, from its events' attributes, kept in the entity dictionary (migration 0012).
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../src/core/logger.js";
import { currentVersion, migrate, readMigrations } from "../../src/storage/migrate.js";
import { migrationsDir, openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const T0 = Date.UTC(2026, 10, 23, 8);

function open(): SqliteStores {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-device-class-"));
  return openSqliteStores({
    dataDir: dir,
    file: path.join(dir, "home-patterns.sqlite"),
    logger: createMemoryLogger("warn"),
    now: () => T0,
  });
}

describe("an entity's device class", () => {
  it("is kept from the events that name it, for entities in Home Assistant's registry or not", () => {
    const stores = open();
    stores.events.append([
      { ts: T0, entity: "binary_sensor.front_door", state: "on", source: "ha", deviceClass: "door" },
      { ts: T0 + 1_000, entity: "light.kitchen", state: "on", source: "ha" },
    ]);
    expect(stores.registry.deviceClassOf("binary_sensor.front_door")).toBe("door");
    expect(stores.registry.deviceClassOf("light.kitchen")).toBeNull();
    expect(stores.registry.deviceClassOf("binary_sensor.never_seen")).toBeNull();
    // The stored event itself stays as it was: the class belongs to the entity.
    expect(stores.events.query({ from: 0, to: T0 + 60_000 })[0]).toEqual({
      ts: T0,
      entity: "binary_sensor.front_door",
      state: "on",
      source: "ha",
    });
    stores.close();
  });

  it("follows a change of class, and a registry sync (which names none) leaves it", () => {
    const stores = open();
    stores.events.append([{ ts: T0, entity: "binary_sensor.side", state: "on", source: "ha", deviceClass: "door" }]);
    stores.events.append([
      { ts: T0 + 1_000, entity: "binary_sensor.side", state: "off", source: "ha", deviceClass: "window" },
    ]);
    expect(stores.registry.deviceClassOf("binary_sensor.side")).toBe("window");
    stores.registry.upsertEntities([{ entityId: "binary_sensor.side", name: "Side window" }]);
    expect(stores.registry.deviceClassOf("binary_sensor.side")).toBe("window");
    // A duplicate event still tells the class (a re-import fills it in on an existing install).
    stores.events.append([{ ts: T0, entity: "binary_sensor.side", state: "on", source: "ha", deviceClass: "door" }]);
    expect(stores.registry.deviceClassOf("binary_sensor.side")).toBe("door");
    stores.close();
  });

  it("takes the classes Home Assistant's current states name, for entities it already has a row of", () => {
    const stores = open();
    stores.events.append([{ ts: T0, entity: "binary_sensor.hall", state: "on", source: "ha" }]);
    stores.registry.recordDeviceClasses(
      new Map([
        ["binary_sensor.hall", "motion"],
        ["binary_sensor.unknown", "door"],
      ]),
    );
    expect(stores.registry.deviceClassOf("binary_sensor.hall")).toBe("motion");
    expect(stores.registry.deviceClassOf("binary_sensor.unknown")).toBeNull();
    const rows = stores.db
      .prepare("SELECT count(*) AS n FROM entities WHERE entity_id = 'binary_sensor.unknown'")
      .get();
    expect(rows).toEqual({ n: 0 });
    stores.close();
  });

  it("goes with migration 0012's down file and comes back empty with its up file", () => {
    const stores = open();
    stores.events.append([
      { ts: T0, entity: "binary_sensor.front_door", state: "on", source: "ha", deviceClass: "door" },
    ]);
    const files = readMigrations(migrationsDir());
    migrate(stores.db, files, { to: 11 });
    const columns = () =>
      (stores.db.prepare("SELECT name FROM pragma_table_info('entities')").all() as { name: string }[]).map(
        (c) => c.name,
      );
    expect(columns()).not.toContain("device_class");
    migrate(stores.db, files);
    expect(currentVersion(stores.db)).toBe(12);
    expect(columns()).toContain("device_class");
    expect(stores.registry.deviceClassOf("binary_sensor.front_door")).toBeNull();
    stores.close();
  });
});
