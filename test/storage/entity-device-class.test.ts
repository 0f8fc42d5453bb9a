// An entity's device class, from its events' attributes, kept in the entity dictionary (migrations 0012 and 0013).
import { describe, expect, it } from "vitest";
import { currentVersion, migrate, readMigrations } from "../../src/storage/migrate.js";
import { migrationsDir } from "../../src/storage/sqlite/sqlite-stores.js";
import { openTempSqliteStores } from "../support/temp-sqlite-stores.js";

const T0 = Date.UTC(2026, 10, 23, 8);

const open = () => openTempSqliteStores("hp-device-class-", T0);

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
    // A duplicate event still tells the class when none is known (a re-import on an existing install).
    stores.events.append([{ ts: T0, entity: "binary_sensor.back", state: "on", source: "ha" }]);
    stores.events.append([{ ts: T0, entity: "binary_sensor.back", state: "on", source: "ha", deviceClass: "door" }]);
    expect(stores.registry.deviceClassOf("binary_sensor.back")).toBe("door");
    stores.close();
  });

  it("keeps the class of the newest record: an import of older history arriving later does not undo it", () => {
    const stores = open();
    // Live: the sensor is a door now.
    stores.events.append([
      { ts: T0 + 60_000, entity: "binary_sensor.side", state: "on", source: "ha", deviceClass: "door" },
    ]);
    // The first-start import, in the background, reaches the days it was a window.
    stores.events.append([
      { ts: T0 - 3_600_000, entity: "binary_sensor.side", state: "on", source: "ha_recorder", deviceClass: "window" },
      { ts: T0, entity: "binary_sensor.side", state: "off", source: "ha_recorder", deviceClass: "window" },
    ]);
    expect(stores.registry.deviceClassOf("binary_sensor.side")).toBe("door");
    // Newer live news still wins, also when it repeats the class the store has.
    stores.events.append([
      { ts: T0 + 120_000, entity: "binary_sensor.side", state: "off", source: "ha", deviceClass: "door" },
    ]);
    stores.events.append([
      { ts: T0 + 90_000, entity: "binary_sensor.side", state: "on", source: "ha_recorder", deviceClass: "window" },
    ]);
    expect(stores.registry.deviceClassOf("binary_sensor.side")).toBe("door");
    // Within one batch the newest record wins, whatever the order.
    stores.events.append([
      { ts: T0 + 240_000, entity: "binary_sensor.side", state: "on", source: "ha", deviceClass: "garage_door" },
      { ts: T0 + 180_000, entity: "binary_sensor.side", state: "off", source: "ha_recorder", deviceClass: "window" },
    ]);
    expect(stores.registry.deviceClassOf("binary_sensor.side")).toBe("garage_door");
    stores.close();
  });

  it("keeps the class Home Assistant's current state names over older imported records", () => {
    const stores = open();
    stores.events.append([{ ts: T0 - 86_400_000, entity: "binary_sensor.hall", state: "on", source: "ha" }]);
    // get_states at connect: the state last updated at T0 names "occupancy".
    stores.registry.recordDeviceClasses(new Map([["binary_sensor.hall", { deviceClass: "occupancy", ts: T0 }]]));
    stores.events.append([
      { ts: T0 - 3_600_000, entity: "binary_sensor.hall", state: "off", source: "ha_recorder", deviceClass: "motion" },
    ]);
    expect(stores.registry.deviceClassOf("binary_sensor.hall")).toBe("occupancy");
    // An older current state (a reconnect's get_states racing a newer event) does not undo a newer event.
    stores.events.append([
      { ts: T0 + 1_000, entity: "binary_sensor.hall", state: "on", source: "ha", deviceClass: "presence" },
    ]);
    stores.registry.recordDeviceClasses(new Map([["binary_sensor.hall", { deviceClass: "occupancy", ts: T0 }]]));
    expect(stores.registry.deviceClassOf("binary_sensor.hall")).toBe("presence");
    stores.close();
  });

  it("takes the classes Home Assistant's current states name, for entities it already has a row of", () => {
    const stores = open();
    stores.events.append([{ ts: T0, entity: "binary_sensor.hall", state: "on", source: "ha" }]);
    stores.registry.recordDeviceClasses(
      new Map([
        ["binary_sensor.hall", { deviceClass: "motion", ts: T0 }],
        ["binary_sensor.unknown", { deviceClass: "door", ts: T0 }],
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

  it("goes with migrations 0012 and 0013's down files and comes back empty with their up files", () => {
    const stores = open();
    stores.events.append([
      { ts: T0, entity: "binary_sensor.front_door", state: "on", source: "ha", deviceClass: "door" },
    ]);
    const files = readMigrations(migrationsDir());
    const columns = () =>
      (stores.db.prepare("SELECT name FROM pragma_table_info('entities')").all() as { name: string }[]).map(
        (c) => c.name,
      );
    migrate(stores.db, files, { to: 12 });
    expect(columns()).toContain("device_class");
    expect(columns()).not.toContain("device_class_ts");
    migrate(stores.db, files, { to: 11 });
    expect(columns()).not.toContain("device_class");
    migrate(stores.db, files);
    expect(currentVersion(stores.db)).toBe(readMigrations(migrationsDir()).at(-1)?.version);
    expect(columns()).toContain("device_class");
    expect(columns()).toContain("device_class_ts");
    expect(stores.registry.deviceClassOf("binary_sensor.front_door")).toBeNull();
    stores.close();
  });
});
