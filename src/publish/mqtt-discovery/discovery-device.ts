// The device and origin blocks every Home Patterns discovery payload carries.
import { ADDON_SLUG } from "./discovery-topics.js";

export const SUPPORT_URL = "https://github.com/home-patterns/home-patterns";

export interface DiscoveryIdentity {
  /** package.json version of the running add-on. */
  version: string;
  /** Where the device page's "Visit" link goes (e.g. the ingress panel); omitted when unknown. */
  configurationUrl?: string;
}

export interface DeviceBlock {
  identifiers: string[];
  name: string;
  manufacturer: string;
  model: string;
  sw_version: string;
  configuration_url?: string;
}

export interface OriginBlock {
  name: string;
  sw_version: string;
  support_url: string;
}

/**
 * The full block on every entity, not only the first: HA logs "device information always needs
 * to include a name" for configs that carry only the identifiers (seen in the 2023.12 recording).
 */
export function deviceBlock(identity: DiscoveryIdentity): DeviceBlock {
  const block: DeviceBlock = {
    identifiers: [ADDON_SLUG],
    name: "Home Patterns",
    manufacturer: "Home Patterns",
    model: "Habit learner (Home Assistant add-on)",
    sw_version: identity.version,
  };
  if (identity.configurationUrl) block.configuration_url = identity.configurationUrl;
  return block;
}

/** Tells HA which application sent the config; it names it in its discovery log lines. */
export function originBlock(identity: DiscoveryIdentity): OriginBlock {
  return { name: "Home Patterns", sw_version: identity.version, support_url: SUPPORT_URL };
}
