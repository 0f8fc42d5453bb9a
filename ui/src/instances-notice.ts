// The overview's line when another Home Patterns instance publishes to Home Assistant and this one stands by.
import type { InstancesHealth } from "../../src/web/api-types.js";
import { formatDateTime } from "./format.js";

/** Undefined unless this instance stands by; else who publishes and what happens next, in words. */
export function standbyNotice(instances: InstancesHealth | undefined): string | undefined {
  if (instances?.self.role !== "standby") return undefined;
  const publisher = instances.others.find((o) => o.role === "publishing");
  const who = publisher
    ? `Home Patterns ${publisher.version} on ${publisher.host} (instance ${publisher.id}, started ${formatDateTime(publisher.startedAt)})`
    : "Another Home Patterns instance";
  const copy = publisher?.id === instances.self.id ? ", a copy of this one's data," : "";
  return `${who}${copy} publishes to Home Assistant on the same MQTT broker. This instance stands by: it learns but publishes, clears and removes nothing, and takes over when the other goes offline.`;
}
