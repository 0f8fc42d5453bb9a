// The discovery config topics Home Patterns has published, kept across restarts in the cursors table.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { CursorStore } from "../../storage/event-store.js";

/** The cursors-table key: a JSON list of full config topics (prefix included). */
export const CONFIG_TOPICS_KEY = "mqtt-discovery:config-topics";

export interface RememberedConfigTopics {
  /** Every config topic published and not yet cleared, as stored; empty when nothing (readable) is stored. */
  load(): Set<string>;
  /** Replaces the stored list; writes only when it changed. */
  save(topics: ReadonlySet<string>): void;
}

export function createRememberedConfigTopics(store: CursorStore, logger: Logger): RememberedConfigTopics {
  let lastSaved: string | undefined;
  return {
    load() {
      const raw = store.get(CONFIG_TOPICS_KEY);
      lastSaved = raw;
      if (raw === undefined) return new Set();
      try {
        const parsed: unknown = JSON.parse(raw);
        if (Array.isArray(parsed) && parsed.every((t) => typeof t === "string")) return new Set(parsed);
        throw new Error("not a list of topics");
      } catch (err) {
        // Kept as it is until the next save: Home Assistant's entity registry is the second way to find them.
        logger.warn("the remembered MQTT discovery topics cannot be read; starting from none", {
          key: CONFIG_TOPICS_KEY,
          error: errorMessage(err),
        });
        return new Set();
      }
    },
    save(topics) {
      const text = JSON.stringify([...topics].sort());
      if (text === lastSaved) return;
      store.set(CONFIG_TOPICS_KEY, text);
      lastSaved = text;
    },
  };
}
