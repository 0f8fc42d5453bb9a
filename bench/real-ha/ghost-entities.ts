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
