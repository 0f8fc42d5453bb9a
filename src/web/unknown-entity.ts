// An `entity` filter that names no entity of the home (its name typed instead of its id, a typo):
// a 400 saying so (with the id of an entity whose name was typed), not an empty list that reads as
// "no habit of that entity".
import type { EventStore } from "../storage/event-store.js";
import type { RegistryStore } from "../storage/registry-store.js";
import { unknownIdRefusal } from "./unknown-id-refusal.js";

export interface KnownEntities {
  /** Whether the home knows the entity: in the entity registry, or with stored events. */
  has(entityId: string): boolean;
  /** The registry's entities with their names, to tell which id a typed name meant. */
  named(): readonly { entityId: string; name: string | null }[];
}

/** The entities GET /api/entities lists: the registry's and those with stored events. */
export function knownEntities(registry: RegistryStore, events: EventStore): KnownEntities {
  return {
    has: (id) => registry.getEntity(id) !== undefined || events.lastEventTimes().has(id),
    named: () => registry.listEntities().map((e) => ({ entityId: e.entityId, name: e.name ?? null })),
  };
}

/**
 * Throws when `entity` is not known to the home nor named by anything stored (`stored`: a pattern
 * or anomaly of an entity the home no longer has is still found by its id).
 */
export function refuseUnknownEntity(
  entity: string | undefined,
  known: KnownEntities,
  stored: (entity: string) => boolean,
): void {
  if (entity === undefined || known.has(entity) || stored(entity)) return;
  throw unknownIdRefusal(
    "entity",
    "entities",
    entity,
    known.named().map((e) => ({ id: e.entityId, name: e.name })),
  );
}
