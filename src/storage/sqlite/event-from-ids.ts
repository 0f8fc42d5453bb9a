// One L1 row's ids turned into an event through the dictionaries, or nothing when an id is in none of them.
import type { HomeEvent } from "../../core/home-event.js";

/** How ids of one column become their strings (the store's dictionaries); undefined for an unknown id. */
export interface EventDictionaries {
  entity(id: number): string | undefined;
  state(id: number): string | undefined;
  source(id: number): string | undefined;
  user(id: number): string | undefined;
  parent(id: number): string | undefined;
  /** Told of each row left out because one of its ids is unknown (counted for health and metrics). */
  unknown(): void;
}

/**
 * A row that refers to an id its dictionary does not have (written after the pass at open removed
 * such rows, e.g. by hand) is left out and counted, rather than failing the whole read or handing
 * readers an event whose entity is undefined.
 */
export function eventFromIds(
  dict: EventDictionaries,
  ts: number,
  entityId: number,
  stateId: number,
  sourceId: number,
  prevId: number | null,
  userId: number | null,
  parentId: number | null,
): HomeEvent | undefined {
  const entity = dict.entity(entityId);
  const state = dict.state(stateId);
  const source = dict.source(sourceId);
  const previous = prevId === null ? null : dict.state(prevId);
  const user = userId === null ? null : dict.user(userId);
  const parent = parentId === null ? null : dict.parent(parentId);
  if (
    entity === undefined ||
    state === undefined ||
    source === undefined ||
    previous === undefined ||
    user === undefined ||
    parent === undefined
  ) {
    dict.unknown();
    return undefined;
  }
  const e: HomeEvent = { ts, entity, state, source };
  if (previous !== null) e.previous = previous;
  if (user !== null) e.user = user;
  if (parent !== null) e.parent = parent;
  return e;
}
