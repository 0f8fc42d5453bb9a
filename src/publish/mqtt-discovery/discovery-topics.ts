// Topic naming for Home Patterns' MQTT discovery: config topics under the prefix, states under our base.
import { createHash } from "node:crypto";
import type { MqttPublishOptions, MqttWill } from "../../mqtt/mqtt-connection.js";

/** The add-on slug: node_id of every discovery topic, base of our state topics, root of every unique_id. */
export const ADDON_SLUG = "home_patterns";
export const AVAILABILITY_TOPIC = `${ADDON_SLUG}/availability`;
export const DEFAULT_DISCOVERY_PREFIX = "homeassistant";
/** Configs, states and the availability are retained: Home Assistant reads them at its every subscribe. */
export const RETAINED: MqttPublishOptions = { retain: true, qos: 1 };

export type DiscoveryComponentKind = "sensor" | "binary_sensor" | "event";
const COMPONENT_KINDS: readonly string[] = ["sensor", "binary_sensor", "event"];

/** `<prefix>/<component>/home_patterns/<object_id>/config`: per-component discovery, accepted by every HA since 2023. */
export function configTopic(prefix: string, component: DiscoveryComponentKind, objectId: string): string {
  return `${prefix}/${component}/${ADDON_SLUG}/${objectId}/config`;
}

export function stateTopic(objectId: string): string {
  return `${ADDON_SLUG}/${objectId}/state`;
}

export function attributesTopic(objectId: string): string {
  return `${ADDON_SLUG}/${objectId}/attributes`;
}

/** Where Home Assistant announces itself ("online" after its MQTT integration starts). */
export function haStatusTopic(prefix: string): string {
  return `${prefix}/status`;
}

/** Matches every config of ours, including retained ones left by an earlier run. */
export function ownConfigFilter(prefix: string): string {
  return `${prefix}/+/${ADDON_SLUG}/+/config`;
}

/** The component and object id of one of our config topics, or undefined for anything else. */
export function parseOwnConfigTopic(
  prefix: string,
  topic: string,
): { component: DiscoveryComponentKind; objectId: string } | undefined {
  if (!topic.startsWith(`${prefix}/`)) return undefined;
  const parts = topic.slice(prefix.length + 1).split("/");
  if (parts.length !== 4 || parts[1] !== ADDON_SLUG || parts[3] !== "config") return undefined;
  if (!COMPONENT_KINDS.includes(parts[0]) || !/^[a-zA-Z0-9_-]+$/.test(parts[2])) return undefined;
  return { component: parts[0] as DiscoveryComponentKind, objectId: parts[2] };
}

/**
 * The component and object id of a config topic of ours under any prefix (one remembered from
 * before the mqtt_discovery_prefix option changed), or undefined for anything else.
 */
export function parseConfigTopicAnyPrefix(
  topic: string,
): { component: DiscoveryComponentKind; objectId: string } | undefined {
  const parts = topic.split("/");
  if (parts.length < 5) return undefined;
  return parseOwnConfigTopic(parts.slice(0, -4).join("/"), topic);
}

/** A discovery prefix as the user typed it, without surrounding slashes; rejects what cannot be a topic prefix. */
export function normalizeDiscoveryPrefix(raw: string): string {
  const prefix = raw.trim().replace(/^\/+|\/+$/g, "");
  if (prefix === "") throw new Error('mqtt_discovery_prefix is empty: Home Assistant\'s default is "homeassistant"');
  if (/[+#\0]/.test(prefix)) throw new Error(`mqtt_discovery_prefix "${raw}" contains an MQTT wildcard (+ or #)`);
  return prefix;
}

/**
 * A key usable inside an object id (`[a-zA-Z0-9_-]` only). HA area ids are already slugs and pass
 * unchanged; anything else is slugged with a short hash so two different keys never share an id.
 */
export function objectIdPart(key: string): string {
  if (/^[a-z0-9_]+$/.test(key)) return key;
  const slug = key
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return `${slug === "" ? "x" : slug}_${shortHash(key, 6)}`;
}

/** A stable, display-name-free id for a pattern key (keys hold entity ids and punctuation). */
export function shortHash(text: string, length = 12): string {
  return createHash("sha1").update(text).digest("hex").slice(0, length);
}

/**
 * The Last Will the app must set when it creates the shared MQTT connection: the broker marks
 * every Home Patterns entity unavailable when the add-on dies without saying goodbye.
 */
export function discoveryAvailabilityWill(): MqttWill {
  return { topic: AVAILABILITY_TOPIC, payload: "offline", retain: true, qos: 1 };
}
