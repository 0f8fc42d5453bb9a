// Reads zigbee2mqtt's retained `<base>/bridge/devices` inventory: which devices exist and what they expose.
import { InputError } from "../../core/errors.js";
import { type DeviceMappings, mappingsFromExposes } from "./property-mapping.js";

/** friendly name → how its payload properties map to entities. The coordinator is left out. */
export type DeviceCatalog = Map<string, DeviceMappings>;

export function parseBridgeDevices(payload: unknown): DeviceCatalog {
  if (!Array.isArray(payload)) throw new InputError("bridge/devices payload is not a list of devices");
  const catalog: DeviceCatalog = new Map();
  for (const device of payload) {
    if (!device || typeof device !== "object") continue;
    const d = device as { friendly_name?: unknown; type?: unknown; definition?: { exposes?: unknown } | null };
    if (typeof d.friendly_name !== "string" || d.type === "Coordinator") continue;
    catalog.set(d.friendly_name, mappingsFromExposes(d.definition?.exposes));
  }
  return catalog;
}
