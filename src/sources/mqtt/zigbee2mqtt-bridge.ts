// Reads zigbee2mqtt's retained `<base>/bridge/devices` inventory: which devices exist and what they expose.
import { InputError } from "../../core/errors.js";
import type { RegistryStore } from "../../storage/registry-store.js";
import { type DeviceMappings, mappingsFromExposes } from "./property-mapping.js";

/** friendly name → how its payload properties map to entities. The coordinator is left out. */
export type DeviceCatalog = Map<string, DeviceMappings>;

export interface BridgeInventory {
  catalog: DeviceCatalog;
  /** friendly name → IEEE address ("0x00158d0001a2b3c4"): what Home Assistant's registry knows it by. */
  ieee: Map<string, string>;
}

export function parseBridgeDevices(payload: unknown): BridgeInventory {
  if (!Array.isArray(payload)) throw new InputError("bridge/devices payload is not a list of devices");
  const catalog: DeviceCatalog = new Map();
  const ieee = new Map<string, string>();
  for (const device of payload) {
    if (!device || typeof device !== "object") continue;
    const d = device as {
      friendly_name?: unknown;
      ieee_address?: unknown;
      type?: unknown;
      definition?: { exposes?: unknown } | null;
    };
    if (typeof d.friendly_name !== "string" || d.type === "Coordinator") continue;
    catalog.set(d.friendly_name, mappingsFromExposes(d.definition?.exposes));
    if (typeof d.ieee_address === "string") ieee.set(d.friendly_name, d.ieee_address.toLowerCase());
  }
  return { catalog, ieee };
}

/**
 * The IEEE addresses of the zigbee2mqtt devices Home Assistant knows through zigbee2mqtt's MQTT
 * discovery: a device registry identifier ["mqtt", "zigbee2mqtt_<ieee>"], or an MQTT entity whose
 * unique_id is "<ieee>_<property>_zigbee2mqtt".
 */
export function ieeeKnownToHomeAssistant(registry: RegistryStore): Set<string> {
  const known = new Set<string>();
  for (const device of registry.listDevices()) {
    for (const [domain, id] of device.identifiers ?? []) {
      const m = domain === "mqtt" ? /^zigbee2mqtt_(0x[0-9a-f]{16})$/i.exec(id) : null;
      if (m) known.add(m[1].toLowerCase());
    }
  }
  for (const entity of registry.listEntities()) {
    const m = entity.platform === "mqtt" ? /^(0x[0-9a-f]{16})_.*_zigbee2mqtt$/i.exec(entity.uniqueId ?? "") : null;
    if (m) known.add(m[1].toLowerCase());
  }
  return known;
}
