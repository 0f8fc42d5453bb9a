// Home Assistant's registries cleaned of what nothing of ours publishes: stale entities, then the devices they leave empty.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { DiscoveredComponent } from "./discovered-component.js";
import { type DeviceRegistryAccess, removeEmptiedDevices } from "./emptied-device-removal.js";
import type { PublishingGate } from "./publishing-gate.js";
import { type EntityRegistryAccess, removeStaleEntities } from "./stale-entity-removal.js";
import { wantedDeviceIdentifiers, wantedKey, wantedUniqueIds } from "./wanted-registry-entries.js";

export interface RegistryCleanupDeps {
  /** Absent: the registries are left alone. */
  entityRegistry?: EntityRegistryAccess;
  /** Absent: the device registry is left alone. */
  deviceRegistry?: DeviceRegistryAccess;
  gate: PublishingGate;
  logger: Logger;
  isRunning: () => boolean;
  /** Config topic → what it announces, as published now. */
  produced: () => ReadonlyMap<string, DiscoveredComponent>;
  /** We know what we publish (a refresh since start or since taking over). */
  haveProduced: () => boolean;
}

export interface RegistryRemovals {
  /** Stale entities removed from Home Assistant's entity registry since start. */
  staleEntitiesRemoved: number;
  /** Devices of ours without entities removed from Home Assistant's device registry since start. */
  emptiedDevicesRemoved: number;
  /** Registry removals (entities and devices) that failed since start; each is tried again at the next connect. */
  registryRemovalsFailed: number;
}

export interface RegistryCleanup {
  /** The next refresh checks, whether what we publish changed or not. */
  markDue(): void;
  /** After a refresh: checks when due, or when what we publish changed since the last check. */
  checkIfDue(): void;
  /** Starts a check unless one runs (then it runs again after). Only once we know what we publish. */
  check(): void;
  /** The check running now, if any. */
  inFlight(): Promise<void> | undefined;
  removals(): RegistryRemovals;
}

export function createRegistryCleanup(deps: RegistryCleanupDeps): RegistryCleanup {
  const { gate, logger } = deps;
  const wanted = () => [...deps.produced().values()];
  /** The registry is checked after the first refresh, after each HA connect, and when what we publish changes. */
  let registryCheckDue = true;
  let registryCheckedFor = "";
  const removals: RegistryRemovals = { staleEntitiesRemoved: 0, emptiedDevicesRemoved: 0, registryRemovalsFailed: 0 };
  /**
   * The registry check runs beside the publishing queue, not in it: a Home Assistant that stops
   * answering must not hold up MQTT. One at a time; a request meanwhile runs once more after it.
   */
  let registryRun: Promise<void> | undefined;
  let registryAgain = false;

  /** Stale entities first: a device they leave empty is removed in the same check. */
  async function cleanRegistries(entities: EntityRegistryAccess): Promise<void> {
    const stale = await removeStaleEntities(
      entities,
      (uniqueId) => !gate.isOpen() || wantedUniqueIds(wanted()).has(uniqueId),
      logger,
    );
    removals.staleEntitiesRemoved += stale.removed.length;
    removals.registryRemovalsFailed += stale.failed.length;
    if (!deps.deviceRegistry) return;
    const devices = await removeEmptiedDevices(
      deps.deviceRegistry,
      (identifier) => !gate.isOpen() || wantedDeviceIdentifiers(wanted()).has(identifier),
      logger,
    );
    removals.emptiedDevicesRemoved += devices.removed.length;
    removals.registryRemovalsFailed += devices.failed.length;
  }

  function check(): void {
    const registry = deps.entityRegistry;
    if (!registry || !deps.isRunning() || !deps.haveProduced() || !gate.isOpen()) return;
    if (registryRun) {
      registryAgain = true;
      return;
    }
    registryCheckDue = false;
    registryCheckedFor = wantedKey(wanted());
    // Judged against what is published at the moment of each removal, not when the list was read;
    // once another instance publishes, every entity and device is its to keep.
    registryRun = cleanRegistries(registry)
      .catch((err) => {
        // Not connected to Home Assistant now: its next connect asks again (checkEntityRegistry).
        logger.warn("cannot look for stale entities or emptied devices in Home Assistant's registries", {
          error: errorMessage(err),
        });
      })
      .finally(() => {
        registryRun = undefined;
        if (registryAgain) {
          registryAgain = false;
          check();
        }
      });
  }

  return {
    markDue() {
      registryCheckDue = true;
    },
    checkIfDue() {
      if (registryCheckDue || wantedKey(wanted()) !== registryCheckedFor) check();
    },
    check,
    inFlight: () => registryRun,
    removals: () => ({ ...removals }),
  };
}
