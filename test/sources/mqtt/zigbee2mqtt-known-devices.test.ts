// Which zigbee2mqtt devices Home Assistant knows, read from its registries as zigbee2mqtt's discovery leaves them.
import { expect, it } from "vitest";
import { ieeeKnownToHomeAssistant } from "../../../src/sources/mqtt/zigbee2mqtt-bridge.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";

it("knows a device by its registry identifier or by an MQTT entity's unique id, not by name", () => {
  const registry = new MemoryRegistryStore();
  registry.upsertDevices([
    { deviceId: "d1", name: "Kitchen Motion Sensor", identifiers: [["mqtt", "zigbee2mqtt_0x00158D00044C95DE"]] },
    { deviceId: "d2", name: "Hallway Motion Sensor", identifiers: [["zha", "00:15:8d:00:04:11:32:a4"]] },
  ]);
  registry.upsertEntities([
    { entityId: "light.office_desk", platform: "mqtt", uniqueId: "0x00158d00041138dd_light_zigbee2mqtt" },
    { entityId: "binary_sensor.door", platform: "template", uniqueId: "0x00158d000122fcd1_contact_zigbee2mqtt" },
  ]);
  expect([...ieeeKnownToHomeAssistant(registry)].sort()).toEqual(["0x00158d00041138dd", "0x00158d00044c95de"]);
});
