// An entity's unit, from its states' attributes, kept in the entity dictionary (migration 0014), never per event.
import { describe, expect, it } from "vitest";
import { normalizeEvent } from "../../src/ingest/normalize.js";
import { openTempSqliteStores } from "../support/temp-sqlite-stores.js";

const T0 = Date.UTC(2026, 10, 23, 8);

const open = () => openTempSqliteStores("hp-unit-", T0);

describe("an entity's unit", () => {
  it("is kept from the events that name it, and the stored events stay as they were", () => {
    const stores = open();
    const eventColumns = () => stores.db.prepare("SELECT name FROM pragma_table_info('events')").all();
    const columnsBefore = eventColumns();
    stores.events.append([
      { ts: T0, entity: "sensor.living_room_temperature", state: "21.5", source: "ha", unit: "°C" },
      { ts: T0 + 1_000, entity: "light.kitchen", state: "on", source: "ha" },
    ]);
    expect(stores.registry.unitOf("sensor.living_room_temperature")).toBe("°C");
    expect(stores.registry.unitOf("light.kitchen")).toBeNull();
    expect(stores.registry.unitOf("sensor.never_seen")).toBeNull();
    expect(stores.events.query({ from: 0, to: T0 + 60_000 })[0]).toEqual({
      ts: T0,
      entity: "sensor.living_room_temperature",
      state: "21.5",
      source: "ha",
    });
    expect(eventColumns()).toEqual(columnsBefore);
    stores.close();
  });

  it("follows a change of unit, and an event or a registry sync naming none leaves it", () => {
    const stores = open();
    stores.events.append([{ ts: T0, entity: "sensor.power", state: "620", source: "ha", unit: "W" }]);
    stores.events.append([{ ts: T0 + 1_000, entity: "sensor.power", state: "0.62", source: "ha", unit: "kW" }]);
    expect(stores.registry.unitOf("sensor.power")).toBe("kW");
    stores.events.append([{ ts: T0 + 2_000, entity: "sensor.power", state: "0.7", source: "import:csv" }]);
    stores.registry.upsertEntities([{ entityId: "sensor.power", name: "Power" }]);
    expect(stores.registry.unitOf("sensor.power")).toBe("kW");
    stores.close();
  });

  it("keeps the unit of the newest record: older history imported later does not undo it", () => {
    const stores = open();
    stores.events.append([{ ts: T0 + 60_000, entity: "sensor.outside", state: "70.7", source: "ha", unit: "°F" }]);
    stores.events.append([
      { ts: T0 - 3_600_000, entity: "sensor.outside", state: "20.1", source: "ha_recorder", unit: "°C" },
      { ts: T0, entity: "sensor.outside", state: "21.0", source: "ha_recorder", unit: "°C" },
    ]);
    expect(stores.registry.unitOf("sensor.outside")).toBe("°F");
    // Within one batch the newest record wins, whatever the order.
    stores.events.append([
      { ts: T0 + 240_000, entity: "sensor.outside", state: "294.2", source: "ha", unit: "K" },
      { ts: T0 + 180_000, entity: "sensor.outside", state: "21.2", source: "ha_recorder", unit: "°C" },
    ]);
    expect(stores.registry.unitOf("sensor.outside")).toBe("K");
    stores.close();
  });

  it("takes the units Home Assistant's current states name, for entities it already has a row of", () => {
    const stores = open();
    stores.events.append([{ ts: T0 - 86_400_000, entity: "sensor.hall_humidity", state: "48", source: "ha" }]);
    stores.registry.recordUnits(
      new Map([
        ["sensor.hall_humidity", { unit: "%", ts: T0 }],
        ["sensor.unknown", { unit: "lx", ts: T0 }],
      ]),
    );
    expect(stores.registry.unitOf("sensor.hall_humidity")).toBe("%");
    expect(stores.registry.unitOf("sensor.unknown")).toBeNull();
    expect(stores.db.prepare("SELECT count(*) AS n FROM entities WHERE entity_id = 'sensor.unknown'").get()).toEqual({
      n: 0,
    });
    // An older imported record does not undo what the current state named; a newer event does.
    stores.events.append([{ ts: T0 - 1_000, entity: "sensor.hall_humidity", state: "47", source: "x", unit: "‰" }]);
    expect(stores.registry.unitOf("sensor.hall_humidity")).toBe("%");
    stores.events.append([{ ts: T0 + 1_000, entity: "sensor.hall_humidity", state: "480", source: "ha", unit: "‰" }]);
    expect(stores.registry.unitOf("sensor.hall_humidity")).toBe("‰");
    stores.close();
  });
});

describe("a unit on an incoming event", () => {
  const event = (unit: unknown) => ({ ts: T0, entity: "sensor.air", state: "12", source: "ha", unit });

  it("is kept when it is printable text, and left out otherwise without losing the change", () => {
    for (const unit of ["°C", "µg/m³", "m³/h", "kWh", "%", "events/h"]) {
      expect(normalizeEvent(event(unit), T0)).toEqual({ ok: true, event: { ...event(unit), unit } });
    }
    for (const unit of ["", " °C", "°C ", "a\nb", "x".repeat(33), 5, null]) {
      const { unit: _left, ...rest } = event(unit);
      expect(normalizeEvent(event(unit), T0)).toEqual({ ok: true, event: rest });
    }
  });
});
