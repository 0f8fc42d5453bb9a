// MQTT discovery: Home Patterns as a device with sensors, a problem flag and an anomaly event entity in Home Assistant.

export {
  ADDON_SLUG,
  AVAILABILITY_TOPIC,
  DEFAULT_DISCOVERY_PREFIX,
  discoveryAvailabilityWill,
} from "./discovery-topics.js";
export {
  createMqttDiscoveryPublisher,
  type MqttDiscoveryPublisher,
  type MqttDiscoveryPublisherDeps,
  type MqttDiscoveryStatus,
} from "./mqtt-discovery-publisher.js";
