// Home Patterns' own entities (its MQTT discovery), known from Home Assistant's registries, never by name.
import { ADDON_SLUG } from "../../publish/mqtt-discovery/discovery-topics.js";
import type { RegistryStore } from "../../storage/registry-store.js";

/**
 * Entities of the MQTT platform that HA registered from our discovery: their unique_id starts
 * with our slug, or their device carries our identifier. A user may rename any of them; the
 * registry keeps both ids.
 */
export function ownEntityIds(registry: RegistryStore): Set<string> {
  const ownDevices = new Set(
    registry
      .listDevices()
      .filter((d) => d.identifiers?.some(([domain, id]) => domain === "mqtt" && id === ADDON_SLUG))
      .map((d) => d.deviceId),
  );
  const own = new Set<string>();
  for (const e of registry.listEntities()) {
    if (e.platform !== "mqtt") continue;
    if (e.uniqueId?.startsWith(`${ADDON_SLUG}_`) || (e.deviceId && ownDevices.has(e.deviceId))) own.add(e.entityId);
  }
  return own;
}
