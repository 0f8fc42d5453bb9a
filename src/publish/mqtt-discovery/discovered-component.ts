// One discovered entity as published: its config, and the retained state and attributes that go with it.
import { type DiscoveryIdentity, deviceBlock, originBlock } from "./discovery-device.js";
import {
  ADDON_SLUG,
  AVAILABILITY_TOPIC,
  attributesTopic,
  type DiscoveryComponentKind,
  stateTopic,
} from "./discovery-topics.js";

export interface DiscoveredComponent {
  component: DiscoveryComponentKind;
  /** Also the last part of unique_id and default_entity_id, so all three stay in step. */
  objectId: string;
  config: Record<string, unknown>;
  /** Retained state payload; absent for the event entity, which is fired, never retained. */
  state?: string;
  /** Retained JSON attributes, when the config names a json_attributes_topic. */
  attributes?: Record<string, unknown>;
}

/**
 * The keys every Home Patterns entity shares. `default_entity_id` asks for the entity id in
 * current HA; the deprecated `object_id` is not sent because it stops working in 2026.4. HA before
 * default_entity_id existed (before 2025.10, e.g. 2023.12) drops the key silently and derives the
 * entity id from device name + entity name, which is why the fixed entities' names and object ids
 * agree ("Anomalies 24h" → sensor.home_patterns_anomalies_24h). Area and routine sensors are named
 * for people, so there their ids follow the names instead.
 */
export function entityBase(
  identity: DiscoveryIdentity,
  component: DiscoveryComponentKind,
  objectId: string,
  name: string,
): Record<string, unknown> {
  return {
    unique_id: `${ADDON_SLUG}_${objectId}`,
    default_entity_id: `${component}.${ADDON_SLUG}_${objectId}`,
    name,
    availability_topic: AVAILABILITY_TOPIC,
    device: deviceBlock(identity),
    origin: originBlock(identity),
  };
}

/** Keys of an entity that has a retained state topic and, optionally, a JSON attributes topic. */
export function stateKeys(objectId: string, withAttributes: boolean): Record<string, string> {
  return withAttributes
    ? { state_topic: stateTopic(objectId), json_attributes_topic: attributesTopic(objectId) }
    : { state_topic: stateTopic(objectId) };
}

/**
 * HA's MQTT sensor sets the state to unknown for the payload "None" (a bare empty string would be
 * an invalid number or timestamp and log an error).
 */
export const UNKNOWN_STATE = "None";
