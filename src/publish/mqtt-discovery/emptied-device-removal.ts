// Emptied devices: devices of ours in Home Assistant's device registry that have no entity left.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { ADDON_SLUG } from "./discovery-topics.js";

/** The keys of a device registry entry this needs (config/device_registry/list entries have more). */
export interface RegistryDeviceSummary {
  id: string;
  name?: string | null;
  identifiers?: unknown[];
  config_entries?: unknown[];
}

/** Home Assistant's device registry, with what it needs of the entity registry and the config entries. */
export interface DeviceRegistryAccess {
  listDevices(): Promise<RegistryDeviceSummary[]>;
  listEntities(): Promise<{ device_id?: string | null }[]>;
  /** The MQTT integration's config entry ids (one in practice). */
  mqttConfigEntryIds(): Promise<string[]>;
  /** Takes the MQTT entry off the device, which removes a device that has no other entry. False when HA has no such device (any more). */
  removeConfigEntry(deviceId: string, configEntryId: string): Promise<boolean>;
}

export interface EmptiedDeviceRemoval {
  /** Devices removed now. */
  removed: string[];
  /** Devices whose removal failed (tried again at the next connect to Home Assistant). */
  failed: string[];
}

/**
 * The device's MQTT identifiers when every identifier it has is ours (`home_patterns` or
 * `home_patterns_…` under the mqtt domain), else undefined: a device that also carries another
 * app's identifier is not ours alone to remove.
 */
export function ownIdentifiers(device: RegistryDeviceSummary): string[] | undefined {
  const pairs = device.identifiers ?? [];
  const ids: string[] = [];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2 || pair[0] !== "mqtt" || typeof pair[1] !== "string")
      return undefined;
    if (pair[1] !== ADDON_SLUG && !pair[1].startsWith(`${ADDON_SLUG}_`)) return undefined;
    ids.push(pair[1]);
  }
  return ids.length > 0 ? ids : undefined;
}

/**
 * Devices of ours that no entity in the registry points at and none of whose identifiers we
 * publish now. HA leaves such a device behind when its last entity leaves the entity registry
 * (config/entity_registry/remove); clearing a retained config removes the device by itself.
 */
export function emptiedOwnDevices(
  devices: readonly RegistryDeviceSummary[],
  entities: readonly { device_id?: string | null }[],
  isWantedDevice: (identifier: string) => boolean,
): RegistryDeviceSummary[] {
  const used = new Set(entities.map((e) => e.device_id).filter((id) => typeof id === "string"));
  return devices.filter((d) => {
    const ids = ownIdentifiers(d);
    return ids !== undefined && !used.has(d.id) && !ids.some(isWantedDevice);
  });
}

/**
 * Lists the device registry, then the entity registry (in that order: a device created after the
 * first list is not judged), and takes the MQTT config entry off each emptied device of ours, one
 * by one; one failure does not stop the others. Removing an entry from a device that still has
 * entities would remove them with it, so only devices seen empty are touched, and `isWantedDevice`
 * is asked again right before each removal.
 */
export async function removeEmptiedDevices(
  registry: DeviceRegistryAccess,
  isWantedDevice: (identifier: string) => boolean,
  logger: Logger,
): Promise<EmptiedDeviceRemoval> {
  const devices = await registry.listDevices();
  const emptied = emptiedOwnDevices(devices, await registry.listEntities(), isWantedDevice);
  const result: EmptiedDeviceRemoval = { removed: [], failed: [] };
  if (emptied.length === 0) return result;
  const mqttEntries = new Set(await registry.mqttConfigEntryIds());
  for (const device of emptied) {
    const identifiers = ownIdentifiers(device) ?? [];
    if (identifiers.some(isWantedDevice)) continue;
    const entry = (device.config_entries ?? []).find((e): e is string => typeof e === "string" && mqttEntries.has(e));
    // Not (or no longer) the MQTT integration's: nothing of ours to take off it.
    if (entry === undefined) continue;
    try {
      if (await registry.removeConfigEntry(device.id, entry)) {
        result.removed.push(device.id);
        logger.info("removed an emptied device of ours from Home Assistant's device registry", {
          deviceId: device.id,
          name: device.name ?? null,
          identifiers,
        });
      }
    } catch (err) {
      result.failed.push(device.id);
      logger.warn("could not remove an emptied device of ours from Home Assistant's device registry", {
        deviceId: device.id,
        identifiers,
        error: errorMessage(err),
      });
    }
  }
  return result;
}
