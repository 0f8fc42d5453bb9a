// The fake's config entries: the MQTT integration's one, shaped as HA 2023.12's config_entries/get lists it.
import { FakeHaError } from "./fake-ha-services.js";

/** The fake MQTT entry's id (a fixed one: generating it would shift every id the fake makes after it). */
export const FAKE_MQTT_ENTRY_ID = "5f1e0c8a2b7d4e6f9a3c1b0d8e7f6a5b";

export type ConfigEntry = Record<string, unknown> & { entry_id: string; domain: string };

export class FakeHaConfigEntries {
  /** As recorded (ws-extra-device-registry-remove.jsonl): the key order of HA's entry summary. */
  readonly entries: ConfigEntry[] = [
    {
      entry_id: FAKE_MQTT_ENTRY_ID,
      domain: "mqtt",
      title: "127.0.0.1",
      source: "user",
      state: "loaded",
      supports_options: true,
      supports_remove_device: true,
      supports_unload: true,
      pref_disable_new_entities: false,
      pref_disable_polling: false,
      disabled_by: null,
      reason: null,
    },
  ];

  /** config_entries/get: every entry, or one integration's. */
  list(domain?: unknown): ConfigEntry[] {
    return domain === undefined ? this.entries : this.entries.filter((e) => e.domain === domain);
  }

  /** The entry, or HA's home_assistant_error "Unknown config entry". */
  get(entryId: string): ConfigEntry {
    const entry = this.entries.find((e) => e.entry_id === entryId);
    if (!entry) throw new FakeHaError("home_assistant_error", "Unknown config entry");
    return entry;
  }
}
