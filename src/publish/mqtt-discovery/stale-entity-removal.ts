// Ghost entities: our MQTT entities in Home Assistant's entity registry that nothing publishes any more.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { ADDON_SLUG } from "./discovery-topics.js";

/** The keys of a registry entry this needs (config/entity_registry/list entries have more). */
export interface RegistryEntitySummary {
  entity_id: string;
  platform?: string | null;
  unique_id?: unknown;
}

/** Home Assistant's entity registry, over its websocket. */
export interface EntityRegistryAccess {
  listEntities(): Promise<RegistryEntitySummary[]>;
  /** False when HA has no such entry (any more). */
  removeEntity(entityId: string): Promise<boolean>;
}

export interface StaleEntityRemoval {
  /** Entries removed now. */
  removed: string[];
  /** Entries whose removal failed (tried again at the next connect to Home Assistant). */
  failed: string[];
}

/**
 * Entries of the MQTT platform whose unique_id is ours (`home_patterns_…`) but not one we publish
 * now. An older release's entities, and entities whose retained config the broker lost, are only
 * found this way: no retained config is left to clear.
 */
export function staleOwnEntities(
  entries: readonly RegistryEntitySummary[],
  isWanted: (uniqueId: string) => boolean,
): RegistryEntitySummary[] {
  return entries.filter(
    (e) =>
      e.platform === "mqtt" &&
      typeof e.unique_id === "string" &&
      e.unique_id.startsWith(`${ADDON_SLUG}_`) &&
      !isWanted(e.unique_id),
  );
}

/**
 * Lists the registry and removes our stale entries one by one; one failure does not stop the
 * others. `isWanted` is asked again right before each removal: what is published may change meanwhile.
 */
export async function removeStaleEntities(
  registry: EntityRegistryAccess,
  isWanted: (uniqueId: string) => boolean,
  logger: Logger,
): Promise<StaleEntityRemoval> {
  const stale = staleOwnEntities(await registry.listEntities(), isWanted);
  const result: StaleEntityRemoval = { removed: [], failed: [] };
  for (const entry of stale) {
    if (isWanted(String(entry.unique_id))) continue;
    try {
      if (await registry.removeEntity(entry.entity_id)) {
        result.removed.push(entry.entity_id);
        logger.info("removed a stale entity from Home Assistant's entity registry", {
          entityId: entry.entity_id,
          uniqueId: entry.unique_id,
        });
      }
    } catch (err) {
      result.failed.push(entry.entity_id);
      logger.warn("could not remove a stale entity from Home Assistant's entity registry", {
        entityId: entry.entity_id,
        error: errorMessage(err),
      });
    }
  }
  return result;
}
