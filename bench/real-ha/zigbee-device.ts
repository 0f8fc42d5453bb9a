// A zigbee2mqtt motion sensor as zigbee2mqtt announces it: its inventory and its Home Assistant discovery config.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { MqttConnection } from "../../src/mqtt/mqtt-connection.js";

const IEEE = "0x00158d00041132a4";
export const ZIGBEE_ENTITY = "binary_sensor.hallway_motion_sensor_occupancy";

/** Retained, as zigbee2mqtt publishes them: bridge/devices (a real inventory) and the occupancy config. */
export async function publishZigbeeDevice(mqtt: MqttConnection, root: string): Promise<void> {
  const inventory = readFileSync(path.join(root, "test/fixtures/zigbee2mqtt/bridge-devices.json"), "utf8");
  await mqtt.publish("zigbee2mqtt/bridge/devices", inventory, { retain: true, qos: 1 });
  const config = {
    availability: [{ topic: "zigbee2mqtt/bridge/state", value_template: "{{ value_json.state }}" }],
    device: {
      identifiers: [`zigbee2mqtt_${IEEE}`],
      manufacturer: "Xiaomi",
      model: "Aqara human body movement and illuminance sensor (RTCGQ11LM)",
      name: "Hallway Motion Sensor",
    },
    device_class: "occupancy",
    name: "Occupancy",
    object_id: "hallway_motion_sensor_occupancy",
    origin: { name: "Zigbee2MQTT", sw: "1.34.0", url: "https://www.zigbee2mqtt.io" },
    payload_off: false,
    payload_on: true,
    state_topic: "zigbee2mqtt/Hallway Motion Sensor",
    unique_id: `${IEEE}_occupancy_zigbee2mqtt`,
    value_template: "{{ value_json.occupancy }}",
  };
  await mqtt.publish("zigbee2mqtt/bridge/state", JSON.stringify({ state: "online" }), { retain: true, qos: 1 });
  await mqtt.publish(`homeassistant/binary_sensor/${IEEE}/occupancy/config`, JSON.stringify(config), {
    retain: true,
    qos: 1,
  });
}
