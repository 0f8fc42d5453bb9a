// The "no ghost entities" check: an entity of ours that nothing publishes must not stay in HA's registry.
import type { MqttConnection } from "../../src/mqtt/mqtt-connection.js";

interface RegistryEntry {
  entity_id: string;
  platform: string;
  unique_id: string;
}

interface HaCommands {
  command<T>(message: { type: string; [key: string]: unknown }): Promise<T>;
}

/** Our MQTT entities in HA's entity registry: unique_id → entity_id. */
export async function ownRegistryEntries(ha: HaCommands): Promise<Map<string, string>> {
  const entries = await ha.command<RegistryEntry[]>({ type: "config/entity_registry/list" });
  return new Map(
    entries
      .filter(
        (e) => e.platform === "mqtt" && typeof e.unique_id === "string" && e.unique_id.startsWith("home_patterns_"),
      )
      .map((e) => [e.unique_id, e.entity_id]),
  );
}

/**
 * An entity as an older release announced it, whose retained config the broker has since lost:
 * the config goes out once, not retained, so HA registers the entity and no broker remembers it.
 */
export async function plantOldReleaseGhost(mqtt: MqttConnection, objectId: string): Promise<string> {
  const config = {
    name: `Old ${objectId}`,
    unique_id: `home_patterns_${objectId}`,
    state_topic: `home_patterns/${objectId}/state`,
    availability_topic: "home_patterns/availability",
    device: { identifiers: ["home_patterns"], name: "Home Patterns" },
  };
  await mqtt.publish(`homeassistant/sensor/home_patterns/${objectId}/config`, JSON.stringify(config), {
    retain: false,
    qos: 1,
  });
  return config.unique_id;
}

/** unique_ids of the discovery configs of ours the broker holds retained now: what the add-on publishes. */
export async function publishedUniqueIds(mqtt: MqttConnection): Promise<Set<string>> {
  const filter = "homeassistant/+/home_patterns/+/config";
  const marker = `home_patterns/ghost_check_marker/${Date.now()}`;
  const ids = new Set<string>();
  let done: () => void = () => {};
  const markerSeen = new Promise<void>((resolve) => {
    done = resolve;
  });
  const off = mqtt.onMessage((m) => {
    if (m.topic === marker) done();
    else if (m.retain && m.payload.length > 0 && /^homeassistant\/[^/]+\/home_patterns\/[^/]+\/config$/.test(m.topic)) {
      const id = (JSON.parse(m.payload.toString("utf8")) as { unique_id?: unknown }).unique_id;
      if (typeof id === "string") ids.add(id);
    }
  });
  await mqtt.subscribe(filter);
  await mqtt.subscribe(marker);
  // Retained messages arrive on subscribe, before anything published after it.
  await mqtt.publish(marker, "m", { qos: 1 });
  await markerSeen;
  off();
  await mqtt.unsubscribe(filter);
  await mqtt.unsubscribe(marker);
  return ids;
}

interface DeviceEntry {
  id: string;
  identifiers: [string, string][];
  config_entries: string[];
}

/** The device registry entry whose identifiers include [mqtt, identifier], if HA has one. */
export async function deviceWithIdentifier(ha: HaCommands, identifier: string): Promise<DeviceEntry | undefined> {
  const devices = await ha.command<DeviceEntry[]>({ type: "config/device_registry/list" });
  return devices.find((d) => d.identifiers.some(([domain, id]) => domain === "mqtt" && id === identifier));
}

/**
 * An entity of an older release on a device of its own (identifier `home_patterns_<objectId>`),
 * announced once, not retained: when the add-on removes the ghost, the device is left empty.
 */
export async function plantOldReleaseDevice(mqtt: MqttConnection, objectId: string): Promise<string> {
  const identifier = `home_patterns_${objectId}`;
  const config = {
    name: "Old reading",
    unique_id: `home_patterns_${objectId}`,
    state_topic: `home_patterns/${objectId}/state`,
    device: { identifiers: [identifier], name: `Old ${objectId}` },
  };
  await mqtt.publish(`homeassistant/sensor/home_patterns/${objectId}/config`, JSON.stringify(config), {
    retain: false,
    qos: 1,
  });
  return identifier;
}

/**
 * Another MQTT app's device left without entities: announced once, then its entity removed from
 * HA's entity registry by the check itself. The add-on must leave it alone.
 */
export async function plantForeignEmptyDevice(
  mqtt: MqttConnection,
  ha: HaCommands,
  identifier: string,
): Promise<DeviceEntry | undefined> {
  const config = {
    name: "Reading",
    unique_id: `${identifier}_reading`,
    state_topic: `${identifier}/state`,
    device: { identifiers: [identifier], name: `Other app ${identifier}` },
  };
  await mqtt.publish(`homeassistant/sensor/${identifier}/reading/config`, JSON.stringify(config), {
    retain: false,
    qos: 1,
  });
  for (let i = 0; i < 50; i++) {
    const entries = await ha.command<(RegistryEntry & { device_id: string | null })[]>({
      type: "config/entity_registry/list",
    });
    const entity = entries.find((e) => e.unique_id === config.unique_id);
    if (entity) {
      await ha.command({ type: "config/entity_registry/remove", entity_id: entity.entity_id });
      return deviceWithIdentifier(ha, identifier);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return undefined;
}
