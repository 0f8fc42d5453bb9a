// What of ours Home Assistant's registries must keep: the unique ids and device identifiers we publish now.
import type { DiscoveredComponent } from "./discovered-component.js";

export function wantedUniqueIds(components: Iterable<DiscoveredComponent>): Set<string> {
  const ids = new Set<string>();
  for (const component of components) {
    if (typeof component.config.unique_id === "string") ids.add(component.config.unique_id);
  }
  return ids;
}

/** The device identifiers of what we publish now: a device with one of them is never removed. */
export function wantedDeviceIdentifiers(components: Iterable<DiscoveredComponent>): Set<string> {
  const ids = new Set<string>();
  for (const component of components) {
    const device = component.config.device as { identifiers?: unknown } | undefined;
    if (!Array.isArray(device?.identifiers)) continue;
    for (const id of device.identifiers) if (typeof id === "string") ids.add(id);
  }
  return ids;
}

/** Both in one text, whatever their order: the registries are checked again when it changes. */
export function wantedKey(components: readonly DiscoveredComponent[]): string {
  return [...wantedUniqueIds(components), ...[...wantedDeviceIdentifiers(components)].map((id) => `device:${id}`)]
    .sort()
    .join("\n");
}
