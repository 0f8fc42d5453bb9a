// The behaviour every RegistryStore must show, run against each implementation.
import { describe, expect, it } from "vitest";
import type { RegistryStore } from "../../src/storage/registry-store.js";

export function registryStoreContract(name: string, make: () => RegistryStore): void {
  describe(`RegistryStore contract: ${name}`, () => {
    it("gives an entity its own area, else its device's, else the parent device's", () => {
      const store = make();
      store.upsertAreas([
        { areaId: "kitchen", name: "Kitchen" },
        { areaId: "hall", name: "Hall" },
      ]);
      store.upsertDevices([
        { deviceId: "hub", name: "Hub", areaId: "hall" },
        { deviceId: "child", name: "Child", areaId: null, parentDeviceId: "hub" },
        { deviceId: "lamp", name: "Lamp", areaId: "kitchen" },
      ]);
      store.upsertEntities([
        { entityId: "light.own", areaId: "hall", deviceId: "lamp" },
        { entityId: "light.lamp", deviceId: "lamp" },
        { entityId: "sensor.child", deviceId: "child" },
        { entityId: "sensor.none" },
      ]);
      expect(store.areaOf("light.own")).toBe("hall");
      expect(store.areaOf("light.lamp")).toBe("kitchen");
      expect(store.areaOf("sensor.child")).toBe("hall");
      expect(store.areaOf("sensor.none")).toBeNull();
      expect(store.areaOf("sensor.unknown")).toBeNull();
    });

    it("keeps the unique id of an entity and the identifiers of a device", () => {
      const store = make();
      store.upsertDevices([
        { deviceId: "d1", name: "Hall motion", identifiers: [["mqtt", "zigbee2mqtt_0x00158d0001a2b3c4"]] },
      ]);
      store.upsertEntities([
        {
          entityId: "binary_sensor.hall_motion_occupancy",
          deviceId: "d1",
          platform: "mqtt",
          uniqueId: "0x00158d0001a2b3c4_occupancy_zigbee2mqtt",
        },
      ]);
      expect(store.listDevices()[0].identifiers).toEqual([["mqtt", "zigbee2mqtt_0x00158d0001a2b3c4"]]);
      expect(store.getEntity("binary_sensor.hall_motion_occupancy")?.uniqueId).toBe(
        "0x00158d0001a2b3c4_occupancy_zigbee2mqtt",
      );
    });

    it("updates in place and forgets removed records", () => {
      const store = make();
      store.upsertAreas([{ areaId: "office", name: "Office" }]);
      store.upsertAreas([{ areaId: "office", name: "Study" }]);
      store.upsertEntities([{ entityId: "light.desk", areaId: "office", name: "Desk" }]);
      store.upsertEntities([{ entityId: "light.desk", areaId: null, name: "Desk lamp", entityCategory: "config" }]);
      expect(store.listAreas()).toEqual([{ areaId: "office", name: "Study", floorId: null }]);
      expect(store.getEntity("light.desk")).toEqual({
        entityId: "light.desk",
        name: "Desk lamp",
        deviceId: null,
        areaId: null,
        platform: null,
        entityCategory: "config",
        disabled: false,
        uniqueId: null,
      });
      store.removeEntity("light.desk");
      store.removeArea("office");
      expect(store.getEntity("light.desk")).toBeUndefined();
      expect(store.listEntities()).toEqual([]);
      expect(store.listAreas()).toEqual([]);
    });
  });
}
