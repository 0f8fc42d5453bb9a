// What a message on a topic the discovery watches asks of it: say online again, re-send everything, clear a config, or nothing.
import type { MqttMessage } from "../../mqtt/mqtt-connection.js";
import { AVAILABILITY_TOPIC, haStatusTopic, parseOwnConfigTopic } from "./discovery-topics.js";

/**
 * other-instance-will: another instance's Last Will said our entities are offline; ha-birth:
 * Home Assistant came online; retained-own-config: a config of ours the broker keeps.
 */
export type DiscoveryMessage = "ignore" | "other-instance-will" | "ha-birth" | "retained-own-config";

/** `prefix`: the normalized discovery prefix. */
export function discoveryMessage(
  message: Pick<MqttMessage, "topic" | "payload" | "retain">,
  prefix: string,
): DiscoveryMessage {
  if (message.topic === AVAILABILITY_TOPIC) {
    // Live "offline" while we publish: another instance's Last Will (it stood by and crashed).
    // A retained one is our own old news; the refresh after connect says "online" anyway.
    if (message.retain || message.payload.toString("utf8") !== "offline") return "ignore";
    return "other-instance-will";
  }
  if (message.topic === haStatusTopic(prefix)) {
    // A retained "online" is old news replayed on every subscribe; the connect already published all.
    if (message.retain || message.payload.toString("utf8").trim() !== "online") return "ignore";
    return "ha-birth";
  }
  // Our own live publishes come back without the retain flag; empty ones are removals.
  if (!message.retain || message.payload.length === 0) return "ignore";
  if (!parseOwnConfigTopic(prefix, message.topic)) return "ignore";
  return "retained-own-config";
}
