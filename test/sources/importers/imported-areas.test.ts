// Areas for imported entities: registry first, then the user's map file, then the entity id.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadAreaMap, parseAreaMap } from "../../../src/sources/importers/area-map-file.js";
import { assignImportedAreas } from "../../../src/sources/importers/assign-imported-areas.js";
import { createImporter } from "../../../src/sources/importers/create-importer.js";
import { createAreaResolver } from "../../../src/sources/importers/resolve-area.js";
import { collectingSink } from "../mqtt/collecting-sink.js";
import { memoryRegistry } from "./memory-registry.js";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures/imports");
const dir = mkdtempSync(path.join(os.tmpdir(), "hp-areas-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function connectedRegistry() {
  return memoryRegistry({
    areas: [
      { areaId: "living_room", name: "Living Room" },
      { areaId: "kids_room_2", name: "Kids Room 2" },
      { areaId: "b4f1c0", name: "Wintergarten" },
    ],
    devices: [
      { deviceId: "hub", name: "Hub", areaId: "living_room" },
      { deviceId: "hub-child", name: "Hub relay", areaId: null, parentDeviceId: "hub" },
    ],
    entities: [
      { entityId: "light.kitchen_ceiling", areaId: "living_room" },
      { entityId: "switch.hub_relay", deviceId: "hub-child" },
      { entityId: "sensor.bedroom_orphan", areaId: null },
    ],
  });
}

describe("resolveArea", () => {
  const registry = connectedRegistry();
  const areaMap = new Map([
    ["light.kitchen_ceiling", "Garage"],
    ["switch.coffee_machine", "Kitchen"],
    ["sensor.porch_lux", "Living Room"],
    ["sensor.plant_moisture", "wintergarten"],
  ]);
  const resolver = createAreaResolver({ registry, areaMap });

  it("takes Home Assistant's registry first, even over the map file, including a parent device's area", () => {
    expect(resolver.resolveArea("light.kitchen_ceiling")).toEqual({
      areaId: "living_room",
      name: "Living Room",
      via: "registry",
    });
    expect(resolver.resolveArea("switch.hub_relay")).toEqual({
      areaId: "living_room",
      name: "Living Room",
      via: "registry",
    });
    // HA knows it and says no area: no guessing from "bedroom" in its id.
    expect(resolver.resolveArea("sensor.bedroom_orphan")).toBeNull();
  });

  it("then the map file, matching known areas by name and making new ones from names", () => {
    expect(resolver.resolveArea("sensor.porch_lux")).toEqual({
      areaId: "living_room",
      name: "Living Room",
      via: "map",
    });
    expect(resolver.resolveArea("sensor.plant_moisture")).toEqual({
      areaId: "b4f1c0",
      name: "Wintergarten",
      via: "map",
    });
    expect(resolver.resolveArea("switch.coffee_machine")).toEqual({ areaId: "kitchen", name: "Kitchen", via: "map" });
  });

  it("then a known area's id or name inside the entity id, the longest match winning", () => {
    expect(resolver.resolveArea("binary_sensor.kids_room_2_window")).toEqual({
      areaId: "kids_room_2",
      name: "Kids Room 2",
      via: "entity-id",
    });
    expect(resolver.resolveArea("light.wintergarten_string_lights")).toEqual({
      areaId: "b4f1c0",
      name: "Wintergarten",
      via: "entity-id",
    });
    expect(resolver.resolveArea("sensor.living_room_temperature")).toEqual({
      areaId: "living_room",
      name: "Living Room",
      via: "entity-id",
    });
  });

  it("then common room words, on word boundaries only", () => {
    expect(resolver.resolveArea("binary_sensor.kitchen_motion")).toEqual({
      areaId: "kitchen",
      name: "Kitchen",
      via: "room-word",
    });
    expect(resolver.resolveArea("light.master_bedroom_lamp")).toEqual({
      areaId: "master_bedroom",
      name: "Master Bedroom",
      via: "room-word",
    });
    expect(resolver.resolveArea("sensor.hall_temperature")).toEqual({
      areaId: "hallway",
      name: "Hallway",
      via: "room-word",
    });
    expect(resolver.resolveArea("sensor.bedrooms_total")).toBeNull();
    expect(resolver.resolveArea("sensor.outdoor_temperature")).toBeNull();
  });

  it("works with no registry at all (importing before Home Assistant was ever connected)", () => {
    const bare = createAreaResolver({});
    expect(bare.resolveArea("light.kitchen_ceiling")).toEqual({ areaId: "kitchen", name: "Kitchen", via: "room-word" });
  });
});

describe("area map file", () => {
  it("reads a JSON object and a CSV with or without header", async () => {
    const json = path.join(dir, "areas.json");
    writeFileSync(json, JSON.stringify({ "light.desk": "Office", "switch.heater": "living_room" }));
    expect([...(await loadAreaMap(json))]).toEqual([
      ["light.desk", "Office"],
      ["switch.heater", "living_room"],
    ]);
    const csv = path.join(dir, "areas.csv");
    writeFileSync(
      csv,
      '\uFEFFentity_id,area\r\nlight.desk,Office\r\n# a comment\r\nsensor.tv,"Living Room, downstairs"\r\n',
    );
    expect([...(await loadAreaMap(csv))]).toEqual([
      ["light.desk", "Office"],
      ["sensor.tv", "Living Room, downstairs"],
    ]);
    expect([...parseAreaMap("light.desk,Office\n")]).toEqual([["light.desk", "Office"]]);
  });

  it("lists every problem at once", () => {
    expect(() => parseAreaMap("entity_id,area\nLight.Desk,Office\nlight.desk\nswitch.x,\n", "areas.csv")).toThrow(
      'areas.csv has problems:\n  - line 2: not an entity id: "Light.Desk"\n  - line 3: expected entity_id,area, got "light.desk"\n  - line 4: no area for switch.x',
    );
    expect(() => parseAreaMap('{"light.desk": 3}', "areas.json")).toThrow(
      "areas.json has problems:\n  - light.desk: area must be text, got 3",
    );
  });
});

describe("assignImportedAreas", () => {
  it("records imported entities with their areas, creating missing areas, leaving HA's own entities alone", async () => {
    const registry = connectedRegistry();
    const importer = createImporter("ha-history-csv", path.join(FIXTURES, "history.csv"));
    await importer.start(collectingSink());
    const resolver = createAreaResolver({ registry, areaMap: new Map([["switch.coffee_machine", "Kitchen"]]) });
    const result = assignImportedAreas(registry, importer.report().entities, resolver);
    expect(result).toEqual({
      recorded: 5,
      withArea: 5,
      byVia: { map: 1, "entity-id": 1, "room-word": 3 },
      areasCreated: ["hallway", "kitchen"],
    });
    expect(registry.listAreas().map((a) => [a.areaId, a.name])).toEqual([
      ["living_room", "Living Room"],
      ["kids_room_2", "Kids Room 2"],
      ["b4f1c0", "Wintergarten"],
      ["kitchen", "Kitchen"],
      ["hallway", "Hallway"],
    ]);
    const areaOf = (id: string) => registry.areaOf(id);
    expect(
      [
        "binary_sensor.kitchen_motion",
        "climate.hallway_thermostat",
        "light.kitchen_ceiling",
        "sensor.hallway_weather_summary",
        "sensor.living_room_temperature",
        "switch.coffee_machine",
      ].map((id) => [id, areaOf(id)]),
    ).toEqual([
      ["binary_sensor.kitchen_motion", "kitchen"],
      ["climate.hallway_thermostat", "hallway"],
      // HA's registry said living_room; the import does not overwrite it.
      ["light.kitchen_ceiling", "living_room"],
      ["sensor.hallway_weather_summary", "hallway"],
      ["sensor.living_room_temperature", "living_room"],
      ["switch.coffee_machine", "kitchen"],
    ]);
  });

  it("records entities without an area as known entities with none", () => {
    const registry = memoryRegistry();
    const result = assignImportedAreas(
      registry,
      ["sensor.outdoor_temperature", "sensor.outdoor_temperature"],
      createAreaResolver({ registry }),
    );
    expect(result).toEqual({ recorded: 1, withArea: 0, byVia: {}, areasCreated: [] });
    expect(registry.listEntities()).toEqual([{ entityId: "sensor.outdoor_temperature", areaId: null }]);
  });
});
