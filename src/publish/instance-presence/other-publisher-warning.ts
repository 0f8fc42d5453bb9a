// The warning that another instance publishes to Home Assistant on this broker: said once per instance.
import type { Logger } from "../../core/logger.js";
import { describePeer } from "./peer-presences.js";
import type { InstanceIdentity, InstancePresence } from "./presence-message.js";

/** Returns the function that warns about the publisher at a presence topic, the first time only. */
export function createOtherPublisherWarning(
  logger: Logger,
  self: InstanceIdentity,
): (topic: string, other: InstancePresence) => void {
  const warnedAbout = new Set<string>();
  return (topic, other) => {
    if (warnedAbout.has(topic)) return;
    warnedAbout.add(topic);
    logger.warn(
      "another Home Patterns instance publishes to Home Assistant on this MQTT broker: this one does not publish, clear or remove entities, and takes over when the other goes offline",
      {
        ...describePeer(other),
        thisInstance: self.id,
        ...(other.id === self.id
          ? { note: "the same instance id as this one: a copy of this data dir, e.g. restored from a backup" }
          : {}),
      },
    );
  };
}
